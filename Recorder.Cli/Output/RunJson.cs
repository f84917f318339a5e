using System.Text.Json;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Cli.Output;

/// <summary>The JSON shape of a run in `runs --json` and `show --json`.</summary>
internal static class RunJson
{
    public static void WriteList(Utf8JsonWriter json, IEnumerable<RunSummary> runs)
    {
        json.WriteStartArray();
        foreach (var run in runs)
        {
            Write(json, run, close: true);
        }

        json.WriteEndArray();
    }

    /// <summary>Writes the run's properties; leaves the object open when <paramref name="close"/> is false.</summary>
    public static void Write(Utf8JsonWriter json, RunSummary run, bool close)
    {
        json.WriteStartObject();
        json.WriteString("run_id", run.RunId);
        json.WriteString("strategy_id", run.StrategyId);
        json.WriteString("strategy", run.StrategyName);
        json.WriteString("strategy_version", run.StrategyVersion);
        json.WriteString("instance_id", run.InstanceId);
        json.WriteString("instance_name", run.InstanceName);
        json.WritePropertyName("parameters");
        if (run.ParametersJson is { } parameters)
        {
            try
            {
                using var document = JsonDocument.Parse(parameters);
                document.RootElement.WriteTo(json);
            }
            catch (JsonException)
            {
                json.WriteStringValue(parameters);
            }
        }
        else
        {
            json.WriteNullValue();
        }

        json.WriteString("symbol", run.Symbol);
        json.WriteString("timeframe", run.Timeframe);
        json.WriteString("account_id", run.AccountId);
        json.WriteString("run_type", run.RunType);
        json.WriteString("status", run.Status);
        json.WriteString("start_utc", run.StartUtc);
        json.WriteString("end_utc", run.EndUtc);
        JsonOut.Number(json, "initial_balance", run.InitialBalance);
        json.WriteString("base_currency", run.BaseCurrency);
        json.WriteString("error_message", run.ErrorMessage);
        json.WriteNumber("orders", run.OrderCount);
        json.WriteNumber("executions", run.ExecutionCount);
        json.WriteNumber("bars", run.BarCount);
        JsonOut.Number(json, "trades", run.TradeCount);
        JsonOut.Number(json, "net_pnl", run.NetPnl);
        if (close)
        {
            json.WriteEndObject();
        }
    }
}

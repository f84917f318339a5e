using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Tests.Cli;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// What a quant reads in the file is at its precision (docs/metrics.md, "Stored precision"): money in its currency's
/// minor units, percentages to 6 decimals, prices and quantities to 10, ticks to 6 — no binary noise such as
/// 1094.77000000001 in any money or percentage column of any view, in the metrics or in the JSON columns.
/// </summary>
[TestFixture]
public sealed class StoredPrecisionTests
{
    // Every REAL column a view of the demo's file shows, by what it holds. A column missing here fails the test, so a new
    // view or column is classified when it is added.
    private static readonly Dictionary<string, Kind> Columns = new(StringComparer.Ordinal)
    {
        // Money (the demo's instruments are quoted in USD: 2 decimals).
        ["fees"] = Kind.Money, ["gross_pnl"] = Kind.Money, ["net_pnl"] = Kind.Money, ["mae"] = Kind.Money, ["mfe"] = Kind.Money,
        ["unrealized_pnl"] = Kind.Money, ["slippage_money"] = Kind.Money, ["delay"] = Kind.Money, ["execution"] = Kind.Money,
        ["opportunity"] = Kind.Money, ["total"] = Kind.Money, ["etd"] = Kind.Money, ["equity"] = Kind.Money, ["drawdown"] = Kind.Money,
        ["avg_net_pnl"] = Kind.Money, ["best_net_pnl"] = Kind.Money, ["worst_net_pnl"] = Kind.Money, ["total_net_pnl"] = Kind.Money,
        ["total_fees"] = Kind.Money, ["initial_balance"] = Kind.Money,
        // Percentages.
        ["pnl_percent"] = Kind.Percent, ["drawdown_pct"] = Kind.Percent, ["max_drawdown_pct"] = Kind.Percent,
        ["total_return_pct"] = Kind.Percent, ["win_rate"] = Kind.Percent, ["worst_max_drawdown_pct"] = Kind.Percent,
        // Prices and quantities.
        ["entry_price"] = Kind.Price, ["exit_price"] = Kind.Price, ["quantity"] = Kind.Price, ["avg_fill_price"] = Kind.Price,
        ["reference_price"] = Kind.Price, ["slippage_price"] = Kind.Price, ["price"] = Kind.Price, ["stop_price"] = Kind.Price,
        ["filled_quantity"] = Kind.Price, ["overfilled_quantity"] = Kind.Price, ["open"] = Kind.Price, ["high"] = Kind.Price,
        ["low"] = Kind.Price, ["close"] = Kind.Price, ["volume"] = Kind.Price, ["initial_stop"] = Kind.Price, ["final_stop"] = Kind.Price,
        ["target_price"] = Kind.Price, ["point_value"] = Kind.Price,
        // Ticks.
        ["slippage_ticks"] = Kind.Ticks,
        // Ratios, statistics and durations: kept at full precision (rounding them would move what is computed from them).
        ["sharpe"] = Kind.Full, ["profit_factor"] = Kind.Full, ["avg_sharpe"] = Kind.Full, ["r_multiple"] = Kind.Full,
        ["fill_ratio"] = Kind.Full, ["latency_first_fill_ms"] = Kind.Full, ["latency_full_fill_ms"] = Kind.Full,
        ["time_to_fill_ms"] = Kind.Full, ["holding_seconds"] = Kind.Full, ["duration_s"] = Kind.Full,
        ["avg_placed_reward_risk"] = Kind.Full, ["avg_got_reward_risk"] = Kind.Full, ["avg_stop_moves"] = Kind.Full,
        ["avg_time_to_outcome_s"] = Kind.Full,
    };

    private enum Kind
    {
        Money, Percent, Price, Ticks, Full, Metric,
    }

    /// <summary>
    /// A figure is rounded as SQLite's ROUND rounds the same number, so a view that rounds in SQL (a marked equity point,
    /// base + factor × close; a drawdown; a sum of trades) shows what the analysis stored and computed with. Over the
    /// halves of each precision the file rounds to, as the nearest doubles and the doubles beside them (where rounding the
    /// product value × 10^d, as Math.Round does, rounds 86214.965 — stored as 86214.96499999999… — up), over values with
    /// many digits, and over values too large for the decimals (kept, or rounded from their exact digits).
    /// </summary>
    [Test]
    public void A_figure_is_rounded_as_SQLite_rounds_the_same_number()
    {
        var random = new Random(20_261_201);
        var cases = new List<(double Value, int Decimals)>
        {
            (86214.965, 2), (86339.47499999999, 2), (1.005, 2), (1.015, 2), (0.125, 2), (-0.125, 2), (2.5, 0), (-2.5, 0),
            (0.49999999999999994, 0), (-0.49999999999999994, 0), (4503599627370495.5, 0), (4503599627370497.0, 2),
            (123456.78901234567, 10), (987654321.123456789, 10), (-987654321.5, 8), (1e300, 2), (5e-324, 8), (0.0, 2), (-0.0, 2),
        };
        foreach (var d in new[] { 0, 2, 3, 6, 8, 10 })
        {
            var scale = Math.Pow(10, d);
            // Integer parts up to where value × 10^d stays below 2^52, and a few beyond it.
            var largest = Math.Min(1e9, 4e15 / scale);
            for (var i = 0; i < 4_000; i++)
            {
                var half = (Math.Floor(random.NextDouble() * largest * scale) + 0.5) / scale * (random.Next(2) == 0 ? 1 : -1);
                for (var (below, above, step) = (half, half, 0); step < 3; step++, below = Math.BitDecrement(below), above = Math.BitIncrement(above))
                {
                    cases.Add((below, d));
                    cases.Add((above, d));
                }

                cases.Add((random.NextDouble() * largest * (random.Next(2) == 0 ? 1 : -1), d));
                cases.Add((random.NextDouble() * largest * 1_000, d));
            }
        }

        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT ROUND($value, $decimals)";
        var (value, decimals) = (command.Parameters.Add("$value", SqliteType.Real), command.Parameters.Add("$decimals", SqliteType.Integer));
        var problems = new List<string>();
        foreach (var (x, d) in cases)
        {
            (value.Value, decimals.Value) = (x, d);
            var sqlite = (double)command.ExecuteScalar()!;
            var stored = StoredPrecision.Round(x, d);
            // −0 and 0 are one figure (the file stores 0).
            if (stored != sqlite)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"ROUND({x:R}, {d}): SQLite {sqlite:R}, stored {stored:R}"));
            }
        }

        Assert.That(cases, Has.Count.GreaterThan(100_000));
        Assert.That(BitConverter.DoubleToInt64Bits(StoredPrecision.Round(-0.001, 2)), Is.Zero, "−0 is stored as 0");
        Assert.That(BitConverter.DoubleToInt64Bits(StoredPrecision.Round(-0.0, 2)), Is.Zero, "−0 is stored as 0");
        Assert.That(problems, Is.Empty, string.Join(Environment.NewLine, problems.Take(20)));
    }

    [TestCase("USD", 2)]
    [TestCase("eur", 2)]
    [TestCase("JPY", 0)]
    [TestCase("KWD", 3)]
    [TestCase("BTC", 8)]
    [TestCase("USDT", 8)]
    public void A_currency_has_its_minor_units_and_a_coin_or_unknown_code_eight(string currency, int decimals) =>
        Assert.That(StoredPrecision.CurrencyDecimals(currency), Is.EqualTo(decimals));

    [Test]
    public void A_run_in_one_currency_takes_its_decimals_and_one_in_several_or_none_eight()
    {
        Assert.That(StoredPrecision.Of(["USD", "usd"]).MoneyDecimals, Is.EqualTo(2), "the same currency, spelt twice");
        Assert.That(StoredPrecision.Of(["USD", "EUR"]).MoneyDecimals, Is.EqualTo(8));
        Assert.That(StoredPrecision.Of([null]).MoneyDecimals, Is.EqualTo(8));
        Assert.That(StoredPrecision.Of([]).MoneyDecimals, Is.EqualTo(8));
    }

    [Test]
    public void Binary_noise_is_rounded_away_and_half_a_cent_goes_away_from_zero()
    {
        var usd = StoredPrecision.Of(["USD"]);
        Assert.That(usd.Money(1094.77000000001), Is.EqualTo(1094.77));
        Assert.That(usd.Money(-185.499999999997), Is.EqualTo(-185.5));
        Assert.That(usd.Money(0.125), Is.EqualTo(0.13), "0.125 is exact in binary: half a cent, away from zero");
        Assert.That(usd.Money(-0.004).ToString(CultureInfo.InvariantCulture), Is.EqualTo("0"), "no −0 stored");
        Assert.That(StoredPrecision.Percent(-2.395978000000026), Is.EqualTo(-2.395978));
        Assert.That(StoredPrecision.Price(-8.368000000000002), Is.EqualTo(-8.368));
        Assert.That(StoredPrecision.Price(double.NaN), Is.NaN, "not finite: left as it is, for the binding to refuse");
    }

    [Test]
    public void An_insight_row_is_rounded_by_each_columns_kind_and_text_whole_numbers_and_nulls_are_left_as_given()
    {
        var usd = StoredPrecision.Of(["USD"]);
        string[] columns = ["run_id", "order_id", "fees", "avg_fill_price", "stop_moved_ticks", "placed_reward_risk", "total", "etd", "delay_unknown", "has_decision", "execution"];
        var table = new InsightTable(columns, 1);
        var row = table.Add().Text("run").Text("O1").Real(1094.77000000001).Real(0.1 + 0.2).Real(2.0000000000000004).Real(0.30000000000000004)
            .Real(-0.004).Real(0.1 + 0.2).Text("text").Integer(3L).Real(null);

        usd.Round(columns, row.Values);
        row.End();

        var rounded = table.ObjectRows().Single();
        Assert.That(rounded[2], Is.EqualTo(1094.77), "fees: money, in cents");
        Assert.That(rounded[3], Is.EqualTo(0.3), "a price: at its decimals");
        Assert.That(rounded[4], Is.EqualTo(2.0), "ticks: at theirs");
        Assert.That(rounded[5], Is.EqualTo(0.30000000000000004), "a ratio: kept whole");
        Assert.That(BitConverter.DoubleToInt64Bits((double)rounded[6]!), Is.Zero, "money that rounds to nothing: 0, not −0");
        Assert.That(rounded[7], Is.EqualTo(0.3), "etd: money");
        Assert.That(new[] { rounded[0], rounded[1], rounded[8], rounded[9], rounded[10] }, Is.EqualTo(new object?[] { "run", "O1", "text", 3L, null }),
            "text, whole numbers and NULL as given");
    }

    [Test]
    public void An_insight_row_stores_a_zero_without_its_sign_and_refuses_a_value_too_many_or_too_few()
    {
        var table = new InsightTable(["run_id", "trade_no", "etd"], 2);
        var row = table.Add().Text("run").Integer(1L).Real(-0.0);
        row.End();

        Assert.That(BitConverter.DoubleToInt64Bits(table[0][2].Real), Is.Zero, "−0 as 0");
        Assert.That(() => table.Add().Text("run").Integer(2L).End(), Throws.InvalidOperationException.With.Message.Contains("a row of 2 values for 3 columns"));
        var full = new InsightTable(["run_id"], 1);
        Assert.That(() => full.Add().Text("run").Text("one too many"), Throws.InvalidOperationException.With.Message.Contains("more values than its 1 columns"));
    }

    [Test]
    public void The_demo_file_shows_no_binary_noise_in_any_money_percentage_or_price_column_of_any_view_nor_in_its_metrics_and_json()
    {
        using var db = DemoFiles.Create();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db.Path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        var views = Query(connection, "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY name", r => r.GetString(0));
        Assert.That(views, Has.Count.GreaterThan(15), "precondition: the file's views");
        var problems = new List<string>();
        var checkedValues = new Dictionary<Kind, int>();
        foreach (var view in views.Append("run_metrics_kv"))
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{view}\"";
            using var reader = command.ExecuteReader();
            var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
            while (reader.Read())
            {
                for (var i = 0; i < names.Length; i++)
                {
                    if (reader.IsDBNull(i))
                    {
                        continue;
                    }

                    var value = reader.GetValue(i);
                    if (value is string text && text.StartsWith('{') && names[i].EndsWith("_json", StringComparison.Ordinal))
                    {
                        CheckJson(view, names[i], text, problems, checkedValues);
                        continue;
                    }

                    if (value is not double number)
                    {
                        continue;
                    }

                    var kind = view == "run_metrics_kv" || (view == "v_run_metrics" && names[i] == "value")
                        ? KindOfUnit(reader.GetString(reader.GetOrdinal("unit")))
                        : Columns.TryGetValue(names[i], out var k) ? k : (Kind?)null;
                    if (kind is null)
                    {
                        problems.Add($"{view}.{names[i]}: a REAL column this test does not classify (add it to Columns)");
                        continue;
                    }

                    Check($"{view}.{names[i]}", kind.Value, number, problems, checkedValues);
                }
            }
        }

        Assert.That(checkedValues.GetValueOrDefault(Kind.Money), Is.GreaterThan(10_000), "precondition: the demo's money values were read");
        Assert.That(checkedValues.GetValueOrDefault(Kind.Percent), Is.GreaterThan(1_000), "precondition: its percentages were read");
        Assert.That(problems.Distinct().Take(40), Is.Empty);
    }

    private static void CheckJson(string view, string column, string text, List<string> problems, Dictionary<Kind, int> checkedValues)
    {
        var json = JsonNode.Parse(text)!.AsObject();
        if (column == "metrics_json" && json["metrics"] is JsonObject metrics && json["units"] is JsonObject units)
        {
            Assert.That(json["money_decimals"]?.GetValue<int>(), Is.EqualTo(2), $"{view}.{column}: the run's money in USD");
            foreach (var (key, node) in metrics)
            {
                if (node is JsonValue v && v.TryGetValue<double>(out var number))
                {
                    Check($"{view}.{column}.{key}", KindOfUnit(units[key]!.GetValue<string>()), number, problems, checkedValues);
                }
            }

            return;
        }

        if (column is "volumetric_json" or "event_json")
        {
            // Every number in a bar's payload or an event's copy is a price, a quantity or a count.
            Walk(json, $"{view}.{column}", problems, checkedValues);
        }
    }

    private static void Walk(JsonNode? node, string where, List<string> problems, Dictionary<Kind, int> checkedValues)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o)
                {
                    Walk(child, where + "." + key, problems, checkedValues);
                }

                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Walk(child, where, problems, checkedValues);
                }

                break;
            case JsonValue v when v.TryGetValue<double>(out var number):
                Check(where, Kind.Price, number, problems, checkedValues);
                break;
        }
    }

    private static Kind KindOfUnit(string unit) => unit switch
    {
        MetricUnits.Money => Kind.Money,
        MetricUnits.Percent => Kind.Percent,
        MetricUnits.Price => Kind.Price,
        MetricUnits.Ticks => Kind.Ticks,
        _ => Kind.Full,
    };

    private static void Check(string where, Kind kind, double value, List<string> problems, Dictionary<Kind, int> checkedValues)
    {
        int? decimals = kind switch
        {
            Kind.Money => 2,
            Kind.Percent => StoredPrecision.PercentDecimals,
            Kind.Price => StoredPrecision.PriceDecimals,
            Kind.Ticks => StoredPrecision.TickDecimals,
            _ => null,
        };
        checkedValues[kind] = checkedValues.GetValueOrDefault(kind) + 1;
        if (decimals is { } d && Math.Round(value, d, MidpointRounding.AwayFromZero) != value)
        {
            problems.Add($"{where}: {value.ToString("R", CultureInfo.InvariantCulture)} is not at {d} decimals");
        }
    }

    private static List<T> Query<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> map)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}

using System.Text.RegularExpressions;
using NUnit.Framework;
using QuantowerRecorder.Storage.Analysis;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// The analysis' wide rows (run_trades, run_equity, run_order_quality) bind by name: each column's value goes to the
/// parameter named after that column, and those names are exactly the enum a row is bound through. Two values given
/// the other way round in the statement would fail here rather than store a trade's entry price as its exit price.
/// </summary>
[TestFixture]
public sealed class AnalysisBindingTests
{
    private static IEnumerable<TestCaseData> Statements()
    {
        yield return new TestCaseData(AnalysisSteps.Sql.InsertTrade, NamedStatement<AnalysisSteps.TradeColumn>.Names).SetArgDisplayNames("run_trades");
        yield return new TestCaseData(AnalysisSteps.Sql.InsertEquity, NamedStatement<AnalysisSteps.EquityPointColumn>.Names).SetArgDisplayNames("equity_data");
        yield return new TestCaseData(AnalysisSteps.Sql.InsertOrderQuality, NamedStatement<AnalysisSteps.QualityColumn>.Names).SetArgDisplayNames("run_order_quality");
        yield return new TestCaseData(AnalysisSteps.Sql.InsertMetric, NamedStatement<AnalysisSteps.MetricColumn>.Names).SetArgDisplayNames("run_metrics_kv");
    }

    [TestCaseSource(nameof(Statements))]
    public void Every_column_is_given_the_parameter_named_after_it_and_the_enum_names_them_all(string sql, string[] enumNames)
    {
        // run_equity's points go into equity_data under their run's key: the key's lookup is the run_id column's value.
        sql = sql.Replace(AnalysisSteps.Sql.RunKeyOf, "$runId", StringComparison.Ordinal).Replace("run_key", "run_id", StringComparison.Ordinal);
        var match = Regex.Match(sql, @"INSERT INTO \w+\((?<columns>[^)]*)\)\s*VALUES\s*\((?<values>[^)]*)\)", RegexOptions.Singleline);
        Assert.That(match.Success, Is.True, sql);
        var columns = Split(match.Groups["columns"].Value);
        var values = Split(match.Groups["values"].Value);

        Assert.That(values, Is.EqualTo(columns.Select(c => "$" + Camel(c))), "column i gets the parameter of column i");
        Assert.That(values, Is.EquivalentTo(enumNames), "the enum names every parameter and nothing else");
    }

    private static List<string> Split(string list) => list.Split(',').Select(s => s.Trim()).ToList();

    // run_id → runId, r_multiple → rMultiple.
    private static string Camel(string column)
    {
        var parts = column.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }
}

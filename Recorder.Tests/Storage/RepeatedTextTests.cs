using System.Text;
using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Ingest;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// The texts a run's events repeat (run id, series, symbol, account) are read into one shared instance per thread
/// (RepeatedTextConverter): the same values, and the same outcomes, as the built-in reading of text.
/// </summary>
[TestFixture]
public sealed class RepeatedTextTests
{
    private static readonly JsonSerializerOptions Shared = new() { Converters = { new RepeatedTextConverter() } };

    [Test]
    public void Lines_of_one_run_share_the_run_id_series_and_symbol_instances_and_keep_their_values()
    {
        var s = new Scenario();
        var lines = new RecorderEvent[] { s.Bar(1), s.Bar(2), s.Order("A", Side.Buy, 1), s.Order("B", Side.Sell, 1) }
            .Select(e => Encoding.UTF8.GetBytes(EventLines.Line(e))).ToList();
        var read = lines.Select(l => EventLine.Read(l).Event!).ToList();

        Assert.That(read.Select(e => e.RunId), Is.All.EqualTo(s.RunId));
        Assert.That(ReferenceEquals(read[0].RunId, read[3].RunId), Is.True, "one run id instance");
        var (bar1, bar2) = ((BarRecorded)read[0], (BarRecorded)read[1]);
        Assert.That((bar1.SeriesId, ReferenceEquals(bar1.SeriesId, bar2.SeriesId)), Is.EqualTo((s.SeriesId, true)));
        var (a, b) = ((OrderSnapshot)read[2], (OrderSnapshot)read[3]);
        Assert.That((a.Symbol, ReferenceEquals(a.Symbol, b.Symbol), a.OrderId, b.OrderId), Is.EqualTo(("ES", true, "A", "B")));
    }

    [TestCase("\"ES\"")]
    [TestCase("\"ES\"")] // a second time: from the instance the first read kept
    [TestCase("\"E\\u0053\"")] // escaped: the same text as "ES"
    [TestCase("\"\\ud83d\\ude00 \\\"q\\\"\"")]
    [TestCase("\"ü€𝄞\"")]
    [TestCase("\"\"")]
    [TestCase("null")]
    [TestCase("12")]
    [TestCase("true")]
    [TestCase("{\"a\":1}")]
    [TestCase("[\"ES\"]")]
    public void A_text_reads_as_the_built_in_reading_reads_it(string json)
    {
        Assert.That(Outcome(json, Shared), Is.EqualTo(Outcome(json, JsonSerializerOptions.Default)));
    }

    [Test]
    public void A_long_text_and_many_different_texts_read_as_they_are()
    {
        var texts = Enumerable.Range(0, 40).Select(i => "run-" + i).Append(new string('x', 500)).Append("run-3").ToList();
        foreach (var text in texts)
        {
            Assert.That(JsonSerializer.Deserialize<string>(JsonSerializer.Serialize(text), Shared), Is.EqualTo(text));
        }
    }

    [Test]
    public void Texts_read_on_other_threads_keep_their_values()
    {
        var texts = Enumerable.Range(0, 64).Select(i => $"\"acc-{i % 12}\"").ToArray();
        var results = new string?[texts.Length * 50];
        Parallel.For(0, results.Length, i => results[i] = JsonSerializer.Deserialize<string>(texts[i % texts.Length], Shared));
        Assert.That(results.Select((r, i) => r == $"acc-{i % texts.Length % 12}"), Is.All.True);
    }

    [Test]
    public void Written_as_any_text()
    {
        var text = "ES \"front\" ü";
        Assert.That(JsonSerializer.Serialize(text, Shared), Is.EqualTo(JsonSerializer.Serialize(text, JsonSerializerOptions.Default)));
    }

    private static string Outcome(string json, JsonSerializerOptions options)
    {
        try
        {
            return "read " + (JsonSerializer.Deserialize<string>(json, options) ?? "<null>");
        }
        catch (Exception ex)
        {
            return "failed " + ex.GetType().Name;
        }
    }
}

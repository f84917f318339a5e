using NUnit.Framework;
using QuantowerRecorder.Analytics;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Replay;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>Over-long text is cut once: the stored text normalised again is the same text, so replay matches.</summary>
[TestFixture]
public sealed class TruncationTests
{
    [TestCase(5000)]
    [TestCase(4097)]
    [TestCase(1_000_000)]
    public void An_over_long_client_tag_is_stored_within_its_limit_and_replay_keeps_it(int length)
    {
        using var db = new TempDatabase();
        var s = new Scenario();
        var tag = string.Concat(Enumerable.Repeat("tag😀", length / 5 + 1))[..length];
        Recorded.Write(db.Path, [.. s.Start(), s.Order("O1", Side.Buy, 1) with { ClientTag = tag }, s.End()]);

        var stored = Db.Scalar<string>(db.Path, "SELECT client_tag FROM orders");
        Assert.That(stored.Length, Is.LessThanOrEqualTo(4096));
        Assert.That(stored, Does.Match(@"…\[truncated \d+ characters\]$"));
        var kept = stored[..stored.LastIndexOf('…')];
        Assert.That(tag, Does.StartWith(kept));
        Assert.That(stored, Does.EndWith($"…[truncated {length - kept.Length} characters]"), "the marker counts what was cut");

        var rebuilt = db.Sibling("rebuilt.db");
        EventReplayer.Rebuild(db.Path, rebuilt);
        Assert.That(Db.Scalar<string>(rebuilt, "SELECT client_tag FROM orders"), Is.EqualTo(stored));
    }
}

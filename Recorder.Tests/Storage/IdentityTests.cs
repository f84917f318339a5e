using System.Globalization;
using NUnit.Framework;
using QuantowerRecorder.Storage.Identity;
using QuantowerRecorder.Tests.Support;

namespace QuantowerRecorder.Tests.Storage;

[TestFixture]
public sealed class IdentityTests
{
    // Expected values computed independently with Python's uuid.uuid5 and hashlib.sha256 on the same inputs.
    private const string TrendStrategyId = "bc4d7a6c-a0f4-5c3e-8470-274f79f3a8a1";
    private const string CanonicalConfiguration =
        "{\"account\":\"ACC\",\"parameters\":{\"a\":1,\"b\":2.5,\"flag\":true,\"name\":\"x\"},\"symbols\":[\"ES\",\"NQ\"],\"timeframe\":\"1m\"}";
    private const string ConfigurationHash = "af3f473728e72347862b3c8caad7c038ed5927385a3e9e7fb4bc617e14d351ee";
    private const string InstanceOfTrend = "48b29a48-ce76-51f0-aec3-cd690d60276b";

    private static readonly Dictionary<string, object?> Parameters = new() { ["name"] = "x", ["b"] = 2.5, ["flag"] = true, ["a"] = 1 };

    [Test]
    public void Strategy_id_is_an_RFC_version_5_name_based_UUID()
    {
        Assert.That(Identities.StrategyId("Trend", "1.0", "me"), Is.EqualTo(TrendStrategyId));
        Assert.That(Identities.StrategyId("Trend", "1.1", "me"), Is.Not.EqualTo(TrendStrategyId));
    }

    [Test]
    public void Config_hash_is_the_SHA256_of_a_canonical_JSON_whatever_the_order_of_keys_and_symbols()
    {
        Assert.That(CanonicalJson.Configuration(Parameters, ["NQ", "ES", "NQ"], "1m", "ACC"), Is.EqualTo(CanonicalConfiguration));
        Assert.That(Identities.ConfigHash(Parameters, ["NQ", "ES"], "1m", "ACC"), Is.EqualTo(ConfigurationHash));
        Assert.That(Identities.InstanceId(TrendStrategyId, ConfigurationHash), Is.EqualTo(InstanceOfTrend));
    }

    [Test]
    public void Config_hash_does_not_depend_on_the_machine_culture()
    {
        var original = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("it-IT");
            Assert.That(Identities.ConfigHash(Parameters, ["ES", "NQ"], "1m", "ACC"), Is.EqualTo(ConfigurationHash));
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }
    }

    [Test]
    public void Run_ids_are_version_7_carry_their_start_millisecond_and_are_distinct_within_it()
    {
        // Ids made earlier in the process with other clocks (the real one, later dates) must not change these.
        _ = Identities.NewRunId(TimeProvider.System);
        _ = Identities.NewRunId(DateTimeOffset.UtcNow.AddYears(5));

        var start = new DateTimeOffset(2026, 3, 2, 14, 30, 5, 123, TimeSpan.Zero);
        var clock = new TestClock(start);
        var sameMillisecond = Enumerable.Range(0, 200).Select(_ => Identities.NewRunId(clock)).ToList();
        var expectedPrefix = start.ToUnixTimeMilliseconds().ToString("x12", CultureInfo.InvariantCulture);

        Assert.That(sameMillisecond.Distinct().Count(), Is.EqualTo(sameMillisecond.Count), "74 random bits keep ids apart");
        Assert.That(sameMillisecond.Select(id => id[..13].Replace("-", "", StringComparison.Ordinal)),
            Has.All.EqualTo(expectedPrefix), "the time part is the start, whatever ran before");
        Assert.That(sameMillisecond.Select(id => id[14]), Has.All.EqualTo('7'), "version 7");
        Assert.That(sameMillisecond.Select(id => id[19]), Has.All.AnyOf('8', '9', 'a', 'b'), "RFC 9562 variant");

        var earlier = Identities.NewRunId(start.AddMilliseconds(-1));
        var later = Identities.NewRunId(start.AddMilliseconds(1));
        Assert.That(sameMillisecond, Has.All.GreaterThan(earlier).Using((IComparer<string>)StringComparer.Ordinal));
        Assert.That(sameMillisecond, Has.All.LessThan(later).Using((IComparer<string>)StringComparer.Ordinal));
    }

    [Test]
    public void A_backtest_run_id_carries_the_simulated_start_not_the_wall_clock()
    {
        var simulated = new DateTimeOffset(2019, 6, 3, 13, 30, 0, TimeSpan.Zero);
        var id = Identities.NewRunId(simulated);
        var millis = Convert.ToInt64(id[..13].Replace("-", "", StringComparison.Ordinal), 16);
        Assert.That(DateTimeOffset.FromUnixTimeMilliseconds(millis), Is.EqualTo(simulated));
    }
}

[TestFixture]
public sealed class TimestampTests
{
    [TestCase(2026, 3, 2, 14, 30, 5, 1234567L)]
    [TestCase(1, 1, 1, 0, 0, 0, 1L)]
    [TestCase(9999, 12, 31, 23, 59, 59, 9999999L)]
    public void Stored_timestamps_are_fixed_width_UTC_text_that_matches_the_general_formatter(
        int y, int mo, int d, int h, int mi, int s, long ticks)
    {
        var time = new DateTime(y, mo, d, h, mi, s, DateTimeKind.Utc).AddTicks(ticks);
        var text = QuantowerRecorder.Storage.Timestamps.Format(time);
        Assert.That(text, Is.EqualTo(time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)));
        Assert.That(text, Has.Length.EqualTo(28));
        Assert.That(QuantowerRecorder.Storage.Timestamps.Parse(text), Is.EqualTo(time));
    }
}

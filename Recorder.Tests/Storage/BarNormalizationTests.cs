using NUnit.Framework;
using QuantowerRecorder.Storage.Records;
using QuantowerRecorder.Storage.Writing;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// A bar already in its normal form is kept as it is (nine events in ten are bars: no copy each); anything the rules
/// change makes a normalised copy and leaves the original untouched.
/// </summary>
[TestFixture]
public sealed class BarNormalizationTests
{
    private static readonly DateTime Open = new(2026, 3, 2, 14, 30, 0, DateTimeKind.Utc);

    private static BarRecorded Bar() => new()
    {
        RunId = "run-1", EventUtc = Open.AddMinutes(1), Source = RunSource.Backtest, SeriesId = "series-1", OpenUtc = Open,
        Open = 10, High = 11, Low = 9, Close = 10.5, Volume = 100, VolumetricJson = "{\"delta\":3}",
    };

    [Test]
    public void A_bar_in_normal_form_is_kept_as_the_same_instance()
    {
        var bar = Bar();
        Assert.That(EventNormalizer.Normalize(bar), Is.SameAs(bar));
    }

    [Test]
    public void A_bar_whose_times_are_not_utc_is_copied_with_utc_times()
    {
        var bar = Bar() with { OpenUtc = DateTime.SpecifyKind(Open, DateTimeKind.Unspecified) };
        var normalized = (BarRecorded)EventNormalizer.Normalize(bar);
        Assert.That(normalized, Is.Not.SameAs(bar));
        Assert.That(normalized.OpenUtc.Kind, Is.EqualTo(DateTimeKind.Utc));
        Assert.That(normalized.OpenUtc.Ticks, Is.EqualTo(Open.Ticks));
        Assert.That(bar.OpenUtc.Kind, Is.EqualTo(DateTimeKind.Unspecified), "the original is untouched");
    }

    [TestCase(double.NaN)]
    [TestCase(-1.0)]
    public void A_bar_with_an_impossible_volume_is_copied_without_it(double volume)
    {
        var bar = Bar() with { Volume = volume };
        var normalized = (BarRecorded)EventNormalizer.Normalize(bar);
        Assert.That(normalized, Is.Not.SameAs(bar));
        Assert.That(normalized.Volume, Is.Null);
    }

    [Test]
    public void A_bar_with_an_unpaired_surrogate_in_its_volumetric_text_is_copied_with_it_replaced()
    {
        var bar = Bar() with { VolumetricJson = "{\"note\":\"\ud800\"}" };
        var normalized = (BarRecorded)EventNormalizer.Normalize(bar);
        Assert.That(normalized, Is.Not.SameAs(bar));
        Assert.That(normalized.VolumetricJson, Is.EqualTo("{\"note\":\"\uFFFD\"}"));
    }
}

using NUnit.Framework;
using QuantowerRecorder.Storage.Queries;

namespace QuantowerRecorder.Tests.Storage.Queries;

[TestFixture]
public sealed class ShortIdTests
{
    [Test]
    public void Short_ids_are_as_long_as_it_takes_for_every_id_to_stay_unique_and_at_least_eight()
    {
        Assert.That(ShortIds.Length(["0192aaaa-1111", "0192bbbb-2222"]), Is.EqualTo(8));
        Assert.That(ShortIds.Length(["0192aaaa-1111", "0192aaaa-2222"]), Is.EqualTo(10), "they first differ at the tenth character");
        Assert.That(ShortIds.Length(["0192AAAA-1", "0192aaaa-2"]), Is.EqualTo(10), "prefixes are typed back in any case");
        Assert.That(ShortIds.Cut("0192aaaa-1111", 8), Is.EqualTo("0192aaaa"));

        var resolved = IdResolution.Resolve(["0192aaaa-1111", "0192aaaa-2222"], ShortIds.Cut("0192aaaa-2222", 10));
        Assert.That(resolved.RunId, Is.EqualTo("0192aaaa-2222"), "what is shown can be typed back");
    }
}

using System.Text.Json;
using NUnit.Framework;
using QuantowerRecorder.Storage.Analysis;

namespace QuantowerRecorder.Tests.Storage;

/// <summary>
/// A trade's order ids are stored as the JSON array the serializer writes for them, whichever way they are written:
/// plain ids joined directly, any other through the serializer with its escapes.
/// </summary>
[TestFixture]
public sealed class StoreJsonTests
{
    private static readonly string[][] Lists =
    [
        [],
        ["o-1"],
        ["ord_17", "ORD.18", "exch:42", "0193a6f0-7c1e-7000-8000-000000000001"],
        [string.Empty],
        // What the serializer escapes: quotes, backslashes, HTML-sensitive characters, '+', controls, non-ASCII.
        ["a\"b"],
        ["a\\b"],
        ["<o>", "o&1", "o'1"],
        ["o+1"],
        ["o 1", "o/1", "o#1"],
        ["o\n1", "o\t1"],
        ["ордер-1", "注文"],
        ["plain", "not plain+"],
    ];

    [TestCaseSource(nameof(Lists))]
    public void Ids_are_written_as_the_serializer_writes_them(string[] ids)
    {
        var reference = JsonSerializer.Serialize<IReadOnlyList<string>>(ids, StoreJson.Default.IReadOnlyListString);

        Assert.That(StoreJson.Ids(ids), Is.EqualTo(reference));
        Assert.That(JsonSerializer.Deserialize<List<string>>(StoreJson.Ids(ids)), Is.EqualTo(ids), "read back as the same ids");
    }
}

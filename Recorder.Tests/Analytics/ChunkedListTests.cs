using NUnit.Framework;
using QuantowerRecorder.Analytics;

namespace QuantowerRecorder.Tests.Analytics;

/// <summary>
/// A list that goes on from another shares the chunks it will never write and copies the rest: neither list can write a
/// shared entry, and each keeps its own entries whatever the other does.
/// </summary>
public sealed class ChunkedListTests
{
    private const int Chunk = ChunkedList<int>.Size;

    [TestCase(0, 0)]
    [TestCase(1, 0)]
    [TestCase(Chunk, Chunk - 1)]
    [TestCase(Chunk + 1, Chunk)]
    [TestCase(3 * Chunk + 17, 2 * Chunk + 5)]
    [TestCase(3 * Chunk + 17, 10)]
    public void A_list_that_goes_on_holds_the_first_entries_shares_the_chunks_before_those_it_writes_and_keeps_the_earlier_list_as_it_was(
        int length, int writeFrom)
    {
        var earlier = Filled(length + 100);
        var next = earlier.Continue(length, writeFrom);

        Assert.That(next, Is.EqualTo(Enumerable.Range(0, length)), "the first entries");
        Assert.That(ChunkedList<int>.SharedLength(earlier, next), Is.EqualTo(writeFrom / Chunk * Chunk), "the chunks wholly before writeFrom");

        for (var i = writeFrom; i < length; i++)
        {
            next[i] = -i;
        }

        next.Add(-1);
        Assert.That(earlier, Is.EqualTo(Enumerable.Range(0, length + 100)), "the earlier list, untouched by the next one's writes");
        Assert.That(next.Skip(writeFrom).Take(length - writeFrom), Is.EqualTo(Enumerable.Range(writeFrom, length - writeFrom).Select(i => -i)));
        Assert.That(next[^1], Is.EqualTo(-1));
        Assert.That(next.Count, Is.EqualTo(length + 1));
    }

    [Test]
    public void A_shared_entry_cannot_be_written_by_either_list()
    {
        var earlier = Filled(3 * Chunk);
        var next = earlier.Continue(3 * Chunk, 2 * Chunk + 1);

        Assert.Throws<InvalidOperationException>(() => next[2 * Chunk - 1] = 0);
        Assert.Throws<InvalidOperationException>(() => earlier[0] = 0);
        Assert.Throws<InvalidOperationException>(() => earlier[Chunk] = 0);
        Assert.DoesNotThrow(() => earlier[2 * Chunk] = 7, "the chunk the next list copied is still the earlier's own");
        Assert.That(next[2 * Chunk], Is.EqualTo(2 * Chunk));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = next[3 * Chunk]);
    }

    [Test]
    public void Lists_share_what_both_went_on_from_and_nothing_of_a_list_they_did_not()
    {
        var first = Filled(4 * Chunk + 3);
        var a = first.Continue(4 * Chunk, 3 * Chunk + 9);
        var b = first.Continue(4 * Chunk + 3, 2 * Chunk);
        var c = a.Continue(4 * Chunk, 4 * Chunk - 1);

        Assert.That(ChunkedList<int>.SharedLength(a, b), Is.EqualTo(2 * Chunk), "b writes from the third chunk on, which a shares");
        Assert.DoesNotThrow(() => b[2 * Chunk] = 0, "a list writes what it asked to, whatever another took of the same list");
        Assert.That(ChunkedList<int>.SharedLength(a, c), Is.EqualTo(3 * Chunk));
        Assert.That(ChunkedList<int>.SharedLength(first, c), Is.EqualTo(3 * Chunk));
        Assert.That(ChunkedList<int>.SharedLength(Filled(4 * Chunk), a), Is.Zero, "equal entries, other chunks");
    }

    [TestCase(0)]
    [TestCase(10)]
    [TestCase(Chunk + 5)]
    public void A_list_grows_from_a_small_first_chunk_or_the_room_asked_for_into_whole_chunks(int capacity)
    {
        var list = new ChunkedList<int>();
        list.EnsureCapacity(capacity);
        for (var i = 0; i < 3 * Chunk + 1; i++)
        {
            list.Add(i);
        }

        Assert.That(list, Is.EqualTo(Enumerable.Range(0, 3 * Chunk + 1)));
        var next = list.Continue(Chunk / 2, 0);
        next.EnsureCapacity(Chunk);
        next.Add(-1);
        Assert.That(next.Count, Is.EqualTo(Chunk / 2 + 1));
        Assert.That(next[^1], Is.EqualTo(-1));
        Assert.That(list[Chunk / 2], Is.EqualTo(Chunk / 2), "the earlier list's entry where the next one added its own");
    }

    private static ChunkedList<int> Filled(int count)
    {
        var list = new ChunkedList<int>();
        for (var i = 0; i < count; i++)
        {
            list.Add(i);
        }

        return list;
    }
}

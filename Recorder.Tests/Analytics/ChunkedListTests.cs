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

    [TestCase(2 * Chunk + 5, 2 * Chunk + 5, false)]
    [TestCase(2 * Chunk + 5, 2 * Chunk + 1, true)]
    [TestCase(2 * Chunk + 5, 2 * Chunk, true)]
    [TestCase(2 * Chunk + 5, Chunk + 3, true)]
    [TestCase(2 * Chunk + 5, 0, true)]
    public void A_lent_view_keeps_its_entries_while_the_list_adds_after_them_and_truncates_into_them(int count, int keep, bool copies)
    {
        var list = Filled(count);
        var view = list.Lend();

        Assert.Throws<InvalidOperationException>(() => list[count - 1] = 0, "a lent entry is not the list's to write");
        Assert.That(list.Truncate(keep), Is.EqualTo(copies), "a copy only where the list keeps less than it lent");
        list.AddRange(Enumerable.Range(0, 3 * Chunk).Select(i => -i).ToArray());
        list.Add(-1);

        Assert.That(view, Is.EqualTo(Enumerable.Range(0, count)), "the view, as lent");
        Assert.That(list, Is.EqualTo(Enumerable.Range(0, keep).Concat(Enumerable.Range(0, 3 * Chunk).Select(i => -i)).Append(-1)));
        Assert.That(ChunkedList<int>.SharedLength(list, list.Continue(keep, keep)), Is.EqualTo(keep / Chunk * Chunk));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = view[count]);
    }

    [Test]
    public void Entries_added_in_ranges_grow_the_first_chunk_half_as_large_again_and_then_fill_whole_chunks()
    {
        var list = new ChunkedList<int>();
        list.EnsureCapacity(10);
        var room = new List<bool>();
        var added = 0;
        foreach (var n in new[] { 10, 3, 2, 1, 6, 1, Chunk, 10 })
        {
            room.Add(list.AddRange(Enumerable.Range(added, n).ToArray()));
            added += n;
        }

        Assert.That(list, Is.EqualTo(Enumerable.Range(0, added)));
        // 10 of room asked for and filled; 13 grows it to 15, which 15 fits; 16 to 22, which 22 fits; 23 to 33; then the
        // first chunk grows to a whole one and a second is added, which the last 10 fit.
        Assert.That(room, Is.EqualTo(new[] { false, true, false, true, false, true, true, false }));
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

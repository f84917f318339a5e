using System.Collections;

namespace QuantowerRecorder.Analytics;

/// <summary>
/// A list kept in chunks of 16,384 entries (the first grows up to that as a list does), of which a list that goes on from it (<see cref="Continue"/>) shares every
/// chunk it will never write instead of copying it. An equity curve's points, days and marks are kept so: the next
/// analysis of a running run goes on from its last sweep, and before, it copied every point of the run (megabytes a
/// long run, and a large object the collector pays for) to append the few new ones. Shared chunks are never written
/// again (writing one throws), so two lists that hold the same chunk hold the same entries there (<see cref="SharedLength"/>).
/// </summary>
public sealed class ChunkedList<T> : IReadOnlyList<T>
{
    // Chunks of points are large objects, which the collector never moves (smaller ones that live on it copies from
    // generation to generation).
    private const int Shift = 14;

    /// <summary>Entries to a chunk (tests).</summary>
    internal const int Size = 1 << Shift;

    private const int Mask = Size - 1;

    private T[][] chunks = [];
    private int count;

    // Entries before this one are in chunks shared with the list this one went on from: never written.
    private int writableFrom;

    /// <summary>The number of entries.</summary>
    public int Count => this.count;

    /// <summary>The entry at <paramref name="index"/>.</summary>
    public T this[int index]
    {
        get
        {
            if ((uint)index >= (uint)this.count)
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }

            return this.chunks[index >> Shift][index & Mask];
        }

        internal set
        {
            if ((uint)index >= (uint)this.count || index < this.writableFrom)
            {
                throw new InvalidOperationException($"Entry {index} of {this.count} is not this list's to write (shared before {this.writableFrom}).");
            }

            this.chunks[index >> Shift][index & Mask] = value;
        }
    }

    /// <summary>Room for <paramref name="capacity"/> entries in the first chunk (it grows as a list does up to a chunk).</summary>
    public void EnsureCapacity(int capacity)
    {
        if (this.count == 0 && (this.chunks.Length == 0 || this.chunks[0] is null) && capacity > 0)
        {
            this.chunks = this.chunks.Length == 0 ? new T[4][] : this.chunks;
            this.chunks[0] = new T[Math.Min(capacity, Size)];
        }
    }

    /// <summary>Adds <paramref name="item"/> at the end.</summary>
    public void Add(T item)
    {
        var (c, at) = (this.count >> Shift, this.count & Mask);
        if (c == this.chunks.Length)
        {
            Array.Resize(ref this.chunks, Math.Max(4, this.chunks.Length * 2));
        }

        var chunk = this.chunks[c];
        if (chunk is null)
        {
            // The first chunk starts small and grows, so that a short list is not a chunk's size.
            chunk = this.chunks[c] = new T[c == 0 ? 16 : Size];
        }
        else if (at == chunk.Length)
        {
            Array.Resize(ref chunk, Math.Min(Size, chunk.Length * 2));
            this.chunks[c] = chunk;
        }

        chunk[at] = item;
        this.count++;
    }

    /// <summary>
    /// A list of this one's first <paramref name="length"/> entries that may write those from <paramref name="writeFrom"/> on,
    /// and append: the chunks wholly before that entry are shared, the rest copied.
    /// </summary>
    public ChunkedList<T> Continue(int length, int writeFrom)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)length, (uint)this.count, nameof(length));
        writeFrom = Math.Clamp(writeFrom, 0, length);
        var shared = writeFrom >> Shift;
        var used = (length + Mask) >> Shift;
        var next = new ChunkedList<T> { chunks = new T[Math.Max(4, this.chunks.Length)][], count = length, writableFrom = shared << Shift };
        Array.Copy(this.chunks, next.chunks, shared);
        // This list no longer writes what it now shares either.
        this.writableFrom = Math.Max(this.writableFrom, next.writableFrom);
        for (var c = shared; c < used; c++)
        {
            var copy = new T[this.chunks[c].Length];
            Array.Copy(this.chunks[c], copy, Math.Min(Size, length - (c << Shift)));
            next.chunks[c] = copy;
        }

        return next;
    }

    /// <summary>
    /// How many entries <paramref name="a"/> and <paramref name="b"/> begin with in chunks both hold (one went on from the
    /// other, or both from a third): the same entries, as shared chunks are never written.
    /// </summary>
    public static int SharedLength(ChunkedList<T> a, ChunkedList<T> b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var most = Math.Min(Math.Min(a.writableFrom, a.count), Math.Min(b.writableFrom, b.count)) >> Shift;
        var c = 0;
        while (c < most && ReferenceEquals(a.chunks[c], b.chunks[c]))
        {
            c++;
        }

        return c << Shift;
    }

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < this.count; i++)
        {
            yield return this.chunks[i >> Shift][i & Mask];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

using System.Collections;

namespace QuantowerRecorder.Analytics;

/// <summary>
/// A list kept in chunks of 16,384 entries (the first grows half as large again each time it is full, up to that), of
/// which a list that goes on from it (<see cref="Continue"/>) shares every chunk it will never write instead of copying
/// it, and a view lent (<see cref="Lend"/>) every chunk it reads. An equity curve's points, days and marks are kept so:
/// the next analysis of a running run goes on from its last sweep, and before, it copied every point of the run
/// (megabytes a long run, and a large object the collector pays for) to append the few new ones; and so are a running
/// run's kept bars, lent to each analysis. Shared chunks are never written again (writing one throws; truncating into
/// one copies it first), so two lists that hold the same chunk hold the same entries there (<see cref="SharedLength"/>).
/// </summary>
public sealed class ChunkedList<T> : IReadOnlyList<T>
{
    // Chunks of points are large objects, which the collector never moves (smaller ones that live on it copies from
    // generation to generation).
    private const int Shift = 14;

    /// <summary>Entries to a chunk.</summary>
    public const int Size = 1 << Shift;

    private const int Mask = Size - 1;

    private T[][] chunks = [];
    private int count;

    // Entries before this one are in chunks shared with the list this one went on from, or lent: never written.
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
        if (c >= this.chunks.Length || this.chunks[c] is not { } chunk || at >= chunk.Length)
        {
            Room(this.count + 1);
            chunk = this.chunks[c];
        }

        chunk[at] = item;
        this.count++;
    }

    /// <summary>Adds <paramref name="items"/> at the end. True when it made room: a chunk added, or the first grown.</summary>
    public bool AddRange(ReadOnlySpan<T> items)
    {
        var made = Room(this.count + items.Length);
        while (!items.IsEmpty)
        {
            var at = this.count & Mask;
            var n = Math.Min(items.Length, Size - at);
            items[..n].CopyTo(this.chunks[this.count >> Shift].AsSpan(at));
            items = items[n..];
            this.count += n;
        }

        return made;
    }

    /// <summary>
    /// The entries as they are now, read-only, sharing every chunk: this list never writes them again (a write there
    /// throws, and <see cref="Truncate"/> copies the chunk first). It may go on adding after them, where the view does
    /// not read.
    /// </summary>
    public IReadOnlyList<T> Lend()
    {
        this.writableFrom = Math.Max(this.writableFrom, this.count);
        return new Lent(this.chunks[..((this.count + Mask) >> Shift)], this.count);
    }

    /// <summary>
    /// Keeps the first <paramref name="length"/> entries, to add after them. Where they end before what this list may
    /// write (lent, or shared with a list it went on from or that went on from it), the chunk they end in is copied up to
    /// there and the chunks after it let go, so that what was lent or shared keeps its entries: true then.
    /// </summary>
    public bool Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((uint)length, (uint)this.count, nameof(length));
        var copied = length < this.writableFrom;
        if (copied)
        {
            var c = length >> Shift;
            T[]? copy = null;
            if ((length & Mask) != 0)
            {
                copy = new T[this.chunks[c].Length];
                Array.Copy(this.chunks[c], copy, length & Mask);
            }

            // A chunk let go is made again when entries come to it (Room).
            this.chunks[c] = copy!;
            Array.Clear(this.chunks, c + 1, this.chunks.Length - c - 1);
            this.writableFrom = c << Shift;
        }

        this.count = length;
        return copied;
    }

    // Room for `needed` entries: each chunk up to the one the last falls in, the first starting small (16) and made half as
    // large again each time it is full, up to a chunk; whole chunks after it. True if any was made.
    private bool Room(int needed)
    {
        if (needed <= this.count)
        {
            return false;
        }

        var last = (needed - 1) >> Shift;
        if (last >= this.chunks.Length)
        {
            Array.Resize(ref this.chunks, Math.Max(Math.Max(4, last + 1), this.chunks.Length * 2));
        }

        var made = false;
        for (var c = this.count >> Shift; c <= last; c++)
        {
            var size = c < last ? Size : ((needed - 1) & Mask) + 1;
            var chunk = this.chunks[c];
            if (chunk is null)
            {
                // Array.Resize and Truncate leave the chunks they add or let go null.
                this.chunks[c] = new T[c == 0 ? Math.Min(Size, Math.Max(16, size)) : Size];
                made = true;
            }
            else if (chunk.Length < size)
            {
                Array.Resize(ref chunk, Math.Min(Size, Math.Max(size, chunk.Length + (chunk.Length / 2))));
                this.chunks[c] = chunk;
                made = true;
            }
        }

        return made;
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

    /// <summary>The first <c>count</c> entries of the chunks as they were lent: the list never writes where it reads.</summary>
    private sealed class Lent(T[][] chunks, int count) : IReadOnlyList<T>
    {
        public int Count => count;

        public T this[int index] => (uint)index < (uint)count
            ? chunks[index >> Shift][index & Mask]
            : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<T> GetEnumerator()
        {
            for (var i = 0; i < count; i++)
            {
                yield return chunks[i >> Shift][i & Mask];
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}

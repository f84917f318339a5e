namespace QuantowerRecorder.Analytics.Trades;

/// <summary>The open lots of one symbol and account, oldest first; a deque without shifting (head index).</summary>
internal sealed class PositionBook
{
    private readonly List<Lot> lots = [];
    private int head;

    /// <summary>+1 long, −1 short, 0 flat.</summary>
    public int Direction { get; private set; }

    public double OpenQuantity { get; private set; }

    public bool IsFlat => this.head == this.lots.Count;

    public Lot Oldest => this.lots[this.head];

    public Lot Newest => this.lots[^1];

    public IEnumerable<Lot> OpenLots => this.lots.Skip(this.head);

    public void Push(Lot lot)
    {
        Direction = lot.Direction;
        this.lots.Add(lot);
    }

    public void Opened(double quantity) => OpenQuantity += quantity;

    public void Closed(double quantity, Lot lot, bool newestFirst)
    {
        OpenQuantity -= quantity;
        if (lot.Remaining > 0)
        {
            return;
        }

        if (newestFirst)
        {
            this.lots.RemoveAt(this.lots.Count - 1);
        }
        else
        {
            this.lots[this.head] = null!;
            this.head++;
        }

        if (IsFlat)
        {
            this.lots.Clear();
            this.head = 0;
            Direction = 0;
            OpenQuantity = 0;
        }
        else if (this.head > 1024 && this.head * 2 > this.lots.Count)
        {
            // Compact now and then so a long FIFO queue does not hold on to closed lots.
            this.lots.RemoveRange(0, this.head);
            this.head = 0;
        }
    }
}

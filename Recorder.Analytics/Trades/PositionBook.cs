namespace QuantowerRecorder.Analytics.Trades;

/// <summary>The open lots of one symbol and account, oldest first; a deque without shifting (head index).</summary>
internal sealed class PositionBook
{
    private readonly List<Lot> _lots = [];
    private int _head;

    /// <summary>+1 long, −1 short, 0 flat.</summary>
    public int Direction { get; private set; }

    public double OpenQuantity { get; private set; }

    public bool IsFlat => _head == _lots.Count;

    public Lot Oldest => _lots[_head];

    public Lot Newest => _lots[^1];

    public IEnumerable<Lot> OpenLots
    {
        get
        {
            for (var i = _head; i < _lots.Count; i++)
            {
                yield return _lots[i];
            }
        }
    }

    public void Push(Lot lot)
    {
        Direction = lot.Direction;
        _lots.Add(lot);
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
            _lots.RemoveAt(_lots.Count - 1);
        }
        else
        {
            _lots[_head] = null!;
            _head++;
        }

        if (IsFlat)
        {
            _lots.Clear();
            _head = 0;
            Direction = 0;
            OpenQuantity = 0;
        }
        else if (_head > 1024 && _head * 2 > _lots.Count)
        {
            // Compact now and then so a long FIFO queue does not hold on to closed lots.
            _lots.RemoveRange(0, _head);
            _head = 0;
        }
    }
}

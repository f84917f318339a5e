using System.Runtime.InteropServices;

namespace QuantowerRecorder.Analytics.Trades;

/// <summary>
/// Turns fills, taken in time order, into closed lots and open lots per (symbol, account). A fill that crosses
/// zero closes what is open and opens the remainder on the other side; its fee is split pro rata by quantity.
/// </summary>
internal sealed class TradeBuilder(LotMatching matching)
{
    private readonly Dictionary<(string Symbol, string Account), PositionBook> books = [];

    /// <summary>Lots fully closed, in the order they closed (which is exit time order).</summary>
    public List<Lot> Closed { get; } = [];

    /// <summary>Quantity of CLOSE/REDUCE fills that found nothing to close (opened before recording).</summary>
    public double UnmatchedCloseQuantity { get; private set; }

    public IEnumerable<(string Symbol, string Account, IReadOnlyList<Lot> Lots)> OpenBooks() =>
        this.books.Where(b => !b.Value.IsFlat)
            .OrderBy(b => b.Key.Symbol, StringComparer.Ordinal)
            .ThenBy(b => b.Key.Account, StringComparer.Ordinal)
            .Select(b => (b.Key.Symbol, b.Key.Account, (IReadOnlyList<Lot>)b.Value.OpenLots.ToList()));

    /// <summary>Applies one fill; returns the quantity that took part in trades (the rest was unmatched).</summary>
    public double Apply(Fill fill)
    {
        var book = CollectionsMarshal.GetValueRefOrAddDefault(this.books, (fill.Symbol, fill.Account), out _) ??= new PositionBook();

        var direction = fill.Side == Side.Buy ? 1 : -1;
        var quantity = fill.Quantity;
        var feePerUnit = fill.Fee / quantity;
        var closing = book.Direction == -direction ? Math.Min(quantity, book.OpenQuantity) : 0.0;
        var closeOnly = fill.PositionImpact is PositionImpact.Close or PositionImpact.Reduce;
        var opening = closeOnly ? 0.0 : quantity - closing;
        if (opening <= Quantities.Epsilon * quantity)
        {
            opening = 0;
        }

        UnmatchedCloseQuantity += closeOnly ? quantity - closing : 0.0;
        if (closing > 0)
        {
            Close(book, fill, closing, feePerUnit, reverses: opening > 0);
        }

        if (opening > 0)
        {
            Open(book, fill, direction, opening, feePerUnit * opening);
        }

        return closing + opening;
    }

    private void Close(PositionBook book, Fill fill, double closing, double feePerUnit, bool reverses)
    {
        var newestFirst = matching == LotMatching.Lifo;
        var left = closing;
        while (left > Quantities.Epsilon * closing && !book.IsFlat)
        {
            var lot = newestFirst ? book.Newest : book.Oldest;
            var piece = Math.Min(lot.Remaining, left);
            lot.Close(fill.OrderId, piece, fill.Price, feePerUnit * piece, fill.TimeUtc.Ticks, reverses);
            left -= piece;
            book.Closed(piece, lot, newestFirst);
            if (lot.Remaining == 0)
            {
                Closed.Add(lot);
            }
        }
    }

    private void Open(PositionBook book, Fill fill, int direction, double quantity, double fee)
    {
        Lot lot;
        if (!book.IsFlat && (matching == LotMatching.FlatToFlat || MayMerge(book.Newest, fill.OrderId)))
        {
            lot = book.Newest;
        }
        else
        {
            lot = new Lot(fill.Symbol, fill.Account, direction, fill.TimeUtc.Ticks);
            book.Push(lot);
        }

        lot.Add(fill.OrderId, quantity, fill.Price, fee);
        book.Opened(quantity);
    }

    // Partial fills of one order form one lot, as long as nothing of it has been closed yet.
    private static bool MayMerge(Lot newest, string orderId) =>
        !newest.PartlyClosed && string.Equals(newest.EntryOrderIds.First, orderId, StringComparison.Ordinal);
}

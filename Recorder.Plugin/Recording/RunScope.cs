using TradingPlatform.BusinessLayer;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>
/// Which orders and fills belong to a run. The platform does not link an order to the strategy that placed it, so a
/// recorder selects by account, symbol and, where the strategy writes one, the order comment.
/// </summary>
internal sealed record RunScope(Account? Account, Symbol? Symbol, string? CommentFilter)
{
    public bool Matches(ITradingObject item) =>
        (Account is null || Equals(Account, item.Account))
        && (Symbol is null || Equals(Symbol, item.Symbol));

    public bool CommentMatches(string? comment) =>
        string.IsNullOrEmpty(CommentFilter)
        || (comment is not null && comment.Contains(CommentFilter, StringComparison.Ordinal));
}

namespace QuantowerRecorder.Storage.Queries;

/// <summary>One OCO group of a run with the orders linked to it (one cancels the others).</summary>
/// <param name="OcoGroupId">The group's id.</param>
/// <param name="CreatedUtc">When it was recorded.</param>
/// <param name="Label">Its label, if any.</param>
/// <param name="Links">Its orders, in the order they were linked.</param>
public sealed record OcoGroup(string OcoGroupId, string CreatedUtc, string? Label, IReadOnlyList<OcoLink> Links);

/// <summary>An order's place in an OCO group.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="Role">ENTRY, STOP_LOSS, TAKE_PROFIT, … or null.</param>
/// <param name="PositionImpact">OPEN, CLOSE, REVERSE or UNKNOWN.</param>
public sealed record OcoLink(string OrderId, string? Role, string PositionImpact);

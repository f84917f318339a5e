namespace QuantowerRecorder.Analytics.Study;

/// <summary>
/// A pass's plateau score: the mean objective over its neighbourhood (the pass included), how many passes that is,
/// and the worst objective among them (a spike has a good objective and a poor worst neighbour).
/// </summary>
public sealed record PlateauScore(string PassId, double Objective, double Score, int Neighbours, double WorstNeighbour);

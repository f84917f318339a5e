namespace QuantowerRecorder.Analytics.Study;

/// <summary>
/// One cell of a surface: the passes whose inputs fall in bin <paramref name="X"/> (and <paramref name="Y"/>), their
/// mean objective, and the best of them. An empty cell has Count 0 and nulls: nothing is interpolated.
/// </summary>
public sealed record SurfaceCell(int X, int Y, int Count, double? Mean, double? Best, string? BestPassId);

/// <summary>
/// The objective over one input (a line: <see cref="Y"/> null, every cell's Y is 0) or two (a grid, cells row by row,
/// X fastest). <see cref="BestPassId"/> is the best pass of the study among those on the surface.
/// </summary>
public sealed record Surface(SurfaceAxis X, SurfaceAxis? Y, IReadOnlyList<SurfaceCell> Cells, int Passes, string? BestPassId);

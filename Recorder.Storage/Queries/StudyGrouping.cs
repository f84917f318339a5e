using QuantowerRecorder.Analytics.Study;
using QuantowerRecorder.Storage.Identity;

namespace QuantowerRecorder.Storage.Queries;

/// <summary>
/// Which runs form a study (docs/studies.md): a user's assignment first, then the author's name, then inference —
/// backtests of one strategy and build over the same symbol, timeframe, period (by day) and data source, whose
/// recordings started within <see cref="SessionGap"/> of the one before, with at least
/// <see cref="StudyMinimums.InferredPasses"/> parameter sets among them.
/// </summary>
internal static class StudyGrouping
{
    /// <summary>Recordings further apart than this (by the time the file recorded each run) are separate optimisations.</summary>
    public static readonly TimeSpan SessionGap = TimeSpan.FromHours(1);

    public static List<StudyInfo> Group(IReadOnlyList<StudyRunFacts> runs)
    {
        var studies = new Dictionary<string, Draft>(StringComparer.Ordinal);
        var candidates = new List<StudyRunFacts>();
        foreach (var run in runs.OrderBy(r => r.RunId, StringComparer.Ordinal))
        {
            if (run.Assigned)
            {
                if (run.AssignedStudyId is { } id)
                {
                    Open(studies, id, run.AssignedName ?? id, StudyOrigin.Grouped).Add(run, run.AssignedObjective);
                }
            }
            else if (run.AuthorStudy is { } name && run.IsBacktest)
            {
                Open(studies, Identities.StudyId(name), name, StudyOrigin.Named).Add(run, run.AuthorObjective);
            }
            else if (run.IsBacktest)
            {
                candidates.Add(run);
            }
        }

        foreach (var session in Infer(candidates))
        {
            var first = session[0];
            var draft = Open(studies, Identities.InferredStudyId(first.RunId), InferredName(first), StudyOrigin.Inferred);
            session.ForEach(r => draft.Add(r, r.AuthorObjective));
        }

        var inStudy = studies.Values.SelectMany(s => s.Passes).Select(p => p.RunId).ToHashSet(StringComparer.Ordinal);
        var outside = runs.Where(r => !r.IsBacktest && !inStudy.Contains(r.RunId) && !(r.Assigned && r.AssignedStudyId is null))
            .OrderBy(r => r.RunId, StringComparer.Ordinal).ToList();
        var result = studies.Values
            .OrderBy(s => s.Passes.Min(p => p.CreatedUtc), StringComparer.Ordinal).ThenBy(s => s.Id, StringComparer.Ordinal)
            .Select(s => s.Build(outside)).ToList();
        return Deduplicate(result);
    }

    private static Draft Open(Dictionary<string, Draft> studies, string id, string name, StudyOrigin origin)
    {
        if (!studies.TryGetValue(id, out var draft))
        {
            studies[id] = draft = new Draft(id, name, origin);
        }

        return draft;
    }

    private static IEnumerable<List<StudyRunFacts>> Infer(List<StudyRunFacts> candidates)
    {
        var byEnvironment = candidates.GroupBy(r => string.Join('\n', r.StrategyId, r.Build, r.SymbolsJson ?? r.Symbol, r.Timeframe,
            Day(r.StartUtc), Day(r.EndUtc), r.DataSource), StringComparer.Ordinal);
        foreach (var environment in byEnvironment)
        {
            var session = new List<StudyRunFacts>();
            DateTime? last = null;
            foreach (var run in environment.OrderBy(r => r.CreatedUtc, StringComparer.Ordinal).ThenBy(r => r.RunId, StringComparer.Ordinal))
            {
                var created = Timestamps.Parse(run.CreatedUtc);
                if (last is { } previous && created - previous > SessionGap)
                {
                    if (Differs(session))
                    {
                        yield return session;
                    }

                    session = [];
                }

                session.Add(run);
                last = created;
            }

            if (Differs(session))
            {
                yield return session;
            }
        }
    }

    // One parameter set run twice is a repeat, not an optimisation; and a handful of backtests is not one either: an
    // inferred study needs as many parameter sets as its overfitting figure (docs/studies.md).
    private static bool Differs(List<StudyRunFacts> session) =>
        session.Select(r => r.InstanceId).Distinct(StringComparer.Ordinal).Count() >= StudyMinimums.InferredPasses;

    /// <summary>The UTC day of a stored time (its first ten characters): a run's period is compared by day.</summary>
    internal static string? Day(string? utc) => utc is { Length: >= 10 } ? utc[..10] : utc;

    private static string InferredName(StudyRunFacts first) =>
        string.Join(' ', new[] { first.StrategyName ?? "study", first.Symbol, first.Timeframe, Day(first.StartUtc) }
            .Where(p => !string.IsNullOrWhiteSpace(p)));

    // Two inferred studies of the same strategy, symbol and day would share a name: the later ones get "#2", "#3".
    private static List<StudyInfo> Deduplicate(List<StudyInfo> studies)
    {
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < studies.Count; i++)
        {
            var name = studies[i].Name;
            var count = seen[name] = seen.GetValueOrDefault(name) + 1;
            if (count > 1)
            {
                studies[i] = studies[i] with { Name = $"{name} #{count}" };
            }
        }

        return studies;
    }

    private sealed class Draft(string id, string name, StudyOrigin origin)
    {
        private readonly List<string> objectives = [];

        public string Id => id;

        public List<StudyRunFacts> Passes { get; } = [];

        public void Add(StudyRunFacts run, string? objective)
        {
            Passes.Add(run);
            if (objective is not null)
            {
                objectives.Add(objective);
            }
        }

        public StudyInfo Build(List<StudyRunFacts> outside)
        {
            var passes = Passes.OrderBy(p => p.RunId, StringComparer.Ordinal).ToList();
            var first = passes[0];
            var byInstance = passes.GroupBy(p => p.InstanceId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().RunId, StringComparer.Ordinal);
            var linked = outside.Where(r => byInstance.ContainsKey(r.InstanceId))
                .Select(r => new StudyLink(r.RunId, r.RunType, r.Status, r.StartUtc, byInstance[r.InstanceId], r.InstanceId)).ToList();
            // The objective most passes were recorded with (the user's, for a group); ties go to the first in text order.
            var objective = objectives.GroupBy(o => o, StringComparer.Ordinal)
                .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Key).FirstOrDefault();
            return new StudyInfo(id, name, origin, first.StrategyId, first.StrategyName, objective, first.Symbol, first.Timeframe,
                first.DataSource, first.StartUtc, first.EndUtc, passes.Select(p => p.Member()).ToList().AsReadOnly(), linked.AsReadOnly());
        }
    }
}

using QuantowerRecorder.Plugin.Diagnostics;
using QuantowerRecorder.Plugin.Mapping;

namespace QuantowerRecorder.Plugin.Recording;

/// <summary>A run's bars: started once its time is known, requested from its start (<see cref="BarSeriesRecorder"/>).</summary>
internal sealed partial class RunTracker
{
    // Bars start once the run's time (their request window) is known, once; their events wait for the file like others.
    // A run whose end is asked before its bars started (a backtest that played out while the file opened) still gets
    // them: its end waits for the start (TryFinish).
    private bool TakeBarStartLocked()
    {
        if (barsStarted || bars is null || !opened || ended)
        {
            return false;
        }

        barsStarted = barsStarting = true;
        return true;
    }

    /// <summary>
    /// The run goes on after a lost connection with the history the strategy requested in this OnRun (it disposed the
    /// one it gave before in OnStop): the run's bars follow the new one from the run's start — what both saw is a
    /// repeat — and the old one is left. Nothing changes for bars the recorder requested itself.
    /// </summary>
    public void FollowBars(BarRequest request)
    {
        BarSeriesRecorder[] left;
        bool start;
        lock (gate)
        {
            if (ending || ended || barsStarting || bars?.Given is null || request.Given is null || ReferenceEquals(bars.Given, request.Given))
            {
                return;
            }

            bars = request;
            left = [.. series];
            series.Clear();
            barsStarted = false;
            start = TakeBarStartLocked();
        }

        foreach (var recorder in left)
        {
            recorder.Dispose();
        }

        if (start)
        {
            StartBars();
        }
    }

    // Never under the run's lock: the history request is synchronous. The bars are requested from the run's start,
    // whenever this runs (in the background, a backtest may have played on meanwhile).
    private void StartBars()
    {
        Guard.Run(problems, "bars", () =>
        {
            var request = bars!;
            DateTime from;
            bool released;
            var recorder = new BarSeriesRecorder(request.Symbol, request.Period, request.VolumeAnalysis, RunId, Definition.Source, EmitBar, clock, problems)
            {
                Given = request.Given,
            };
            lock (gate)
            {
                if (ended)
                {
                    return;
                }

                series.Add(recorder);
                flow.Meet(request.Symbol, scope.Account, double.NaN, Now);
                from = openedAt;
                released = formingReleased;
            }

            if (released)
            {
                // The run's end was asked before this series was listed: it holds no forming bar.
                recorder.StopHolding();
            }

            recorder.Start(from);
        });

        bool ending;
        lock (gate)
        {
            barsStarting = false;
            ending = this.ending;
        }

        if (ending)
        {
            // A run whose end waited for its bars to start may end now.
            TryFinish();
        }
    }
}

using NUnit.Framework;

// Fixtures run side by side: each has its own files (TempDatabase), ports (Kestrel on port 0), databases (a PostgreSQL
// database per test), browser profiles and child processes. Most of the suite's time is spent waiting on those child
// processes, browsers, PostgreSQL and the disk, so more workers than this machine's two cores keep it busy; see
// test.sh's slowest fixtures. A fixture that truly shares something with others (the stand-in's one Core.Instance, the
// process's environment) is [NonParallelizable] with a comment saying what: NUnit runs those alone. The demo recorded
// in this process drives Core.Instance from parallel tests too, through SharedDemo.OnThePlatform, one at a time: the
// platform's other users are [NonParallelizable], so none of them runs beside it. A [SetUpFixture]
// says [Parallelizable(ParallelScope.Self | ParallelScope.Fixtures)]: without it, NUnit runs its namespace alone.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(4)]

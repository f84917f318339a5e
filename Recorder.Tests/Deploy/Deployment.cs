using QuantowerRecorder.Tests.Plugin.Hosting;

namespace QuantowerRecorder.Tests.Deploy;

/// <summary>
/// A Quantower-like folder build.ps1 deployed into, its files before the run, what the run printed, and what it had
/// published (artifacts/plugin).
/// </summary>
internal sealed record Deployment(QuantowerInstall Install, FolderFiles Before, ScriptRun Run, FolderFiles Published);

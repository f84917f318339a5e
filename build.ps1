<#
.SYNOPSIS
  Builds QuantowerRecorder against Quantower's own DLLs, runs the tests, builds the recorder command for Windows, and
  optionally deploys the plugin into Quantower.

.EXAMPLE
  .\build.ps1 -QuantowerBin "C:\Quantower\TradingPlatform\v1.142.20\bin"
  .\build.ps1 -QuantowerBin "C:\Quantower\TradingPlatform\v1.142.20\bin" -Deploy
  .\build.ps1 -QuantowerBin "C:\Quantower\TradingPlatform\v1.142.20\bin" -Deploy -SkipTests

.NOTES
  Runs in Windows PowerShell 5.1 and in PowerShell 7, so it uses nothing newer than 5.1: no null-coalescing or
  ternary operators, no pipeline chain operators; ASCII only (5.1 reads a file without a BOM as ANSI).
  The tests run against Quantower.StandIn (they drive the platform through its test controls, which the real DLL
  does not have). The plugin that is deployed is a separate Release build against the real
  TradingPlatform.BusinessLayer.dll, referenced and not copied: Quantower provides it at run time.
  Step by step: docs/plugin.md, "Install with build.ps1".
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [string] $QuantowerBin,

    [switch] $Deploy,

    # Skips the test suite (for a quick redeploy after a green run).
    [switch] $SkipTests,

    # Default: <Quantower>\Settings\Scripts\Strategies\QuantowerRecorder, three levels above ...\TradingPlatform\v...\bin.
    [string] $StrategiesFolder
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Invoke-Step([string] $Title, [scriptblock] $Command) {
    Write-Host "==> $Title" -ForegroundColor Cyan
    # Reset first: under StrictMode an unset $LASTEXITCODE would itself be an error, and a stale one would mislead.
    $global:LASTEXITCODE = 0
    & $Command
    if ($LASTEXITCODE -ne 0) {
        throw "$Title failed (exit code $LASTEXITCODE)."
    }
}

# Quantower.exe is the platform itself; Starter.exe is its launcher and updater, which replaces files under the
# Quantower folder while it runs. Either one running means the plugin's DLLs are loaded or about to be, so files
# copied now would be locked or mixed with the old ones. Any other process started from the Quantower folder counts
# too (a renamed or future executable).
function Get-QuantowerProcess([string] $QuantowerRoot) {
    $found = @()
    foreach ($process in @(Get-Process -ErrorAction SilentlyContinue)) {
        $path = $null
        try {
            $path = $process.Path
        }
        catch {
            # Processes of other users or of the system do not show their path; their name is still checked.
            $path = $null
        }

        $byName = @('Quantower', 'Starter') -contains $process.ProcessName
        $byPath = $false
        if ($path) {
            $byPath = $path.StartsWith($QuantowerRoot + '\', [System.StringComparison]::OrdinalIgnoreCase)
        }

        if ($byName -or $byPath) {
            $found += $process
        }
    }

    return $found
}

$root = $PSScriptRoot
$QuantowerBin = (Resolve-Path -LiteralPath $QuantowerBin).Path
$api = Join-Path $QuantowerBin 'TradingPlatform.BusinessLayer.dll'
if (-not (Test-Path -LiteralPath $api)) {
    throw "TradingPlatform.BusinessLayer.dll is not in $QuantowerBin. Pass Quantower's TradingPlatform\v...\bin folder."
}

$quantowerRoot = (Resolve-Path -LiteralPath (Join-Path $QuantowerBin '..\..\..')).Path
if (-not $StrategiesFolder) {
    $StrategiesFolder = Join-Path $quantowerRoot 'Settings\Scripts\Strategies\QuantowerRecorder'
}

# Checked before the long build, and again just before copying.
if ($Deploy) {
    $running = @(Get-QuantowerProcess $quantowerRoot)
    if ($running.Count -gt 0) {
        $names = ($running | ForEach-Object { '{0} (pid {1})' -f $_.ProcessName, $_.Id }) -join ', '
        throw "Quantower is running ($names). Close Quantower (File > Exit, and the Starter window), then run build.ps1 -Deploy again. Nothing was changed."
    }
}

$solution = Join-Path $root 'QuantowerRecorder.sln'
$plugin = Join-Path $root 'Recorder.Plugin\Recorder.Plugin.csproj'
$cliProject = Join-Path $root 'Recorder.Cli\Recorder.Cli.csproj'
$output = Join-Path $root 'artifacts\plugin'
$cliOutput = Join-Path $root 'artifacts\cli'

Invoke-Step 'Restore' { dotnet restore $solution }

if ($SkipTests) {
    Write-Host '==> Tests skipped (-SkipTests)' -ForegroundColor Yellow
}
else {
    Invoke-Step 'Tests (against the stand-in)' { dotnet test $solution -c Release --no-restore }
}

# The recorder command for Windows: recorder.exe and its DLLs in one folder (framework-dependent: it uses the
# installed .NET runtime). Built against the stand-in, as always: the CLI never loads Quantower.
if (Test-Path -LiteralPath $cliOutput) {
    Remove-Item -LiteralPath $cliOutput -Recurse -Force
}

Invoke-Step 'Build the recorder command (artifacts\cli\recorder.exe)' {
    dotnet publish $cliProject -c Release --no-restore -o $cliOutput
}

$recorderExe = Join-Path $cliOutput 'recorder.exe'
if (-not (Test-Path -LiteralPath $recorderExe)) {
    throw "recorder.exe is missing from $cliOutput after the publish step."
}

# Built after the tests, into its own folder, so the test build does not overwrite it. --no-incremental because the
# test build compiled the same project against the stand-in in the same obj folder.
if (Test-Path -LiteralPath $output) {
    Remove-Item -LiteralPath $output -Recurse -Force
}

Invoke-Step 'Build the plugin against Quantower' {
    dotnet build $plugin -c Release --no-restore --no-incremental "-p:QuantowerBin=$QuantowerBin" -o $output
}

if (Test-Path -LiteralPath (Join-Path $output 'TradingPlatform.BusinessLayer.dll')) {
    throw 'TradingPlatform.BusinessLayer.dll was copied into the output; Quantower must provide its own.'
}

# Where the plugin writes unless its "Database file" input says otherwise (Recorder.Plugin\Recording\DefaultPaths.cs).
$documents = [Environment]::GetFolderPath('MyDocuments')
if (-not $documents) {
    $documents = [Environment]::GetFolderPath('UserProfile')
}

$database = Join-Path (Join-Path $documents 'QuantowerRecorder') 'quantower-runs.db'

if ($Deploy) {
    $running = @(Get-QuantowerProcess $quantowerRoot)
    if ($running.Count -gt 0) {
        $names = ($running | ForEach-Object { '{0} (pid {1})' -f $_.ProcessName, $_.Id }) -join ', '
        throw "Quantower was started during the build ($names). Close it, then run build.ps1 -Deploy -SkipTests. Nothing was deployed."
    }

    Write-Host "==> Deploy to $StrategiesFolder" -ForegroundColor Cyan
    New-Item -ItemType Directory -Force -Path $StrategiesFolder | Out-Null
    # Everything the plugin needs: its DLL, Storage, Analytics, Microsoft.Data.Sqlite, SQLitePCLRaw, Dapper, Polly,
    # the deps.json and the native runtimes\<rid>\native\e_sqlite3.dll.
    Copy-Item -Path (Join-Path $output '*') -Destination $StrategiesFolder -Recurse -Force

    # Also next to the plugin: the first place the plugin's resolver looks. Quantower is a 64-bit process.
    $native = Join-Path $output 'runtimes\win-x64\native\e_sqlite3.dll'
    if (-not (Test-Path -LiteralPath $native)) {
        throw "e_sqlite3.dll is missing from $output\runtimes."
    }

    Copy-Item -LiteralPath $native -Destination $StrategiesFolder -Force

    Write-Host ''
    Write-Host "Deployed the plugin to:   $StrategiesFolder" -ForegroundColor Green
    Write-Host 'Start Quantower, then add "Run Recorder" in the Strategies manager (or call RunRecorder.Start from your strategy).'
}
else {
    Write-Host ''
    Write-Host "Built the plugin in:      $output (not deployed; add -Deploy to copy it into Quantower)" -ForegroundColor Green
}

Write-Host "The recorder command:     $recorderExe"
Write-Host "The plugin's database:    $database (unless the strategy's ""Database file"" input names another)"
Write-Host 'Open it with the recorder command (once a run has been recorded):'
Write-Host ('  & "{0}" runs --db "{1}"' -f $recorderExe, $database)
Write-Host 'Or install the command once, so that "recorder runs" works in any folder (see README.md):'
Write-Host ('  dotnet pack "{0}" -c Release' -f $cliProject)
Write-Host ('  dotnet tool install --global --add-source "{0}" QuantowerRecorder.Cli' -f (Join-Path $root 'artifacts\tool'))

<#
.SYNOPSIS
  Builds QuantowerRecorder against Quantower's own DLLs, runs the tests, and optionally deploys the plugin.

.EXAMPLE
  ./build.ps1 -QuantowerBin "C:\Quantower\TradingPlatform\v1.142.20\bin"
  ./build.ps1 -QuantowerBin "C:\Quantower\TradingPlatform\v1.142.20\bin" -Deploy

.NOTES
  The tests run against Quantower.StandIn (they drive the platform through its test controls, which the real DLL
  does not have). The plugin that is deployed is a separate Release build against the real
  TradingPlatform.BusinessLayer.dll, referenced and not copied: Quantower provides it at run time.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [string] $QuantowerBin,

    [switch] $Deploy,

    # Default: <Quantower>\Settings\Scripts\Strategies\QuantowerRecorder, three levels above ...\TradingPlatform\v…\bin.
    [string] $StrategiesFolder
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Invoke-Step([string] $Title, [scriptblock] $Command) {
    Write-Host "==> $Title" -ForegroundColor Cyan
    & $Command
    if ($LASTEXITCODE -ne 0) { throw "$Title failed (exit code $LASTEXITCODE)." }
}

$root = $PSScriptRoot
$QuantowerBin = (Resolve-Path -LiteralPath $QuantowerBin).Path
$api = Join-Path $QuantowerBin 'TradingPlatform.BusinessLayer.dll'
if (-not (Test-Path -LiteralPath $api)) {
    throw "TradingPlatform.BusinessLayer.dll is not in $QuantowerBin. Pass Quantower's TradingPlatform\v…\bin folder."
}

$solution = Join-Path $root 'QuantowerRecorder.sln'
$plugin = Join-Path $root 'Recorder.Plugin\Recorder.Plugin.csproj'
$output = Join-Path $root 'artifacts\plugin'

Invoke-Step 'Restore' { dotnet restore $solution }
Invoke-Step 'Tests (against the stand-in)' { dotnet test $solution -c Release --no-restore }

# Built after the tests, into its own folder, so the test build does not overwrite it. --no-incremental because the
# test build compiled the same project against the stand-in in the same obj folder.
if (Test-Path -LiteralPath $output) { Remove-Item -LiteralPath $output -Recurse -Force }
Invoke-Step 'Build the plugin against Quantower' {
    dotnet build $plugin -c Release --no-restore --no-incremental "-p:QuantowerBin=$QuantowerBin" -o $output
}

if (Test-Path -LiteralPath (Join-Path $output 'TradingPlatform.BusinessLayer.dll')) {
    throw 'TradingPlatform.BusinessLayer.dll was copied into the output; Quantower must provide its own.'
}

if ($Deploy) {
    if (-not $StrategiesFolder) {
        $quantowerRoot = (Resolve-Path -LiteralPath (Join-Path $QuantowerBin '..\..\..')).Path
        $StrategiesFolder = Join-Path $quantowerRoot 'Settings\Scripts\Strategies\QuantowerRecorder'
    }

    Write-Host "==> Deploy to $StrategiesFolder" -ForegroundColor Cyan
    New-Item -ItemType Directory -Force -Path $StrategiesFolder | Out-Null
    # Everything the plugin needs: its DLL, Storage, Analytics, Microsoft.Data.Sqlite, SQLitePCLRaw, Dapper, Polly,
    # the deps.json and the native runtimes\<rid>\native\e_sqlite3.dll.
    Copy-Item -Path (Join-Path $output '*') -Destination $StrategiesFolder -Recurse -Force

    # Also next to the plugin: the first place the plugin's resolver looks. Quantower is a 64-bit process.
    $native = Join-Path $output 'runtimes\win-x64\native\e_sqlite3.dll'
    if (-not (Test-Path -LiteralPath $native)) { throw "e_sqlite3.dll is missing from $output\runtimes." }
    Copy-Item -LiteralPath $native -Destination $StrategiesFolder -Force

    Write-Host "Deployed. Restart Quantower (or reload strategies), then add 'Run Recorder' in the Strategies manager." -ForegroundColor Green
}

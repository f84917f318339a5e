<#
.SYNOPSIS
  Builds QuantowerRecorder against Quantower's own DLLs, runs the tests of what is deployed, builds the recorder
  command for this PC, and optionally deploys the plugin into Quantower.

.EXAMPLE
  .\build.ps1 -QuantowerBin "C:\Quantower\TradingPlatform\v1.142.20\bin"
  .\build.ps1 -QuantowerBin "C:\Quantower\TradingPlatform\v1.142.20\bin" -Deploy
  .\build.ps1 -QuantowerBin "C:\Quantower\TradingPlatform\v1.142.20\bin" -Deploy -SkipTests

.NOTES
  Runs in Windows PowerShell 5.1 and in PowerShell 7, so it uses nothing newer than 5.1: no null-coalescing or
  ternary operators, no pipeline chain operators; ASCII only (5.1 reads a file without a BOM as ANSI).
  Needs the .NET SDK 8 or newer to build and deploy, and the SDK 10 for the tests (Recorder.Tests targets net10.0);
  with -SkipTests the SDK 8 is enough, because only the deployed projects are restored and built.
  The tests run against Quantower.StandIn (they drive the platform through its test controls, which the real DLL
  does not have). The plugin that is deployed is a separate Release publish for win-x64 against the real
  TradingPlatform.BusinessLayer.dll, referenced and not copied: Quantower provides it at run time.
  The suite runs this script under PowerShell 7 on Linux too (Recorder.Tests/Deploy), so paths are split on either
  separator and the recorder command is the one of the machine the script runs on (recorder.exe on Windows).
  Step by step: docs/plugin.md, "Install on Windows, step by step".
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory = $true)]
    [string] $QuantowerBin,

    [switch] $Deploy,

    # Skips the tests (for a quick redeploy after a green run, or on a PC with only the SDK 8 or 9).
    [switch] $SkipTests,

    # The plugin's own folder. Default: <Quantower>\Settings\Scripts\Strategies\QuantowerRecorder, three levels above
    # ...\TradingPlatform\v...\bin. A deploy replaces what an earlier deploy put there, so it must not be shared.
    [string] $StrategiesFolder,

    # For the suite's tests only: the platform the plugin is published for. Quantower runs on 64-bit Windows alone, so
    # a trader never sets it; the tests on Linux publish for linux-x64 so that their Quantower-like host can load the
    # deployed folder's native SQLite (libe_sqlite3.so instead of e_sqlite3.dll; the managed files are the same).
    [string] $Runtime = 'win-x64'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

# A folder's path ending with exactly one separator, so that a prefix test never takes C:\Quantower2 for a folder
# inside C:\Quantower. Either separator is trimmed: PowerShell 7 on Linux accepts both, and keeps a trailing one.
function Get-FolderPrefix([string] $Folder) {
    return $Folder.TrimEnd('\', '/') + [System.IO.Path]::DirectorySeparatorChar
}

# Runs one native command (dotnet) and stops the script when it fails. $Hint says what to do then.
function Invoke-Step([string] $Title, [scriptblock] $Command, [string] $Hint = '') {
    Write-Host "==> $Title" -ForegroundColor Cyan
    # Windows PowerShell 5.1 makes every line a native program writes to stderr an error record once that stream is
    # redirected (2>&1 below, or a caller's log file or CI runner); under 'Stop' the first one, often a mere warning,
    # would end the script. Here stderr is only text: the exit code alone says whether dotnet failed.
    $ErrorActionPreference = 'Continue'
    $PSNativeCommandUseErrorActionPreference = $false
    # Reset first: under StrictMode an unset $LASTEXITCODE would itself be an error, and a stale one would mislead.
    $global:LASTEXITCODE = 0
    & $Command 2>&1 | ForEach-Object {
        if ($_ -is [System.Management.Automation.ErrorRecord]) { $_.Exception.Message } else { $_ }
    } | Out-Host
    $code = $global:LASTEXITCODE
    if ($code -ne 0) {
        throw "$Title failed (exit code $code). $Hint"
    }
}

# The version of the .NET SDK that builds in this folder (the newest installed, unless a global.json pins one).
function Get-SdkVersion([string] $Folder) {
    if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
        return $null
    }

    # 'Continue' for the reason Invoke-Step gives; stderr is not needed here.
    $ErrorActionPreference = 'Continue'
    $global:LASTEXITCODE = 0
    Push-Location -LiteralPath $Folder
    try {
        $text = & dotnet --version 2>$null | Out-String
    }
    finally {
        Pop-Location
    }

    # The version is the last line (a first run of the SDK may print a welcome text before it).
    if ($global:LASTEXITCODE -ne 0 -or $text -notmatch '(?m)^(\d+\.\d+\.\S+)\s*\z') {
        return $null
    }

    return $Matches[1]
}

# Quantower.exe is the platform itself; Starter.exe is its launcher and updater, which replaces files under the
# Quantower folder while it runs. Either one running from this Quantower's folder means the plugin's DLLs are loaded
# or about to be, so files copied now would be locked or mixed with the old ones; so does any other program started
# from there (a renamed or future executable). A process is matched by its path, not its name: other programs are
# called Starter too, and a second Quantower installed elsewhere loads its own plugins folder.
function Get-QuantowerProcess([string] $QuantowerRoot) {
    $prefix = Get-FolderPrefix $QuantowerRoot
    $found = @()
    foreach ($process in @(Get-Process -ErrorAction SilentlyContinue)) {
        $path = $null
        try {
            $path = $process.Path
        }
        catch {
            $path = $null
        }

        if ($path) {
            if ($path.StartsWith($prefix, [System.StringComparison]::OrdinalIgnoreCase)) {
                $found += $process
            }
        }
        elseif ($process.ProcessName -eq 'Quantower') {
            # A Quantower started as administrator hides its path from a PowerShell that is not: assume it is this one.
            $found += $process
        }
    }

    return $found
}

function Assert-QuantowerClosed([string] $QuantowerRoot, [string] $Message) {
    $running = @(Get-QuantowerProcess $QuantowerRoot)
    if ($running.Count -gt 0) {
        $names = ($running | ForEach-Object { '{0} (pid {1})' -f $_.ProcessName, $_.Id }) -join ', '
        throw ($Message -f $names)
    }
}

# The record of a deploy: the files it put into the plugin's folder, relative to it, one per line. The next deploy
# removes exactly those before copying its own, so files a dependency no longer needs do not stay behind (Quantower
# tries to load every .dll under its strategies folder).
$manifestName = 'QuantowerRecorder.deployed.txt'

# Deploys made before the manifest existed copied the whole build output: these files, at the top of the plugin's
# folder, and a runtimes\ folder with the native SQLite of about 30 platforms. Only used when there is no manifest and
# the folder holds such a deploy's Recorder.Plugin.dll.
$oldLayout = @('Recorder.*.dll', 'Recorder.*.pdb', 'Recorder.*.xml', 'Recorder.*.deps.json',
    'Microsoft.Data.Sqlite*.dll', 'Microsoft.Data.Sqlite*.pdb', 'Microsoft.Data.Sqlite*.xml',
    'SQLitePCLRaw.*.dll', 'SQLitePCLRaw.*.pdb', 'Dapper*.dll', 'Dapper*.pdb', 'Dapper*.xml',
    'Polly*.dll', 'Polly*.pdb', 'Polly*.xml', 'e_sqlite3.dll')

# The files an earlier deploy put into $Folder, relative to it.
function Get-EarlierDeploy([string] $Folder) {
    $manifest = Join-Path $Folder $manifestName
    if (Test-Path -LiteralPath $manifest -PathType Leaf) {
        return @(Get-Content -LiteralPath $manifest | Where-Object { $_ -and -not $_.StartsWith('#') })
    }

    if (-not (Test-Path -LiteralPath (Join-Path $Folder 'Recorder.Plugin.dll') -PathType Leaf)) {
        return @()
    }

    $earlier = @()
    foreach ($file in @(Get-ChildItem -LiteralPath $Folder -File)) {
        foreach ($pattern in $oldLayout) {
            if ($file.Name -like $pattern) {
                $earlier += $file.Name
                break
            }
        }
    }

    $runtimes = Join-Path $Folder 'runtimes'
    if (Test-Path -LiteralPath $runtimes -PathType Container) {
        $under = (Get-FolderPrefix (Get-Item -LiteralPath $runtimes).FullName).Length
        foreach ($file in @(Get-ChildItem -LiteralPath $runtimes -File -Recurse)) {
            $earlier += Join-Path 'runtimes' $file.FullName.Substring($under)
        }
    }

    return $earlier
}

# Removes those files, and the folders they leave empty, from $Folder and nowhere else.
function Remove-EarlierDeploy([string] $Folder) {
    $prefix = Get-FolderPrefix $Folder
    $folders = @()
    foreach ($relative in @(Get-EarlierDeploy $Folder)) {
        # A manifest is a text file anyone can edit: never follow one out of the plugin's folder.
        $path = $null
        if (-not [System.IO.Path]::IsPathRooted($relative)) {
            $path = [System.IO.Path]::GetFullPath((Join-Path $Folder $relative))
        }

        if (-not $path -or -not $path.StartsWith($prefix, [System.StringComparison]::OrdinalIgnoreCase)) {
            Write-Warning "Not removing $relative (outside $Folder)."
            continue
        }

        if (Test-Path -LiteralPath $path -PathType Leaf) {
            Remove-Item -LiteralPath $path -Force
            $folders += Split-Path -Parent $path
        }
    }

    # Deepest first, so that runtimes\win-x64\native goes before runtimes\win-x64 and runtimes.
    foreach ($emptied in @($folders | Sort-Object -Unique | Sort-Object -Property Length -Descending)) {
        $current = $emptied
        while ($current.StartsWith($prefix, [System.StringComparison]::OrdinalIgnoreCase) -and (Test-Path -LiteralPath $current -PathType Container)) {
            if (@(Get-ChildItem -LiteralPath $current -Force).Count -gt 0) {
                break
            }

            Remove-Item -LiteralPath $current -Force
            $current = Split-Path -Parent $current
        }
    }
}

$root = $PSScriptRoot
# ProviderPath, not Path: for a network share Path is "Microsoft.PowerShell.Core\FileSystem::\\server\...", which
# dotnet cannot open. No trailing backslash: Windows PowerShell 5.1 quotes an argument that contains a space as
# "-p:QuantowerBin=C:\Program Files\...\bin\", and the program then reads \" as a literal quote, not the end.
if (-not (Test-Path -LiteralPath $QuantowerBin -PathType Container)) {
    throw "The folder $QuantowerBin does not exist. Pass Quantower's TradingPlatform\v...\bin folder, the one that holds TradingPlatform.BusinessLayer.dll. Nothing was built."
}

$QuantowerBin = (Resolve-Path -LiteralPath $QuantowerBin).ProviderPath.TrimEnd('\', '/')
$api = Join-Path $QuantowerBin 'TradingPlatform.BusinessLayer.dll'
if (-not (Test-Path -LiteralPath $api -PathType Leaf)) {
    throw "TradingPlatform.BusinessLayer.dll is not in $QuantowerBin. Pass Quantower's TradingPlatform\v...\bin folder, the one that holds it. Nothing was built."
}

$quantowerRoot = (Resolve-Path -LiteralPath (Join-Path $QuantowerBin '..\..\..')).ProviderPath.TrimEnd('\', '/')
if (-not $StrategiesFolder) {
    $StrategiesFolder = Join-Path $quantowerRoot 'Settings\Scripts\Strategies\QuantowerRecorder'
}

# Checked before the long build, and again just before copying.
if ($Deploy) {
    Assert-QuantowerClosed $quantowerRoot 'Quantower is running ({0}). Close Quantower (File > Exit, and the Starter window), then run build.ps1 -Deploy again. Nothing was changed.'
}

# The SDK, checked before anything is built: the deployed projects target net8.0 (SDK 8 or newer), the tests net10.0.
$sdk = Get-SdkVersion $root
if (-not $sdk) {
    throw 'The .NET SDK was not found (no working dotnet command). Install the .NET SDK 10 (winget install Microsoft.DotNet.SDK.10), open a new PowerShell, and run build.ps1 again. Nothing was built.'
}

# The plugin's native SQLite for that platform: the one file the publish puts beside Recorder.Plugin.dll.
if ($Runtime -like 'win-*') {
    $nativeSqlite = 'e_sqlite3.dll'
}
elseif ($Runtime -like 'linux-*') {
    $nativeSqlite = 'libe_sqlite3.so'
}
elseif ($Runtime -like 'osx-*') {
    $nativeSqlite = 'libe_sqlite3.dylib'
}
else {
    throw "-Runtime $Runtime is not a runtime identifier this script knows (win-x64, linux-x64, osx-arm64, ...). Leave it out: Quantower needs win-x64. Nothing was built."
}

$sdkMajor = [int]($sdk.Split('.')[0])
if ($sdkMajor -lt 8) {
    throw "The .NET SDK $sdk is too old: the plugin needs the SDK 8 or newer. Install the .NET SDK 10 (winget install Microsoft.DotNet.SDK.10) and run build.ps1 again. Nothing was built."
}

if ($sdkMajor -lt 10 -and -not $SkipTests) {
    throw "The tests need the .NET SDK 10 (Recorder.Tests targets net10.0); this PC builds with the SDK $sdk. Install it (winget install Microsoft.DotNet.SDK.10) and run build.ps1 again, or add -SkipTests to build and deploy with the SDK $sdk, untested. Nothing was built."
}

$plugin = Join-Path $root 'Recorder.Plugin\Recorder.Plugin.csproj'
$cliProject = Join-Path $root 'Recorder.Cli\Recorder.Cli.csproj'
$testProject = Join-Path $root 'Recorder.Tests\Recorder.Tests.csproj'
$output = Join-Path $root 'artifacts\plugin'
$cliOutput = Join-Path $root 'artifacts\cli'

# The tests of what is deployed: the plugin, its storage and analytics, and the native SQLite load as Quantower loads
# the plugin. Not the team store's (they need PostgreSQL), the browser tests of the report and page, nor the disk-full
# test that mounts a Linux filesystem: none of those parts is deployed, and a trader's PC has none of what they need.
$deployedTests = '(FullyQualifiedName~QuantowerRecorder.Tests.Plugin.|FullyQualifiedName~QuantowerRecorder.Tests.Storage.|FullyQualifiedName~QuantowerRecorder.Tests.Analytics.)&TestCategory!=PostgreSQL&TestCategory!=Browser&TestCategory!=LinuxRoot'

if ($SkipTests) {
    Write-Host '==> Tests skipped (-SkipTests)' -ForegroundColor Yellow
}
else {
    Invoke-Step 'Tests of the plugin, storage and analytics (against the stand-in)' {
        dotnet test $testProject -c Release --filter $deployedTests
    } 'See the failures above. To build and deploy anyway, run build.ps1 again with -SkipTests.'
}

# The recorder command for this PC: its launcher and DLLs in one folder (framework-dependent: it uses the installed
# .NET runtime). The launcher is built for the machine that publishes, so it is recorder.exe on Windows and recorder
# elsewhere; the printed commands below name the one that was built, and they run here as printed. Built against the
# stand-in, as always: the CLI never loads Quantower.
if ([System.IO.Path]::DirectorySeparatorChar -eq '\') {
    $recorderName = 'recorder.exe'
}
else {
    $recorderName = 'recorder'
}

$recorderExe = Join-Path $cliOutput $recorderName
if (Test-Path -LiteralPath $cliOutput) {
    Remove-Item -LiteralPath $cliOutput -Recurse -Force
}

Invoke-Step "Build the recorder command ($recorderExe)" {
    dotnet publish $cliProject -c Release -o $cliOutput
}

if (-not (Test-Path -LiteralPath $recorderExe -PathType Leaf)) {
    throw "$recorderName is missing from $cliOutput after the publish step."
}

# The deployable folder: the plugin published for win-x64 (Quantower is a 64-bit Windows process; -Runtime is for the
# tests), so it holds the plugin, its managed dependencies and e_sqlite3.dll flat beside them, and no other platform's
# native libraries. Into its own folder, emptied first, so nothing of an earlier build is deployed with it.
if (Test-Path -LiteralPath $output) {
    Remove-Item -LiteralPath $output -Recurse -Force
}

$quantowerProperty = '-p:QuantowerBin=' + $QuantowerBin
Invoke-Step "Publish the plugin for $Runtime against Quantower" {
    dotnet publish $plugin -c Release -r $Runtime --self-contained false $quantowerProperty -o $output
}

# Relative to the output folder, as Get-ChildItem spells the folder's own path.
$under = (Get-FolderPrefix (Get-Item -LiteralPath $output).FullName).Length
$deployFiles = @(Get-ChildItem -LiteralPath $output -File -Recurse | ForEach-Object { $_.FullName.Substring($under) })
foreach ($needed in @('Recorder.Plugin.dll', $nativeSqlite)) {
    if ($deployFiles -notcontains $needed) {
        throw "$needed is missing from $output after the publish step."
    }
}

if ($deployFiles -contains 'TradingPlatform.BusinessLayer.dll') {
    throw 'TradingPlatform.BusinessLayer.dll was copied into the output; Quantower must provide its own.'
}

if (@($deployFiles | Where-Object { $_ -match '^runtimes[\\/]' }).Count -gt 0) {
    throw "$output has a runtimes folder: the publish was not for $Runtime alone, and Quantower would try to load other platforms' libraries."
}

# Where the plugin writes unless its "Database file" input says otherwise (Recorder.Storage\DefaultDatabase.cs).
$documents = [Environment]::GetFolderPath('MyDocuments')
if (-not $documents) {
    $documents = [Environment]::GetFolderPath('UserProfile')
}

$database = Join-Path (Join-Path $documents 'QuantowerRecorder') 'quantower-runs.db'

if ($Deploy) {
    Assert-QuantowerClosed $quantowerRoot 'Quantower was started during the build ({0}). Close it, then run build.ps1 -Deploy -SkipTests. Nothing was deployed.'

    Write-Host "==> Deploy to $StrategiesFolder" -ForegroundColor Cyan
    New-Item -ItemType Directory -Force -Path $StrategiesFolder | Out-Null
    $StrategiesFolder = (Resolve-Path -LiteralPath $StrategiesFolder).ProviderPath.TrimEnd('\', '/')
    Remove-EarlierDeploy $StrategiesFolder

    # The record first: if copying stops half-way, the next deploy still knows what to remove.
    $manifest = @('# Written by build.ps1 -Deploy: the files it put here. The next deploy removes exactly these.') + $deployFiles
    Set-Content -LiteralPath (Join-Path $StrategiesFolder $manifestName) -Value $manifest -Encoding Ascii
    foreach ($relative in $deployFiles) {
        $target = Join-Path $StrategiesFolder $relative
        New-Item -ItemType Directory -Force -Path (Split-Path -Parent $target) | Out-Null
        Copy-Item -LiteralPath (Join-Path $output $relative) -Destination $target -Force
    }

    Write-Host ''
    Write-Host ('Deployed the plugin ({0} files) to: {1}' -f $deployFiles.Count, $StrategiesFolder) -ForegroundColor Green
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
Write-Host ('  dotnet pack -c Release "{0}"' -f $cliProject)
Write-Host ('  dotnet tool install --global QuantowerRecorder.Cli --add-source "{0}"' -f (Join-Path $root 'artifacts\tool'))

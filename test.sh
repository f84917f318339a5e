#!/usr/bin/env bash
# The README's test command. On Debian or Ubuntu with only the .NET SDK it first installs what the suite needs and is
# missing — chromium (the report and page tests' headless browser), postgresql (the team-store tests start their own
# throwaway server from it), fuse3 and python3-fusepy (the power-cut test's disk that forgets) and, when npm is there, the page's locked chart library in web/node_modules — and then runs
# the whole suite with dotnet test. What is already there is left alone, so a second run installs nothing.
#
# Installing takes root: it runs apt-get itself as root, or through sudo when sudo needs no password. When it cannot,
# it says so with the command to run, the tests that need the part fail with the same command in their message, and the
# summary says how many failed for want of it. Extra arguments go to dotnet test (./test.sh --filter "FullyQualifiedName~Plugin").
# It ends with the ten slowest fixtures and their times (from the run's trx results file), then the last line,
# "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

say() { echo "test.sh: $*"; }

# Runs a command as root: directly when this is root; through sudo when sudo lets this user in without a password
# (-n: fail at once instead of waiting at a password prompt nobody sees).
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    return 1
  fi
}

apt_log=$(mktemp)
apt_updated=0

# Runs apt-get as root, waiting while another apt holds its lock (a fresh Ubuntu runs unattended upgrades at boot;
# CI machines run several jobs) instead of failing at once.
apt_get() {
  local attempt
  for attempt in $(seq 1 60); do
    if as_root env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 "$@" >"$apt_log.last" 2>&1; then
      cat "$apt_log.last" >>"$apt_log"
      return 0
    fi
    cat "$apt_log.last" >>"$apt_log"
    grep -qiE 'could not get lock|unable to lock' "$apt_log.last" || return 1
    [ "$attempt" -eq 1 ] && say "waiting for another apt-get to finish…"
    sleep 10
  done
  return 1
}

# Installs Debian/Ubuntu packages. The package lists are read first, once: a fresh machine (or container) has none.
apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "there is no apt-get here" >>"$apt_log"
    return 1
  fi
  if ! as_root true 2>/dev/null; then
    echo "this is not root, and sudo is missing or wants a password" >>"$apt_log"
    return 1
  fi
  if [ "$apt_updated" -eq 0 ]; then
    apt_get update -qq || return 1
    apt_updated=1
  fi
  apt_get install -y -qq "$@"
}

# Where the tests look for a browser on Linux (Recorder.Tests/Cli/BrowserLocator.cs): RECORDER_BROWSER, else these names on PATH.
have_browser() {
  if [ -n "${RECORDER_BROWSER:-}" ] && [ -e "${RECORDER_BROWSER}" ]; then
    return 0
  fi
  local name
  for name in chromium chromium-browser google-chrome google-chrome-stable microsoft-edge microsoft-edge-stable; do
    command -v "$name" >/dev/null 2>&1 && return 0
  done
  return 1
}

# Where the team-store tests look for PostgreSQL (Recorder.Tests/Support/PostgresServer.cs): RECORDER_TEST_PG, else
# Debian's server programs.
have_postgresql() {
  [ -n "${RECORDER_TEST_PG:-}" ] && return 0
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null
}

# Installs one part when it is missing: $1 the check, $2 the Debian package, $3 what needs it.
ensure() {
  local check=$1 package=$2 purpose=$3
  "$check" && return 0
  say "installing $package ($purpose)…"
  if apt_install "$package" && "$check"; then
    say "installed $package"
  else
    say "could not install $package: $(tail -n 1 "$apt_log"). Install it: sudo apt-get install -y $package"
  fi
}

# The power-cut test's filesystem (Recorder.Benchmarks/PowerCut/forgetful_fs.py): FUSE's tools, and fusepy for the
# system's python (Debian names the module fusepy; the test looks in /usr/bin/python3 first, then python3 on PATH).
have_fuse() {
  command -v fusermount3 >/dev/null 2>&1 || command -v fusermount >/dev/null 2>&1
}
have_fusepy() {
  local python
  for python in /usr/bin/python3 python3; do
    "$python" -c 'import fusepy' >/dev/null 2>&1 && return 0
    "$python" -c 'import fuse; fuse.FUSE' >/dev/null 2>&1 && return 0
  done
  return 1
}

ensure have_browser chromium "the report and page tests' headless browser"
ensure have_postgresql postgresql "the team-store tests' server"
ensure have_fuse fuse3 "the power-cut test's filesystem"
ensure have_fusepy python3-fusepy "the power-cut test's filesystem"

# The chart library test compares the shipped file with the npm package web/package-lock.json locks: from
# web/node_modules when installed, else it fetches the locked tarball itself. npm ci only when the install is missing
# or older than the lock file (npm ci empties node_modules first, so running it every time would reinstall every time).
if command -v npm >/dev/null 2>&1; then
  if [ ! -f web/node_modules/.package-lock.json ] || [ web/package-lock.json -nt web/node_modules/.package-lock.json ]; then
    say "npm ci in web/ (the chart library test's locked package)…"
    (cd web && npm ci --no-audit --no-fund >/dev/null 2>&1) \
      || say "npm ci in web/ failed; the chart library test fetches the locked tarball instead"
  fi
fi

# build.ps1's tests run the script under PowerShell 7, this repository's local .NET tool (.config/dotnet-tools.json):
# restored from NuGet into the user's package cache; a no-op when it is there.
if ! tools_out=$(dotnet tool restore 2>&1); then
  say "could not restore PowerShell (pwsh, the local .NET tool that runs build.ps1 in its tests): $(echo "$tools_out" | tail -n 1). Run it in $(pwd): dotnet tool restore"
fi

# The suite compiles the repository some fifteen times besides its own build: build.ps1's deploys in copies of the
# repository, its test step (a Release build of the test project), the deployed-folder publishes. The C# compiler
# server (the SDK's default, and a trader's, but some CI images turn it off with UseSharedCompilation=false) keeps one
# warm compiler for all of them instead of starting a cold one per project: measured here, the suite's CPU time fell
# from 1,152 s to 809 s and its tests from 9 min 5 s to 6 min 55 s. It is shut down after the run unless it was already
# running. Dynamic PGO instruments the code of every process it starts, and nearly all of the suite's are short: off,
# the demo's child process takes a quarter less CPU and a build an eighth less.
export UseSharedCompilation=true DOTNET_TieredPGO=0
compiler_server_was_running=0
pgrep -f 'VBCSCompiler' >/dev/null 2>&1 && compiler_server_was_running=1

log=$(mktemp)
results=$(mktemp -d)
trx="$results/tests.trx"
# The run's results file (each test's class and duration), read for the slowest fixtures at the end. The logger goes
# before the caller's arguments, so that runsettings after their "--" stay last (./test.sh -- NUnit.NumberOfTestWorkers=2).
set -- --logger "trx;LogFileName=$trx" "$@"
started=$(date +%s)
dotnet test QuantowerRecorder.sln "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
took=$(( $(date +%s) - started ))
if [ "$compiler_server_was_running" -eq 0 ]; then
  dotnet build-server shutdown --vbcscompiler >/dev/null 2>&1 || true
fi

# VSTest prints one summary per test assembly at the start of a line: "Passed!  - Failed: 0, Passed: 42, Skipped: 0,
# Total: 42, ..." (a nested run's, in a test's output, is indented and not counted).
read -r passed failed skipped < <(awk '
  /^(Passed|Failed)! +- +Failed:/ {
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") { v = $(i+1); gsub(/,/, "", v); f += v }
      if ($i == "Passed:") { v = $(i+1); gsub(/,/, "", v); p += v }
      if ($i == "Skipped:") { v = $(i+1); gsub(/,/, "", v); s += v }
    }
  }
  END { printf "%d %d %d\n", p, f, s }' "$log")

if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or the test host failed before any test could report: count it as a failure.
  failed=1
fi

# A test that lacks a part ends its message with "[missing: <part>]" (Recorder.Tests/Support/MissingPart.cs), once per
# failed test in VSTest's output.
want=0
report_missing() {
  local part=$1 why=$2 remedy=$3 n
  n=$(grep -c "\[missing: $part\]" "$log")
  if [ "$n" -gt 0 ]; then
    say "$n failed because $why. $remedy"
    want=$((want + n))
  fi
}
report_missing Browser "no browser is installed" "Install one: sudo apt-get install -y chromium"
report_missing PostgreSQL "PostgreSQL is not installed" "Install it: sudo apt-get install -y postgresql"
report_missing PowerShell "PowerShell (pwsh, a local .NET tool) is not restored" "Restore it at the repository's root: dotnet tool restore"
report_missing LinuxRoot "they mount a small disk, which takes root" "Run the tests as root, or as a user with passwordless sudo"
report_missing FUSE "FUSE or fusepy is missing (the power-cut test's disk)" "Install them: sudo apt-get install -y fuse3 python3-fusepy"
if [ "$skipped" -gt 0 ]; then
  say "$skipped skipped (see the test output above for why)"
fi
say "dotnet test took $((took / 60)) min $((took % 60)) s"

# A fixture's time is the sum of its tests' durations (each with its SetUp and TearDown): the trx has no fixture times,
# so a fixture's OneTimeSetUp is in none. Fixtures run side by side, so these add up to more than the run took.
slowest_fixtures() {
  LC_ALL=C awk '
    function attr(line, name) {
      if (!match(line, " " name "=\"[^\"]*\"")) return ""
      return substr(line, RSTART + length(name) + 3, RLENGTH - length(name) - 4)
    }
    /<UnitTestResult / {
      split(attr($0, "duration"), t, ":")
      seconds[attr($0, "testId")] += t[1] * 3600 + t[2] * 60 + t[3]
    }
    /<UnitTest / { test = attr($0, "id") }
    /<TestMethod / { fixture[test] = attr($0, "className") }
    END {
      for (id in seconds) total[fixture[id]] += seconds[id]
      for (name in total) { shown = name; sub(/^QuantowerRecorder\.Tests\./, "", shown); printf "%.1f %s\n", total[name], shown }
    }' "$1" | LC_ALL=C sort -rn | head -n 10 | LC_ALL=C awk '{ printf "%7.1f s  %s\n", $1, $2 }'
}
if [ -s "$trx" ]; then
  echo "slowest fixtures:"
  slowest_fixtures "$trx"
  say "every test's time is in $trx"
fi

if [ "$want" -gt 0 ]; then
  echo "${passed} passed, ${failed} failed (${want} of them for want of a part this machine lacks: see above)"
else
  echo "${passed} passed, ${failed} failed"
fi
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]

#!/usr/bin/env bash
# Builds Broker in Release and runs every test project of the solution, then prints one closing line,
# "N passed, N failed". Exits non-zero when the build fails, a test fails, or no test ran.
#
#   ./test.sh [extra dotnet test arguments]     e.g. ./test.sh --filter "FullyQualifiedName~EndToEnd"
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
readonly CONFIGURATION=Release
readonly LOG_DIR=".run/test"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

fail() { printf 'test.sh: %s\n' "$*" >&2; exit 1; }

command -v dotnet >/dev/null || fail "dotnet is not on PATH: install the .NET 10 SDK."
command -v node >/dev/null || fail "node is not on PATH: install Node.js 20 or newer."
(($(node -p 'process.versions.node.split(".")[0]') >= 20)) || fail "Node.js 20 or newer is needed."

# The tests start Azurite and run broker-client from the pinned npm tools.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    echo "Installing the pinned npm tools (npm ci)..."
    npm ci --no-audit --no-fund --loglevel=error
fi

started=$SECONDS
echo "Validating the deployment files..."
./deploy/validate.sh || fail "the deployment files do not agree with the applications (see above)."

echo "Building Broker.sln ($CONFIGURATION)..."
dotnet build Broker.sln -c "$CONFIGURATION" -nologo -v minimal -clp:NoSummary

mkdir -p "$LOG_DIR"
rm -rf "$LOG_DIR/results"
output="$LOG_DIR/dotnet-test.log"

echo "Running the tests..."
set +e
# A hung test host is ended and reported instead of running into CI's time limit.
dotnet test Broker.sln --no-build -c "$CONFIGURATION" --nologo \
    --results-directory "$LOG_DIR/results" \
    --blame-hang-timeout 15m --blame-hang-dump-type none \
    "$@" 2>&1 | tee "$output"
status=${PIPESTATUS[0]}
set -e

# One summary line per test project: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ...".
read -r passed failed skipped < <(
    grep -E '^[[:space:]]*(Passed|Failed)! +- +Failed: ' "$output" |
        sed -E 's/.*Failed: *([0-9]+), *Passed: *([0-9]+), *Skipped: *([0-9]+).*/\2 \1 \3/' |
        awk '{ p += $1; f += $2; s += $3 } END { printf "%d %d %d\n", p, f, s }'
)

# Suites may leave one-line summaries of their own (such as the security suite's request and attack counts).
for summary in "$LOG_DIR"/results/*-summary.txt; do
    [[ -f "$summary" ]] && cat "$summary"
done

echo "Tests took $((SECONDS - started)) s including the build."
if ((skipped > 0)); then
    echo "$passed passed, $failed failed, $skipped skipped"
else
    echo "$passed passed, $failed failed"
fi

if ((status != 0)); then
    echo "test.sh: dotnet test exited with code $status." >&2
    exit "$status"
fi
if ((failed > 0)); then
    exit 1
fi
if ((passed == 0)); then
    echo "test.sh: no test ran." >&2
    exit 1
fi

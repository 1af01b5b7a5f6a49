#!/usr/bin/env bash
# Runs Broker's benchmarks on this machine: the same load tool against Broker, Nchan and a minimal Kestrel writer.
#
#   bench/run.sh SCENARIO [--runs N] [--targets broker,nchan,ceiling] [--out DIR] [-- LOAD TOOL OPTIONS]
#
# Scenarios: fanout (1,000 subscribers at 50 events/s), fanout-max (as fast as possible), idle (10,000 idle
# authenticated streams), insert (durable inserts, one tenant), insert-tenants (100 tenants), auth (Basic
# against Bearer on /insert), login (bcrypt logins), slow (a slow consumer among 1,000), all (every one),
# smoke (every one at a tiny size, seconds each), micro (BenchmarkDotNet; --quick for a short run).
# Results: one JSON file per run and a summary.md in DIR (default bench/results/<time>-<scenario>).
# Environment: BENCH_BCRYPT_COST (the silo's bcrypt cost; default the silo's own, 11; smoke uses 4),
# BENCH_NO_BUILD=1 (use the binaries as built), BENCH_CONFIGURATION (Release).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly ROOT="$PWD"
readonly CONFIGURATION="${BENCH_CONFIGURATION:-Release}"
readonly BIN="bin/$CONFIGURATION/net10.0"
# Another build of the silo or gateway (a proposed change, say) can be measured with BENCH_SILO_DLL/BENCH_GATEWAY_DLL.
readonly SILO_DLL="${BENCH_SILO_DLL:-$ROOT/src/Broker.Silo/$BIN/Broker.Silo.dll}"
readonly GATEWAY_DLL="${BENCH_GATEWAY_DLL:-$ROOT/src/Broker.Gateway/$BIN/Broker.Gateway.dll}"
readonly LOAD_DLL="$ROOT/bench/Broker.Load/$BIN/Broker.Load.dll"
readonly CEILING_DLL="$ROOT/bench/Broker.Ceiling/$BIN/Broker.Ceiling.dll"
readonly NGINX=/usr/sbin/nginx
readonly START_TIMEOUT=120
# Azurite's well-known development account; not a secret.
readonly AZURITE_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { printf 'bench/run.sh: %s\n' "$*" >&2; exit 1; }
usage() { sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

# --- arguments -------------------------------------------------------------------------------------------

(($# >= 1)) || { usage; exit 2; }
[[ "$1" == -h || "$1" == --help ]] && { usage; exit 0; }
SCENARIO="$1"
shift

# The micro-benchmarks are BenchmarkDotNet's own affair: it warms up, measures and reports by itself.
if [[ "$SCENARIO" == micro ]]; then
    dotnet build bench/Broker.Micro -c Release -nologo -v quiet
    exec dotnet bench/Broker.Micro/bin/Release/net10.0/Broker.Micro.dll --filter '*' "$@"
fi
RUNS=3
TARGETS="broker,nchan,ceiling"
OUT=""
EXTRA_ARGS=()
while (($# > 0)); do
    case "$1" in
        --runs) RUNS="$2"; shift 2 ;;
        --targets) TARGETS="$2"; shift 2 ;;
        --out) OUT="$2"; shift 2 ;;
        --) shift; EXTRA_ARGS=("$@"); break ;;
        -h | --help) usage; exit 0 ;;
        *) fail "unexpected argument '$1'" ;;
    esac
done

SMOKE=0
case "$SCENARIO" in
    smoke) SMOKE=1; RUNS=1; SCENARIOS=(fanout fanout-max idle insert insert-tenants auth login slow) ;;
    all) SCENARIOS=(fanout fanout-max idle insert insert-tenants auth login slow) ;;
    fanout | fanout-max | idle | insert | insert-tenants | auth | login | slow) SCENARIOS=("$SCENARIO") ;;
    *) usage; fail "unknown scenario '$SCENARIO'" ;;
esac
BCRYPT_COST="${BENCH_BCRYPT_COST:-}"
if ((SMOKE)) && [[ -z "$BCRYPT_COST" ]]; then
    BCRYPT_COST=4
fi

OUT="${OUT:-$ROOT/bench/results/$(date +%Y%m%d-%H%M%S)-$SCENARIO}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/broker-bench.XXXXXX")"

# The idle scenario holds 10,000 streams: each is a socket on both ends.
ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
(($(ulimit -n) >= 12000)) || say "warning: only $(ulimit -n) open files per process; the idle scenario needs ~12,000"

wants() { [[ ",$TARGETS," == *",$1,"* ]]; }

# Which targets a scenario runs against: storage and logins exist only in Broker.
targets_of() {
    case "$1" in
        fanout | fanout-max | idle | slow) echo broker nchan ceiling ;;
        *) echo broker ;;
    esac
}

# The load tool's arguments per scenario: full size, or tiny for smoke.
scenario_args() {
    local scenario="$1"
    if ((SMOKE)); then
        case "$scenario" in
            fanout) echo fanout --subscribers 20 --events 40 --rate 50 --users 2 ;;
            fanout-max) echo fanout --subscribers 20 --events 200 --rate 0 --in-flight 16 --users 2 ;;
            idle) echo idle --subscribers 200 --users 2 --hold 1 ;;
            insert) echo insert --tenants 1 --events 200 --in-flight 16 ;;
            insert-tenants) echo insert --tenants 3 --events 200 --in-flight 16 ;;
            auth) echo auth --events 100 --rounds 1 --in-flight 8 ;;
            login) echo login --users 2 --logins 10 --in-flight 2 ;;
            slow) echo slow --subscribers 10 --events 200 --rate 200 --stall 0.5 --users 2 ;;
        esac
    else
        case "$scenario" in
            fanout) echo fanout --subscribers 1000 --events 1000 --rate 50 --users 10 ;;
            fanout-max) echo fanout --subscribers 1000 --events 2000 --rate 0 --in-flight 32 --users 10 ;;
            idle) echo idle --subscribers 10000 --users 10 --hold 5 ;;
            insert) echo insert --tenants 1 --events 20000 --in-flight 64 ;;
            insert-tenants) echo insert --tenants 100 --events 20000 --in-flight 200 ;;
            auth) echo auth --events 5000 --rounds 2 --in-flight 32 ;;
            login) echo login --users 8 --logins 200 --in-flight 4 ;;
            slow) echo slow --subscribers 1000 --events 5000 --rate 200 --stall 15 --users 10 ;;
        esac
    fi
}

# --- processes -------------------------------------------------------------------------------------------

free_port() {
    node -e 'const s = require("net").createServer();
             s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

declare -A PIDS=()

# Starts a process in its own session with its output in $WORK/<name>.log.
start() {
    local name="$1"
    shift
    # Appended, so that the log of every start stays for reading after a failure.
    printf '=== %s started %s\n' "$name" "$(date +%H:%M:%S)" >>"$WORK/$name.log"
    setsid "$@" >>"$WORK/$name.log" 2>&1 </dev/null &
    PIDS[$name]=$!
}

# The log lines of a process's newest start.
last_start() {
    awk -v mark="=== $1 started" 'index($0, mark) == 1 { n = 0 } { lines[n++] = $0 }
        END { for (i = 0; i < n; i++) print lines[i] }' "$WORK/$1.log"
}

wait_for() {
    local name="$1" what="$2" probe="$3" deadline=$((SECONDS + START_TIMEOUT))
    until eval "$probe"; do
        if ! kill -0 "${PIDS[$name]}" 2>/dev/null; then
            tail -n 30 "$WORK/$name.log" >&2 || true
            fail "$name exited while starting"
        fi
        ((SECONDS < deadline)) || { tail -n 30 "$WORK/$name.log" >&2; fail "$name did not $what in ${START_TIMEOUT}s"; }
        sleep 0.3
    done
}

stop() {
    local name="$1" pid
    pid="${PIDS[$name]:-}"
    [[ -n "$pid" ]] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + 30))
    while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
    unset "PIDS[$name]"
}

ADMIN_TOKEN="bench-$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"
BROKER_URL=""
start_broker() {
    local blob queue table silo_port silo_gateway port storage
    blob="$(free_port)"; queue="$(free_port)"; table="$(free_port)"
    rm -rf "$WORK/azurite" && mkdir -p "$WORK/azurite"
    # As run.sh does: Azurite keeps its data on disk, so inserts are as durable as in a local run.
    start azurite "$ROOT/node_modules/.bin/azurite" --silent --disableTelemetry --location "$WORK/azurite" \
        --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
        --tableHost 127.0.0.1 --tablePort "$table"
    wait_for azurite listen "port_open $blob && port_open $queue && port_open $table"
    storage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$AZURITE_KEY;"
    storage+="BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;"
    storage+="QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;"
    storage+="TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"

    silo_port="$(free_port)"; silo_gateway="$(free_port)"; port="$(free_port)"
    local cost=()
    [[ -n "$BCRYPT_COST" ]] && cost=(--bcrypt_cost "$BCRYPT_COST")
    BROKER_storage_connection_string="$storage" start silo dotnet "$SILO_DLL" \
        --silo_port "$silo_port" --silo_gateway_port "$silo_gateway" --advertised_ip 127.0.0.1 "${cost[@]}"
    wait_for silo "say 'Silo ready'" "last_start silo | grep >/dev/null 'Silo ready'"
    # The per-user stream cap (a guard against one credential hoarding sockets) would refuse the benchmark's
    # hundreds of streams per user; the total cap stays as configured.
    BROKER_storage_connection_string="$storage" BROKER_admin_token="$ADMIN_TOKEN" \
        start gateway dotnet "$GATEWAY_DLL" --port "$port" --max_streams_per_user 1000000
    wait_for gateway listen "last_start gateway | grep >/dev/null 'Gateway listening on'"
    BROKER_URL="http://127.0.0.1:$port"
}

stop_broker() { stop gateway; stop silo; stop azurite; }

NCHAN_URL=""
start_nchan() {
    local port dir="$WORK/nchan"
    port="$(free_port)"
    rm -rf "$dir" && mkdir -p "$dir"
    sed -e "s|@RUN_DIR@|$dir|g" -e "s|@PORT@|$port|g" "$ROOT/bench/nchan/nchan.conf" >"$dir/nginx.conf"
    start nginx "$NGINX" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log"
    wait_for nginx listen "port_open $port"
    NCHAN_URL="http://127.0.0.1:$port"
}

CEILING_URL=""
start_ceiling() {
    local port
    port="$(free_port)"
    start ceiling dotnet "$CEILING_DLL" --port "$port"
    wait_for ceiling listen "last_start ceiling | grep >/dev/null 'Ceiling listening'"
    CEILING_URL="http://127.0.0.1:$port"
}

start_target() {
    case "$1" in
        broker) start_broker ;;
        nchan) start_nchan ;;
        ceiling) start_ceiling ;;
    esac
}

stop_target() {
    case "$1" in
        broker) stop_broker ;;
        nchan) stop nginx ;;
        ceiling) stop ceiling ;;
    esac
}

cleanup() {
    for name in gateway silo azurite nginx ceiling; do stop "$name"; done
    # Logs of the servers stay with the results, for reading after a failure.
    cp "$WORK"/*.log "$OUT/" 2>/dev/null || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- build -----------------------------------------------------------------------------------------------

if [[ "${BENCH_NO_BUILD:-0}" != 1 ]]; then
    say "Building ($CONFIGURATION)..."
    for project in src/Broker.Silo src/Broker.Gateway bench/Broker.Load bench/Broker.Ceiling; do
        dotnet build "$project" -c "$CONFIGURATION" -nologo -v quiet >"$WORK/build.log" 2>&1 ||
            { grep -E 'error' "$WORK/build.log" | sort -u | tail -n 20 >&2; fail "building $project failed"; }
    done
fi
for dll in "$SILO_DLL" "$GATEWAY_DLL" "$LOAD_DLL" "$CEILING_DLL"; do
    [[ -f "$dll" ]] || fail "$dll is missing: build without BENCH_NO_BUILD"
done
[[ -x "$ROOT/node_modules/.bin/azurite" ]] || fail "Azurite is missing: run 'npm ci' at the repository root"

if wants nchan && [[ ! -x "$NGINX" || ! -f /usr/lib/nginx/modules/ngx_nchan_module.so ]]; then
    if ((SMOKE)); then
        say "nginx with Nchan is not installed (bench/nchan/install.sh installs it); smoke skips it."
    else
        fail "nginx with Nchan is not installed: run bench/nchan/install.sh, or pass --targets broker,ceiling"
    fi
    TARGETS="${TARGETS//nchan/}"
fi

# --- runs ------------------------------------------------------------------------------------------------

url_of() {
    case "$1" in
        broker) echo "$BROKER_URL" ;;
        nchan) echo "$NCHAN_URL" ;;
        ceiling) echo "$CEILING_URL" ;;
    esac
}

pids_of() {
    case "$1" in
        broker) echo --pid "gateway=${PIDS[gateway]}" --pid "silo=${PIDS[silo]}" --pid "azurite=${PIDS[azurite]}" ;;
        nchan) echo --pid "nginx=${PIDS[nginx]}" ;;
        ceiling) echo --pid "ceiling=${PIDS[ceiling]}" ;;
    esac
}

say "Results go to $OUT"
{
    echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)," \
        "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
    echo "dotnet: $(dotnet --version); nginx: $("$NGINX" -v 2>&1 | cut -d/ -f2 || echo none)"
    echo "bcrypt cost: ${BCRYPT_COST:-silo default (11)}; runs: $RUNS; targets: $TARGETS"
    echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/machine.txt"

# The load tool's asynchronous sockets (publishing, idle streams) complete on the thread that polled them instead
# of going through the thread pool: against the ceiling at 50,000 frames/s, with every subscriber read that way,
# the tool's CPU fell from 95 % to 63 % of a core and the p99 it reports from 115-156 ms to 55-69 ms. (Fan-out
# subscribers are read with epoll on one thread of the tool's own, which does better still.)
load_tool() { DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 dotnet "$LOAD_DLL" "$@"; }

run_one() {
    local scenario="$1" target="$2" run="$3" name="$1-$2-$3"
    say "$scenario on $target, run $run of $RUNS (load average $(cut -d' ' -f1 /proc/loadavg))"
    # shellcheck disable=SC2046
    if ! load_tool $(scenario_args "$scenario") --target "$target" --url "$(url_of "$target")" \
        --admin-token "$ADMIN_TOKEN" $(pids_of "$target") --out "$OUT/$name.json" ${EXTRA_ARGS[@]+"${EXTRA_ARGS[@]}"} \
        2>&1 | tee "$OUT/$name.txt"; then
        status=1
        say "$scenario on $target, run $run failed; see $OUT/$name.txt"
    fi
}

# Smoke starts each target once for all scenarios, to stay within seconds. A full run starts each target
# afresh for every run and goes through the targets within each run, so that they meet the same conditions
# (other work on the machine varies over minutes) and each starts from the same state.
status=0
if ((SMOKE)); then
    for target in broker nchan ceiling; do
        wants "$target" || continue
        say "Starting $target..."
        start_target "$target"
        for scenario in "${SCENARIOS[@]}"; do
            [[ " $(targets_of "$scenario") " == *" $target "* ]] && run_one "$scenario" "$target" 1
        done
        stop_target "$target"
    done
else
    for scenario in "${SCENARIOS[@]}"; do
        for ((run = 1; run <= RUNS; run++)); do
            for target in $(targets_of "$scenario"); do
                wants "$target" || continue
                say "Starting $target..."
                start_target "$target"
                run_one "$scenario" "$target" "$run"
                stop_target "$target"
            done
        done
    done
fi

echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"
load_tool summarize --results "$OUT" --out "$OUT/summary.md" >/dev/null
say "Summary: $OUT/summary.md"
exit "$status"

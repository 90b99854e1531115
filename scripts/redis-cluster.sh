#!/usr/bin/env bash
# A local Redis Cluster of Debian's redis-server: 3 masters and 3 replicas on loopback ports
# BASE..BASE+5 (cluster bus BASE+10000..), append-only files on, each node in its own folder
# under DIR. Idempotent: `start` on a running cluster only waits until it is healthy; `stop`
# on a stopped one does nothing.
#
# Usage: scripts/redis-cluster.sh start DIR [BASE] [NODE_TIMEOUT_MS]   prints the connection string
#        scripts/redis-cluster.sh stop DIR
#        scripts/redis-cluster.sh status DIR
# Environment: REDIS_CLUSTER_FSYNC (always | everysec; default everysec), REDIS_CLUSTER_PASSWORD (none by default).
set -euo pipefail

command=${1:?usage: scripts/redis-cluster.sh start|stop|status DIR [BASE] [NODE_TIMEOUT_MS]}
dir=${2:?the cluster folder is required}
base=${3:-7001}
timeout_ms=${4:-5000}
fsync=${REDIS_CLUSTER_FSYNC:-everysec}
password=${REDIS_CLUSTER_PASSWORD:-}

cli() {
  local port=$1
  shift
  if [[ -n "$password" ]]; then REDISCLI_AUTH="$password" redis-cli -p "$port" "$@"; else redis-cli -p "$port" "$@"; fi
}

ports() {
  if [[ -f "$dir/ports" ]]; then cat "$dir/ports"; else seq "$base" $((base + 5)); fi
}

running() {
  local pidfile=$1
  [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

healthy() {
  local port
  for port in $(ports); do
    cli "$port" cluster info 2>/dev/null | grep -q '^cluster_state:ok' || return 1
  done
  # Every master has a replica that is in sync.
  local masters
  masters=$(cli "$(ports | head -1)" cluster nodes 2>/dev/null | awk '$3 ~ /master/ && $3 !~ /fail/' | wc -l)
  local replicas
  replicas=$(cli "$(ports | head -1)" cluster nodes 2>/dev/null | awk '$3 ~ /slave/ && $3 !~ /fail/' | wc -l)
  [[ "$masters" -eq 3 && "$replicas" -eq 3 ]] || return 1
  for port in $(ports); do
    if cli "$port" info replication 2>/dev/null | grep -q '^role:slave'; then
      cli "$port" info replication | grep -q '^master_link_status:up' || return 1
    fi
  done
}

wait_healthy() {
  local deadline=$((SECONDS + 60))
  until healthy; do
    if ((SECONDS > deadline)); then
      echo "error: the cluster in $dir did not become healthy within 60 s" >&2
      exit 1
    fi
    sleep 0.2
  done
}

case "$command" in
  start)
    # Standard output carries only the node list callers read; the installer writes to standard error.
    command -v redis-server >/dev/null || "$(dirname "$0")/install-deps.sh" >&2
    mkdir -p "$dir"
    chmod 700 "$dir"
    [[ -f "$dir/ports" ]] || seq "$base" $((base + 5)) >"$dir/ports"
    for port in $(ports); do
      node="$dir/$port"
      mkdir -p "$node"
      chmod 700 "$node"
      running "$node/redis.pid" && continue
      args=(--port "$port" --bind 127.0.0.1 --dir "$node" --daemonize yes --pidfile "$node/redis.pid"
        --logfile "$node/redis.log" --cluster-enabled yes --cluster-config-file nodes.conf
        --cluster-node-timeout "$timeout_ms" --appendonly yes --appendfsync "$fsync" --save ''
        --protected-mode yes)
      if [[ -n "$password" ]]; then args+=(--requirepass "$password" --masterauth "$password"); fi
      redis-server "${args[@]}" >/dev/null 2>&1 </dev/null
    done
    for port in $(ports); do
      deadline=$((SECONDS + 15))
      until cli "$port" ping >/dev/null 2>&1; do
        ((SECONDS < deadline)) || { echo "error: redis-server on $port did not start (see $dir/$port/redis.log)" >&2; exit 1; }
        sleep 0.05
      done
    done
    first=$(ports | head -1)
    if ! cli "$first" cluster info | grep -q '^cluster_slots_assigned:16384'; then
      nodes=()
      for port in $(ports); do nodes+=("127.0.0.1:$port"); done
      if [[ -n "$password" ]]; then auth=(-a "$password" --no-auth-warning); else auth=(); fi
      redis-cli "${auth[@]}" --cluster create "${nodes[@]}" --cluster-replicas 1 --cluster-yes >"$dir/create.log" 2>&1 \
        || { echo "error: redis-cli --cluster create failed (see $dir/create.log)" >&2; exit 1; }
    fi
    wait_healthy
    ports | sed 's/^/127.0.0.1:/' | paste -sd, -
    ;;
  stop)
    [[ -d "$dir" ]] || exit 0
    for port in $(ports); do
      pidfile="$dir/$port/redis.pid"
      if running "$pidfile"; then
        pid=$(cat "$pidfile")
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
        kill -9 "$pid" 2>/dev/null || true
      fi
    done
    ;;
  status)
    if healthy; then echo "healthy"; else echo "not healthy"; exit 1; fi
    ;;
  *)
    echo "error: unknown command '$command' (start, stop, status)" >&2
    exit 2
    ;;
esac

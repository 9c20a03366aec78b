#!/usr/bin/env bash
# The whole gamegrid world with one command: memcached (when map servers are configured), then the dispatcher,
# which starts the chat server and the battle and map servers as they are needed.
#
#   scripts/world.sh start [--key=value ...]  build if needed; memcached on loopback with -M (eviction off) when
#                                             map.maps is set; the dispatcher; returns once a player can be served
#   scripts/world.sh status                   every part and whether it is healthy; exit 0 when all are
#   scripts/world.sh stop [--fleet]           the dispatcher first (servers keep running and are adopted by the
#                                             next one; memcached then stays up for the map servers); with --fleet
#                                             the servers are drained and stopped too, then memcached
#   scripts/world.sh --help                   this text
#
# --key=value overrides go to the dispatcher (scripts/dispatcher.sh). Environment: as scripts/dispatcher.sh
# (DISPATCHER_CONFIG, LOG_DIR, RUN_DIR), and MAP_CONFIG (default config/mapserver.properties) for the
# memcached address; MEMCACHED_MEMORY (MB, default 256). Logs: LOG_DIR/dispatcher.log, LOG_DIR/memcached.log,
# one LOG_DIR/KINDserver-PORT.log per server. Admin page and metrics: http://127.0.0.1:6080/ (admin.port).
set -euo pipefail
cd "$(dirname "$0")/.."

CONFIG=${DISPATCHER_CONFIG:-config/dispatcher.properties}
MAP_CONFIG=${MAP_CONFIG:-config/mapserver.properties}
LOG_DIR=${LOG_DIR:-logs}
RUN_DIR=${RUN_DIR:-run}
MEMCACHED_PID=$RUN_DIR/memcached.pid

usage() { sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; }

setting() { # KEY FILE FALLBACK: a command-line override, else the file's value, else FALLBACK
  local key=$1 file=$2 fallback=$3 arg line
  for arg in "${ARGS[@]}"; do [[ $arg == --$key=* ]] && { echo "${arg#--$key=}"; return; }; done
  line=$(grep -E "^\s*$key\s*=" "$file" 2>/dev/null | tail -1 | cut -d= -f2- | xargs || true)
  echo "${line:-$fallback}"
}

maps_configured() { [[ -n $(setting map.maps "$CONFIG" "") ]]; }

memcached_address() { setting memcached "$MAP_CONFIG" 127.0.0.1:11211; }

memcached_pid() {
  [[ -f $MEMCACHED_PID ]] || return 1
  local pid
  pid=$(cat "$MEMCACHED_PID")
  kill -0 "$pid" 2>/dev/null && grep -qa memcached "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

memcached_answers() { # HOST PORT: `version` answered
  local reply
  reply=$( { exec 3<>"/dev/tcp/$1/$2" && printf 'version\r\n' >&3 && timeout 2 head -c 7 <&3; } 2>/dev/null) || return 1
  [[ $reply == VERSION ]]
}

start_memcached() {
  local address host port pid
  address=$(memcached_address)
  host=${address%:*} port=${address##*:}
  if pid=$(memcached_pid); then echo "memcached already running (pid $pid), $address"; return 0; fi
  if memcached_answers "$host" "$port"; then echo "memcached: one already answers on $address (not started here); using it"; return 0; fi
  command -v memcached >/dev/null || { echo "memcached is not installed (apt-get install memcached)" >&2; return 1; }
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  # -M: errors instead of evicting player states when full; loopback only; as this user (memcached refuses
  # root unless told with -u).
  setsid nohup memcached -u "$(id -un)" -l "$host" -p "$port" -U 0 -M -m "${MEMCACHED_MEMORY:-256}" -v >>"$LOG_DIR/memcached.log" 2>&1 </dev/null &
  echo $! >"$MEMCACHED_PID"
  for _ in $(seq 1 50); do
    memcached_answers "$host" "$port" && { echo "memcached running (pid $(cat "$MEMCACHED_PID")), $address, eviction off"; return 0; }
    sleep 0.1
  done
  echo "memcached did not answer on $address; see $LOG_DIR/memcached.log" >&2
  return 1
}

stop_memcached() {
  local pid
  if ! pid=$(memcached_pid); then rm -f "$MEMCACHED_PID"; return 0; fi
  kill -TERM "$pid"
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$MEMCACHED_PID"
  echo "memcached stopped"
}

admin_health() {
  local host port
  [[ $(setting admin.enabled "$CONFIG" true) == true ]] || { echo "admin port disabled"; return 0; }
  host=$(setting admin.host "$CONFIG" 127.0.0.1) port=$(setting admin.port "$CONFIG" 6080)
  [[ $host == 0.0.0.0 || $host == :: ]] && host=127.0.0.1
  if command -v curl >/dev/null; then
    echo "admin http://$host:$port/: $(curl -s -m 3 "http://$host:$port/api/health" || echo "no answer")"
  else
    echo "admin http://$host:$port/"
  fi
}

start() {
  if maps_configured; then start_memcached; fi
  scripts/dispatcher.sh start "${ARGS[@]}"
  admin_health
}

status() {
  local healthy=0 address pid
  if maps_configured || memcached_pid >/dev/null; then
    address=$(memcached_address)
    if memcached_answers "${address%:*}" "${address##*:}"; then
      pid=$(memcached_pid || echo "not started by this script")
      echo "memcached $address: healthy (pid $pid)"
    else
      echo "memcached $address: NOT answering"; healthy=1
    fi
  fi
  scripts/dispatcher.sh status "${ARGS[@]}" || healthy=1
  admin_health
  return $healthy
}

stop() {
  scripts/dispatcher.sh stop ${FLEET:+--fleet}
  if [[ -n $FLEET ]]; then
    stop_memcached
  elif memcached_pid >/dev/null; then
    echo "memcached keeps running for the map servers (stop --fleet stops it with them)"
  fi
}

command=${1:-}
shift || true
FLEET=
ARGS=()
for arg in "$@"; do if [[ $arg == --fleet ]]; then FLEET=1; else ARGS+=("$arg"); fi; done
case $command in
  start) start ;;
  status) status ;;
  stop) stop ;;
  -h|--help|help) usage ;;
  *) usage >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Runs the gamegrid dispatcher.
#
#   scripts/dispatcher.sh start [--key=value ...]   build if needed, start in the background, wait until ready
#   scripts/dispatcher.sh stop [--fleet]           stop it; battle servers keep running unless --fleet
#   scripts/dispatcher.sh restart [--key=value ...] stop, then start (battle servers are adopted again)
#   scripts/dispatcher.sh status                   is it running and ready (`health`), and its fleet (`stats`);
#                                                  exit 0 ready, 1 running but not ready, 3 not running
#   scripts/dispatcher.sh foreground [--key=value ...]  run in the foreground (systemd, containers)
#   scripts/dispatcher.sh train-archive            (re)make the battle servers' class-data archive
#   scripts/dispatcher.sh java-options             print the dispatcher's JVM options (as benchmarks run it)
#   scripts/dispatcher.sh check-config [--key=value ...]  report every bad setting at once, start nothing;
#                                                  exit 0 when good, 2 when not
#   scripts/dispatcher.sh --help                   this text
#
# Settings come from config/dispatcher.properties; --key=value overrides any of them.
# Environment: DISPATCHER_CONFIG (settings file), DISPATCHER_JAVA_OPTS (dispatcher JVM options),
# LOG_DIR (default logs), RUN_DIR (default run). `start` logs to LOG_DIR/dispatcher.log, rolled by size
# (config/logback.xml); `foreground` logs to standard output.
set -euo pipefail
cd "$(dirname "$0")/.."

CONFIG=${DISPATCHER_CONFIG:-config/dispatcher.properties}
LOG_DIR=${LOG_DIR:-logs}
RUN_DIR=${RUN_DIR:-run}
PID_FILE=$RUN_DIR/dispatcher.pid
LOG_FILE=$LOG_DIR/dispatcher.log   # written by logback, rolled by size (config/logback.xml)
OUT_FILE=$LOG_DIR/dispatcher.out   # standard output: the READY line, and what the JVM itself prints
# The dispatcher's JVM (see BENCHMARKS.md, "JVM and GC"): the parallel collector with a fixed 256 MB young
# generation, so that the ~100 bytes a `get` allocates fill it every few seconds at full load rather than
# several times a second (each young collection is a pause every client in flight waits for); the
# concurrent collectors (ZGC, Shenandoah) and G1 cost more CPU per request on one core. The heap is touched
# at start (-XX:+AlwaysPreTouch: 512 MB resident at once) so that the first passes through the young
# generation do not page-fault on the event loop (5 % of its time in a profile of a fresh dispatcher).
# Netty's leak detection samples buffers with stack traces: off here, paranoid in the tests.
JAVA_OPTS=${DISPATCHER_JAVA_OPTS:--Xms512m -Xmx512m -Xmn256m -XX:+UseParallelGC -XX:+AlwaysPreTouch -Dio.netty.leakDetection.level=disabled}
JAR=target/gamegrid.jar

CDS_ARCHIVE=target/fightserver.jsa

build_if_needed() {
  if [[ ! -f $JAR ]] || [[ -n $(find pom.xml protocol dispatcher fightserver mapserver chatserver -newer "$JAR" -type f 2>/dev/null | head -1) ]]; then
    echo "building $JAR ..."
    # The Maven wrapper: a fresh machine needs only a JDK (it fetches the pinned Maven once).
    ./mvnw -q -B -ntp package -DskipTests
  fi
  if [[ ! -f $CDS_ARCHIVE || $JAR -nt $CDS_ARCHIVE ]]; then
    train_class_data_archive || echo "warning: no class-data archive; battle servers will start more slowly" >&2
  fi
}

# Battle servers start from an AppCDS archive of the classes a real battle loads (launch.jvm-options
# names it): about 400 -> 270 ms to listening here. It is made by a training run: a standalone battle
# server on a free port plays one bot battle, and the JVM writes the archive as it exits.
train_class_data_archive() {
  echo "training the battle-server class-data archive ($CDS_ARCHIVE) ..."
  local port pid
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || echo 47999)
  rm -f "$CDS_ARCHIVE"
  java -XX:ArchiveClassesAtExit="$CDS_ARCHIVE" -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -cp "$JAR" gamegrid.fightserver.BattleServerMain --port="$port" >target/cds-training.log 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  java -cp "$JAR" gamegrid.fightserver.bot.Bot --server="127.0.0.1:$port" --mode=pvp --battles=2 --concurrency=2 \
    --duration=20s >>target/cds-training.log 2>&1 || true
  kill -TERM "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
  [[ -f $CDS_ARCHIVE ]]
}

running_pid() {
  [[ -f $PID_FILE ]] || return 1
  local pid
  pid=$(cat "$PID_FILE")
  kill -0 "$pid" 2>/dev/null && grep -qa "gamegrid.jar" "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

setting() { # the effective value of a key: command-line override, else config file, else $2
  local key=$1 fallback=$2 arg
  for arg in "${EXTRA_ARGS[@]}"; do [[ $arg == --$key=* ]] && { echo "${arg#--$key=}"; return; }; done
  local line
  line=$(grep -E "^\s*$key\s*=" "$CONFIG" 2>/dev/null | tail -1 | cut -d= -f2- | xargs || true)
  echo "${line:-$fallback}"
}

java_command() { # $1: the log file, or nothing to log to standard output
  echo java $JAVA_OPTS -Dlogback.configurationFile=config/logback.xml ${1:+-Dgamegrid.log.file=$1} -jar "$JAR" \
    --config="$CONFIG" --security.secret-file="$RUN_DIR/dispatcher.secret" --fleet.roster-file="$RUN_DIR/fleet.roster" \
    --launch.log-dir="$LOG_DIR"
}

show_failure() {
  echo "$1; last lines of $LOG_FILE and $OUT_FILE:" >&2
  tail -n 20 "$LOG_FILE" "$OUT_FILE" 2>/dev/null >&2 || true
}

start() {
  if pid=$(running_pid); then echo "dispatcher already running (pid $pid)"; return 0; fi
  build_if_needed
  mkdir -p "$LOG_DIR" "$RUN_DIR"
  # setsid: the dispatcher and its battle servers leave this terminal's process group, so a Ctrl-C here
  # does not end battles.
  : >"$OUT_FILE"
  setsid nohup $(java_command "$LOG_FILE") "${EXTRA_ARGS[@]}" >>"$OUT_FILE" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$PID_FILE"
  for _ in $(seq 1 300); do
    if ! kill -0 "$pid" 2>/dev/null; then
      show_failure "dispatcher failed to start"
      rm -f "$PID_FILE"
      return 1
    fi
    if grep -q "READY dispatcher" "$OUT_FILE"; then
      echo "dispatcher running (pid $pid), $(grep "READY dispatcher" "$OUT_FILE" | tail -1 | cut -d' ' -f3); log: $LOG_FILE"
      return 0
    fi
    sleep 0.1
  done
  # Still running, but not able to serve yet: say why (the fleet's own words) and leave it to the operator.
  echo "dispatcher (pid $pid) not ready within 30s: $(health); see $LOG_FILE" >&2
  return 1
}

stop() {
  local pid
  if ! pid=$(running_pid); then echo "dispatcher not running"; rm -f "$PID_FILE"; return 0; fi
  if [[ ${1:-} == --fleet ]]; then
    touch "$RUN_DIR/stop-fleet.request"
    echo "stopping dispatcher (pid $pid) and draining its battle servers ..."
  else
    echo "stopping dispatcher (pid $pid); battle servers keep running ..."
  fi
  kill -TERM "$pid"
  local timeout=${STOP_TIMEOUT:-660}
  for _ in $(seq 1 $((timeout * 10))); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PID_FILE"
      # The dispatcher takes each server off the roster as it exits: with --fleet, none may be left.
      if [[ ${1:-} == --fleet && -s $RUN_DIR/fleet.roster ]]; then
        echo "stopped, but servers are still listed in $RUN_DIR/fleet.roster:" >&2
        cat "$RUN_DIR/fleet.roster" | cut -d' ' -f1-3 >&2
        return 1
      fi
      echo "stopped"
      return 0
    fi
    sleep 0.1
  done
  echo "dispatcher did not stop within ${timeout}s, killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
  rm -f "$PID_FILE"
  return 1
}

health() {
  scripts/send.sh "$(setting listen.host 127.0.0.1)" "$(setting listen.port 6000)" health 2>/dev/null || echo "no answer"
}

status() {
  local pid
  if pid=$(running_pid); then
    local ready
    ready=$(health)
    echo "dispatcher running (pid $pid): $ready"
    scripts/send.sh "$(setting listen.host 127.0.0.1)" "$(setting listen.port 6000)" stats || true
    [[ $ready == "OK ready" ]] || return 1
  else
    echo "dispatcher not running"
    return 3
  fi
}

command=${1:-}
shift || true
EXTRA_ARGS=()
for arg in "$@"; do [[ $arg == --fleet ]] || EXTRA_ARGS+=("$arg"); done
case $command in
  start) start ;;
  stop) stop "${1:-}" ;;
  restart) stop; start ;;
  status) status ;;
  train-archive) train_class_data_archive ;;
  java-options) echo "$JAVA_OPTS" ;;
  check-config)
    build_if_needed >&2
    exec java -Dlogback.configurationFile=config/logback.xml -jar "$JAR" --config="$CONFIG" \
      --security.secret-file="$RUN_DIR/dispatcher.secret" --fleet.roster-file="$RUN_DIR/fleet.roster" --launch.log-dir="$LOG_DIR" \
      "${EXTRA_ARGS[@]}" --check-config ;;
  -h|--help|help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//' ;;
  foreground)
    build_if_needed
    mkdir -p "$LOG_DIR" "$RUN_DIR"
    exec $(java_command) "${EXTRA_ARGS[@]}" ;; # logs to standard output, for the supervisor to keep
  *) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# Benchmarks of the dispatcher. See BENCHMARKS.md for what they measure and the figures so far.
#
#   scripts/bench.sh dispatcher   in one run, side by side: the real dispatcher (started by scripts/dispatcher.sh
#                                 from target/gamegrid.jar, with real battle servers), the Netty floor server,
#                                 the C reference server (src/test/c/refserver.c) and, where a python3 has
#                                 Twisted, the original Twisted dispatcher (src/test/python); three client modes
#                                 (short, persistent, pipelined), RUNS runs of WARMUP + DURATION each; ~6 minutes
#   scripts/bench.sh jmh          JMH: least-loaded selection in Fleet with 10, 100 and 1000 servers, and the
#                                 Java-side cost of a get in the dispatcher's pipeline against the floor's; ~1.5 minutes
#   scripts/bench.sh spawn        get -> freshly launched battle server accepting, SPAWN_RUNS [10] launches, without
#                                 and with the class-data archive, against a bare listening JVM; then get latency
#                                 during a growth ramp with and without warm spares; ~1.5 minutes
#   scripts/bench.sh battle       one battle server filled to 1000 players by PvP bots: rounds/s, RSS idle and
#                                 loaded, BATTLE_DURATION [15s] per mode; ~1 minute
#   scripts/bench.sh world        map servers on a memcached of their own: handoffs/s and p99 beside a bare memcached
#                                 gets+cas pair (same client code, same concurrency); then WORLD_PLAYERS [500] players
#                                 spread over a 64x64 arena, WORLD_WALKERS [100] of them at 10 moves/s: moves/s, events
#                                 and server CPU per move, load generator's CPU, saturation, at view radii
#                                 WORLD_RADII [2,5,10]; WORLD_DURATION [10s] each after a 10 s warm-up; ~2 minutes
#
#   scripts/bench.sh chat         the chat server against Redis pub/sub (/usr/bin/redis-server, started on a free port
#                                 without persistence): CHAT_PLAYERS [10000] connected players, a world message fanned
#                                 out to all (deliveries/s, p99 send-to-last-delivery, one at a time and CHAT_WINDOW [32] in flight,
#                                 CHAT_MESSAGES [300] of them), CHAT_ROUNDS [3] rounds in which the two servers' passes
#                                 alternate (both stay up: the machine's drift hits both alike), medians; memory
#                                 per idle player, server CPU per delivery; CHAT_FIRST=redis has Redis go first in the first round; ~3 minutes
#
# The load generator is src/test/c/loadgen.c (one thread, one epoll set), built with gcc; without gcc the
# Java gamegrid.bench.LoadGenerator stands in, and the C reference server is left out.
#
# Environment (defaults in brackets): RUNS [3], DURATION [5s], WARMUP [3s], MODES [short persistent pipelined],
# SERVERS [dispatcher original ref floor: those that can run], SHORT_CONNECTIONS [64], PERSISTENT_CONNECTIONS [64],
# PIPELINED_CONNECTIONS [64], DEPTH [16], PRIME [3s of each mode per server before the runs, for the JIT],
# SHORT_BARE [0: `get\n`; 1: `get` with no line end, as the original clients wrote it], BATTLE_SERVERS [4],
# SERVER_CPU [0], CLIENT_CPU [1],
# DISPATCHER_JAVA_OPTS [scripts/dispatcher.sh's default], FLOOR_JAVA_OPTS [the same],
# CLIENT_JAVA_OPTS [-Xms256m -Xmx256m -XX:+UseParallelGC, the Java generator's], JMH_ARGS [extra arguments for JMH],
# ORIGINAL_PYTHON [the first of python3, /usr/bin/python3 with Twisted; none skips the original].
#
# Only loopback traffic; every load run is bounded by time and count and the servers end themselves after
# a bounded lifetime even if this script is killed. Results go to target/bench/<timestamp>/ (dispatcher) and
# target/bench/NAME-<timestamp>/ (jmh: its CSV files; spawn, world, chat: the output as results.txt), with SVG
# charts drawn from the results of dispatcher, spawn, world and chat beside them (gamegrid.bench.BenchCharts).
set -euo pipefail
[[ ${1:-} == --help || ${1:-} == -h ]] && { sed -n '2,/^[^#]/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0; }
cd "$(dirname "$0")/.."

RUNS=${RUNS:-3}
DURATION=${DURATION:-5s}
WARMUP=${WARMUP:-3s}
MODES=${MODES:-short persistent pipelined}
SHORT_CONNECTIONS=${SHORT_CONNECTIONS:-64}
PERSISTENT_CONNECTIONS=${PERSISTENT_CONNECTIONS:-64}
PIPELINED_CONNECTIONS=${PIPELINED_CONNECTIONS:-64}
DEPTH=${DEPTH:-16}
PRIME=${PRIME:-3s}
SHORT_BARE=${SHORT_BARE:-0}
BATTLE_SERVERS=${BATTLE_SERVERS:-4}
SERVER_CPU=${SERVER_CPU:-0}
CLIENT_CPU=${CLIENT_CPU:-1}
DISPATCHER_JAVA_OPTS=${DISPATCHER_JAVA_OPTS:-$(scripts/dispatcher.sh java-options)}
FLOOR_JAVA_OPTS=${FLOOR_JAVA_OPTS:-$DISPATCHER_JAVA_OPTS}
CLIENT_JAVA_OPTS=${CLIENT_JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseParallelGC}
MAX_REQUESTS=50000000

log() { echo "[bench $(date +%H:%M:%S)] $*"; }

build() {
  log "building (./mvnw test-compile) and resolving the test class path ..."
  mkdir -p target/bench
  ./mvnw -q -B -ntp test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench/classpath.txt
  CP="target/test-classes:target/classes:$(cat target/bench/classpath.txt)"
  build_native
}

# The C load generator and reference server, when gcc is there; NATIVE=1 if they were built.
build_native() {
  NATIVE=0
  if command -v gcc >/dev/null; then
    gcc -O2 -Wall -o target/bench/loadgen src/test/c/loadgen.c
    gcc -O2 -Wall -o target/bench/refserver src/test/c/refserver.c
    NATIVE=1
  else
    log "no gcc: the Java load generator stands in for the C one, and the C reference server is left out"
  fi
}

pin_prefix() { # the taskset prefix that pins to CPU $1, or nothing when taskset or that CPU is missing
  if command -v taskset >/dev/null && [[ $1 -lt $(nproc) ]]; then
    echo "taskset -c $1"
  else
    echo "warning: cannot pin to cpu $1; running unpinned" >&2
  fi
}

SERVER_PIDS=()
WATCHDOG_PIDS=()
BATTLE_PIDS=()
stop_servers() {
  local pid
  for pid in "${WATCHDOG_PIDS[@]}" "${SERVER_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${SERVER_PIDS[@]}"; do
    # The dispatcher drains its battle servers first (fleet.drain-timeout below): give it time.
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  for pid in "${BATTLE_PIDS[@]}"; do # only if the dispatcher could not stop them itself
    kill -9 "$pid" 2>/dev/null || true
  done
  SERVER_PIDS=()
  WATCHDOG_PIDS=()
  BATTLE_PIDS=()
}

# start_server NAME COMMAND...: starts COMMAND pinned to SERVER_CPU, waits for its READY line,
# sets PORT_<NAME> and PID_<NAME>.
start_server() {
  local name=$1; shift
  local out=$OUT/$name.log
  # taskset execs the command, so $! is the server process itself (its /proc/PID/stat is what the load
  # generator reads).
  $(pin_prefix "$SERVER_CPU") "$@" >"$out" 2>&1 &
  local pid=$!
  SERVER_PIDS+=("$pid")
  # Bounded even if this script is killed (the dispatcher has no lifetime of its own).
  (sleep 1200; kill "$pid" 2>/dev/null) >/dev/null 2>&1 &
  WATCHDOG_PIDS+=("$!")
  for _ in $(seq 1 1200); do # 2 minutes: the dispatcher says READY once its battle servers are
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "$name failed to start:" >&2; cat "$out" >&2; return 1
    fi
    if grep -qs '^READY ' "$out"; then
      local ready
      ready=$(grep '^READY ' "$out" | head -1)
      printf -v "PORT_$name" '%s' "$(sed -E 's/.*127\.0\.0\.1:([0-9]+).*/\1/' <<<"$ready")"
      # The server's own pid, as it reports it, else the process started (taskset and the scripts exec it):
      # the process whose CPU time is measured.
      if [[ $ready == *" pid="* ]]; then
        printf -v "PID_$name" '%s' "$(sed -E 's/.* pid=([0-9]+).*/\1/' <<<"$ready")"
      else
        printf -v "PID_$name" '%s' "$pid"
      fi
      log "$name ready: $ready (pinned to cpu $SERVER_CPU)"
      return 0
    fi
    sleep 0.1
  done
  echo "$name did not report READY within 2 minutes; see $out" >&2
  return 1
}

# The python3 that has Twisted, for the original dispatcher: ORIGINAL_PYTHON, else python3 or Debian's own.
twisted_python() {
  local python
  for python in ${ORIGINAL_PYTHON:-python3 /usr/bin/python3}; do
    if "$python" -c 'import twisted' 2>/dev/null; then
      echo "$python"
      return 0
    fi
  done
  return 1
}

connections_for() {
  case $1 in
    short) echo "$SHORT_CONNECTIONS" ;;
    persistent) echo "$PERSISTENT_CONNECTIONS" ;;
    pipelined) echo "$PIPELINED_CONNECTIONS" ;;
  esac
}

# load NAME MODE WARMUP DURATION: one bounded load-generator run against server NAME, pinned to CLIENT_CPU.
load() {
  local name=$1 mode=$2 warmup=$3 duration=$4 port pid
  port=$(eval echo "\$PORT_$name")
  pid=$(eval echo "\$PID_$name")
  if [[ $NATIVE == 1 ]]; then
    $(pin_prefix "$CLIENT_CPU") target/bench/loadgen --label="$name" --mode="$mode" --port="$port" --server-pid="$pid" \
      --concurrency="$(connections_for "$mode")" --depth="$DEPTH" --bare="$SHORT_BARE" --warmup="${warmup%s}" \
      --duration="${duration%s}"
    return
  fi
  # shellcheck disable=SC2086
  $(pin_prefix "$CLIENT_CPU") java $CLIENT_JAVA_OPTS -cp "$CP" gamegrid.bench.LoadGenerator --label="$name" --mode="$mode" \
    --port="$port" --server-pid="$pid" --concurrency="$(connections_for "$mode")" \
    $([[ $mode == pipelined ]] && echo "--depth=$DEPTH") --warmup="$warmup" --duration="$duration" \
    --max-requests="$MAX_REQUESTS" --clk-tck="$(getconf CLK_TCK)"
}

# One line request to server NAME, the reply on stdout (bash's /dev/tcp: no nc needed).
ask() {
  local port
  port=$(eval echo "\$PORT_$1")
  exec 3<>"/dev/tcp/127.0.0.1/$port"
  printf '%s\n' "$2" >&3
  timeout 5 cat <&3 || true
  exec 3<&-
}

# The real dispatcher, as an operator starts it (scripts/dispatcher.sh, from the jar, config/dispatcher.properties,
# every limit at its default but the fair shares per client: the load generator is thousands of clients behind
# one address), with fleet settings that make seats so many and reservations so short that they never run out.
# It launches BATTLE_SERVERS real battle-server JVMs (pinned with it: they idle).
start_dispatcher() {
  DISPATCHER_JAVA_OPTS=$DISPATCHER_JAVA_OPTS LOG_DIR=$OUT/dispatcher-logs RUN_DIR=$OUT/dispatcher-run \
    start_server dispatcher scripts/dispatcher.sh foreground --listen.port=0 --admin.port=0 --fleet.min-servers="$BATTLE_SERVERS" \
    --fleet.max-players=1000000 --fleet.reservation-timeout=100ms --fleet.drain-timeout=5s --shutdown.stop-fleet=true \
    --limits.max-seats-per-connection=2000000000 --limits.max-seats-per-address=2000000000 \
    --limits.max-connections-per-address=1000000 \
    --fleet.start-timeout=60s # four battle-server JVMs starting on one shared core can take longer than the default
  local stats ready
  for _ in $(seq 1 600); do
    stats=$(ask dispatcher stats)
    ready=$(grep -c ' READY ' <<<"$stats" || true)
    [[ $ready -ge $BATTLE_SERVERS ]] && break
    sleep 0.1
  done
  # Pids of the battle servers from the roster (KIND PORT PID ...): killed at the end only if the dispatcher
  # could not stop them itself.
  BATTLE_PIDS=($(cut -d' ' -f3 "$OUT/dispatcher-run/fleet.roster" 2>/dev/null || true))
  log "dispatcher fleet: $(tr '\n' ';' <<<"$stats")"
  [[ $ready -ge $BATTLE_SERVERS ]] || { echo "only $ready of $BATTLE_SERVERS battle servers came up" >&2; return 1; }
}

bench_dispatcher() {
  build
  build_jar
  OUT=target/bench/$(date +%Y%m%d-%H%M%S)
  mkdir -p "$OUT"
  RESULTS=$OUT/results.txt
  trap stop_servers EXIT
  {
    echo "# $(date -Is) nproc=$(nproc) cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    echo "# java: $(java -version 2>&1 | head -1)"
    echo "# RUNS=$RUNS DURATION=$DURATION WARMUP=$WARMUP MODES=$MODES connections short=$SHORT_CONNECTIONS" \
      "persistent=$PERSISTENT_CONNECTIONS pipelined=$PIPELINED_CONNECTIONS depth=$DEPTH bare=$SHORT_BARE" \
      "battle-servers=$BATTLE_SERVERS load-generator=$([[ $NATIVE == 1 ]] && echo C || echo Java)"
    echo "# dispatcher JVM: $DISPATCHER_JAVA_OPTS; floor JVM: $FLOOR_JAVA_OPTS"
    echo "# load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  } >"$RESULTS"
  log "results in $OUT"
  local servers=""
  for name in ${SERVERS:-dispatcher original ref floor}; do
    case $name in
      dispatcher) start_dispatcher ;;
      floor)
        # shellcheck disable=SC2086
        start_server floor java $FLOOR_JAVA_OPTS -cp "$CP" gamegrid.bench.FloorServer --max-lifetime=20m ;;
      ref)
        [[ $NATIVE == 1 ]] || continue
        start_server ref target/bench/refserver --max-lifetime=1200 ;;
      original)
        if ! ORIGINAL_PYTHON=$(twisted_python); then
          log "no python3 with Twisted (Debian: apt-get install python3-twisted): the original is not measured this run"
          continue
        fi
        start_server original "$ORIGINAL_PYTHON" src/test/python/original_dispatcher.py --max-lifetime=1200 \
          --servers="$BATTLE_SERVERS" ;;
      *) echo "unknown server $name" >&2; return 2 ;;
    esac
    servers="$servers $name"
  done
  for name in $servers; do
    # JIT compilation of each mode's code paths would otherwise land, on the server's core, in the first run
    # (C2 compiling shares the one core with the event loop: on a busy machine it takes seconds).
    log "priming $name ($PRIME of each mode, not recorded) ..."
    for mode in $MODES; do
      load "$name" "$mode" "$PRIME" 1s >>"$OUT/priming.log" 2>&1 || true
    done
  done
  for mode in $MODES; do
    for run in $(seq 1 "$RUNS"); do
      # Alternate the order of the servers, so slow drift in the machine's load hits all alike.
      local order=$servers
      (( run % 2 == 0 )) && order=$(tr ' ' '\n' <<<"$servers" | tac | xargs)
      for name in $order; do
        local text
        if ! text=$(load "$name" "$mode" "$WARMUP" "$DURATION" 2>&1); then
          log "$mode run $run/$RUNS $name: load generator failed:"; echo "$text"
          continue
        fi
        echo "# load average $(cut -d' ' -f1-3 /proc/loadavg)" >>"$OUT/loadgen.log"
        echo "$text" >>"$OUT/loadgen.log"
        grep '^RESULT ' <<<"$text" | sed "s/\$/ loadavg=$(cut -d' ' -f1 /proc/loadavg)/" >>"$RESULTS"
        log "$mode run $run/$RUNS $(grep -E "^  $name " <<<"$text" | sed 's/^ *//')"
        log "    $(grep 'latency' <<<"$text" | sed 's/^ *//'); $(grep 'server cpu' <<<"$text" | sed 's/^ *//')"
        grep 'first error' <<<"$text" || true
      done
    done
  done
  echo "# load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RESULTS"
  stop_servers
  java -cp "$CP" gamegrid.bench.BenchSummary "$RESULTS" | tee "$OUT/summary.txt"
  java -cp "$CP" gamegrid.bench.BenchCharts dispatcher "$RESULTS" "$OUT"
  log "load average (1/5/15 min) now: $(cut -d' ' -f1-3 /proc/loadavg); raw results: $RESULTS"
}

bench_jmh() {
  build
  OUT=target/bench/jmh-$(date +%Y%m%d-%H%M%S)
  mkdir -p "$OUT"
  log "JMH FleetSelectionBenchmark: 1 fork, 3 warm-up and 5 measurement iterations of 1s per case ..."
  # shellcheck disable=SC2086
  java -cp "$CP" org.openjdk.jmh.Main 'gamegrid\.bench\.FleetSelectionBenchmark' -f 1 -wi 3 -w 1s -i 5 -r 1s \
    -rf csv -rff "$OUT/fleet.csv" ${JMH_ARGS:-} | tee "$OUT/jmh.log"
  # The whole pipeline takes longer to reach C2: more warm-up iterations.
  log "JMH PipelineBenchmark: 1 fork, 8 warm-up and 5 measurement iterations of 1s per case ..."
  # shellcheck disable=SC2086
  java -cp "$CP" org.openjdk.jmh.Main 'gamegrid\.bench\.PipelineBenchmark' -f 1 -wi 8 -w 1s -i 5 -r 1s \
    -rf csv -rff "$OUT/pipeline.csv" ${JMH_ARGS:-} | tee -a "$OUT/jmh.log"
  java -cp "$CP" gamegrid.bench.JmhGrowth "$OUT/fleet.csv" "$OUT/pipeline.csv" | tee "$OUT/summary.txt"
}

# Battle servers start from the packaged jar and its class-data archive, as scripts/dispatcher.sh runs them.
build_jar() {
  log "packaging target/gamegrid.jar and training its class-data archive ..."
  ./mvnw -q -B -ntp package -DskipTests
  rm -f target/fightserver.jsa
  scripts/dispatcher.sh train-archive
}

# A run's output, also kept as the results of one benchmark in target/bench/NAME-<timestamp>/, charts beside them.
results_dir() {
  OUT=target/bench/$1-$(date +%Y%m%d-%H%M%S)
  mkdir -p "$OUT"
  RESULTS=$OUT/results.txt
}

charts() {
  java -cp "$CP" gamegrid.bench.BenchCharts "$1" "$RESULTS" "$OUT"
  log "results and charts in $OUT"
}

bench_spawn() {
  build
  build_jar
  results_dir spawn
  local plain="-Xms32m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k"
  for options in "$plain" "$plain -XX:SharedArchiveFile=target/fightserver.jsa -Xshare:auto"; do
    log "spawn: ${SPAWN_RUNS:-10} launches with: $options"
    java -cp "$CP" gamegrid.bench.SpawnBenchmark --runs="${SPAWN_RUNS:-10}" "--jvm-options=$options" | tee -a "$RESULTS"
  done
  log "growth ramp: get latency in steady state, while the fleet grows without and with warm spares ..."
  java -cp "$CP" gamegrid.bench.RampBenchmark "--jvm-options=$plain -XX:SharedArchiveFile=target/fightserver.jsa -Xshare:auto" \
    | tee -a "$RESULTS"
  charts spawn
}

bench_battle() {
  build
  build_jar
  log "battle: one battle server on cpu $SERVER_CPU filled to 1000 players by PvP bots on cpu $CLIENT_CPU for ${BATTLE_DURATION:-15s} ..."
  # shellcheck disable=SC2046
  $(pin_prefix "$CLIENT_CPU") java -Xmx1g -cp "$CP" gamegrid.bench.BattleBenchmark --duration="${BATTLE_DURATION:-15s}" \
    --server-cpu="$SERVER_CPU"
}

bench_chat() {
  build
  log "packaging target/gamegrid.jar ..."
  ./mvnw -q -B -ntp package -DskipTests
  # One socket per player in the load tool, the chat server and Redis: each needs CHAT_PLAYERS descriptors and more
  # (the load tool connects one server's players at a time).
  ulimit -n "$(ulimit -Hn)"
  log "chat: ${CHAT_PLAYERS:-10000} players; servers on cpu $SERVER_CPU, load tool on cpu $CLIENT_CPU; file descriptors $(ulimit -n)"
  results_dir chat
  # shellcheck disable=SC2046
  # The chat server runs with the JVM options the shipped configuration launches it with.
  $(pin_prefix "$CLIENT_CPU") java -Xmx1g -cp "$CP" gamegrid.bench.ChatBenchmark --players="${CHAT_PLAYERS:-10000}" \
    "--jvm-options=$(sed -n 's/^chat\.jvm-options=//p' config/dispatcher.properties)" \
    --messages="${CHAT_MESSAGES:-300}" --rounds="${CHAT_ROUNDS:-3}" --window="${CHAT_WINDOW:-32}" --first="${CHAT_FIRST:-chat}" --server-cpu="$SERVER_CPU" \
    | tee "$RESULTS"
  charts chat
}

# Map servers: handoffs against a bare memcached gets+cas pair; one map with WORLD_PLAYERS players at several view radii.
bench_world() {
  build
  command -v memcached >/dev/null || { echo "bench world needs memcached (apt-get install memcached)" >&2; exit 2; }
  log "world: handoffs (${WORLD_CLIENTS:-16} players) vs gets+cas pairs, then ${WORLD_PLAYERS:-500} players on one map (${WORLD_WALKERS:-100} walking), ${WORLD_DURATION:-10s} each ..."
  results_dir world
  java -Xmx1g -cp "$CP" gamegrid.bench.WorldBenchmark --duration="${WORLD_DURATION:-10s}" --clients="${WORLD_CLIENTS:-16}" \
    --players="${WORLD_PLAYERS:-500}" --walkers="${WORLD_WALKERS:-100}" --radii="${WORLD_RADII:-2,5,10}" | tee "$RESULTS"
  charts world
}

case ${1:-} in
  world) bench_world ;;
  dispatcher) bench_dispatcher ;;
  chat) bench_chat ;;
  jmh) bench_jmh ;;
  spawn) bench_spawn ;;
  battle) bench_battle ;;
  *) echo "usage: scripts/bench.sh dispatcher|jmh|spawn|battle|chat   (see the top of this file)" >&2; exit 2 ;;
esac

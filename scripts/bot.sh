#!/usr/bin/env bash
# Plays battles with bots, or walks the world of map servers, and prints a one-line summary.
#
#   scripts/bot.sh --server=HOST:PORT [options]       straight at one battle server
#   scripts/bot.sh --dispatcher=HOST:PORT [options]   one `get` per battle, as a game client does
#   scripts/bot.sh --mode=world --dispatcher=HOST:PORT [--bots=N] [--duration=30s] [--move-interval=110ms]
#                  [--secret-file=run/dispatcher.secret]
#       N new players walk the maps (map|MAPID), change maps through portals, fight the battles monsters start
#       (get, pve|TICKET|BATTLE) and check every YOU against the XP and gold they expect; reports handoffs,
#       p50/p99 handoff time, moves/s, battles and lost-or-duplicated state (exit 1 unless errors and that are 0).
#
# Options: --mode=pve|pvp (default pve; a PvP battle is a pair of bots in a room of their own),
# --concurrency=N battles at a time (default 1), --battles=M in all (default 1),
# --duration=60s at most (battles still running then are cut and counted as unfinished).
#   scripts/bot.sh --mode=chat --server=HOST:PORT|--dispatcher=HOST:PORT [--players=20] [--messages=8] ...
#                                                     chat bots on world, map, team and private channels
#                                                     that check every delivery (needs GAMEGRID_WORLD_SECRET)
# Exit status: 0 when no bot met an error, 1 otherwise, 2 on bad arguments.
# Environment: BOT_JAVA_OPTS (JVM options).
set -euo pipefail
[[ ${1:-} == --help || ${1:-} == -h ]] && { sed -n '2,/^[^#]/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0; }
cd "$(dirname "$0")/.."

JAR=target/gamegrid.jar
if [[ ! -f $JAR ]]; then
  echo "building $JAR ..." >&2
  ./mvnw -q -B -ntp package -DskipTests
fi
LOGGING=()
[[ -f config/logback.xml ]] && LOGGING=(-Dlogback.configurationFile=config/logback.xml)
MAIN=gamegrid.fightserver.bot.Bot
for arg in "$@"; do
  if [[ $arg == --mode=chat ]]; then MAIN=gamegrid.chatserver.bot.ChatBot; fi
done
# shellcheck disable=SC2086 # BOT_JAVA_OPTS holds several options
exec java ${BOT_JAVA_OPTS:-} "${LOGGING[@]}" -cp "$JAR:target/lib/*" "$MAIN" "$@"

#!/usr/bin/env bash
# Operator tools for the chat server (protocol/CHAT.md):
#
#   scripts/announce.sh TEXT...               an announcement to every player online, and to those who log in
#                                             within announcement-replay (config/chatserver.properties) after it
#   scripts/announce.sh --mute NAME DURATION  the player may not talk for DURATION (90s, 10m, 2h, 1d)
#   scripts/announce.sh --unmute NAME
#   scripts/announce.sh --ticket NAME         a player ticket valid for an hour, to try the server with nc
#
# The world's secret comes from GAMEGRID_WORLD_SECRET, else from run/dispatcher.secret (where the dispatcher
# keeps it). The chat server is CHAT_SERVER (HOST:PORT), else 127.0.0.1:6100. Prints the server's answer;
# exit 0 on OK, 1 on ERR.
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=target/gamegrid.jar
if [[ ! -f $JAR ]]; then
  echo "building $JAR ..." >&2
  ./mvnw -q -B -ntp package -DskipTests
fi
case ${1:-} in
  --mute) shift; set -- mute "$@" ;;
  --unmute) shift; set -- unmute "$@" ;;
  --ticket) shift; set -- ticket "$@" ;;
  ''|-h|--help) sed -n '2,12p' "$0" >&2; exit 2 ;;
  *) set -- announce "$@" ;;
esac
LOGGING=()
[[ -f config/logback.xml ]] && LOGGING=(-Dlogback.configurationFile=config/logback.xml)
exec java -XX:TieredStopAtLevel=1 "${LOGGING[@]}" -cp "$JAR:target/lib/*" gamegrid.chatserver.ChatAdmin \
  --server="${CHAT_SERVER:-127.0.0.1:6100}" --secret-file=run/dispatcher.secret "$@"

#!/usr/bin/env bash
# Mints a player ticket (NAME:EXPIRY:MAC, HMAC-SHA256 with the world's secret), as the game's login would.
#
#   scripts/ticket.sh NAME [VALID_SECONDS]     default one hour
#
# The secret is read from $GAMEGRID_SECRET_FILE, by default run/dispatcher.secret (written by the dispatcher).
set -euo pipefail
[[ ${1:-} == --help || ${1:-} == -h ]] && { sed -n '2,/^[^#]/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0; }
cd "$(dirname "$0")/.."
if [[ $# -lt 1 || $# -gt 2 ]]; then
  echo "usage: scripts/ticket.sh NAME [VALID_SECONDS]" >&2
  exit 2
fi
SECRET_FILE=${GAMEGRID_SECRET_FILE:-run/dispatcher.secret}
if [[ ! -r $SECRET_FILE ]]; then
  echo "ticket: no secret in $SECRET_FILE (start the dispatcher, or set GAMEGRID_SECRET_FILE)" >&2
  exit 2
fi
JAR=target/gamegrid.jar
if [[ ! -f $JAR ]]; then
  echo "building $JAR ..." >&2
  ./mvnw -q -B -ntp package -DskipTests
fi
exec java -cp "$JAR:target/lib/*" gamegrid.protocol.ticket.MintTicket "$1" "$SECRET_FILE" "${2:-3600}"

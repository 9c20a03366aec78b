#!/usr/bin/env bash
# Sends one command to a dispatcher and prints the reply, with nothing but bash:
#   scripts/send.sh [HOST PORT] COMMAND      e.g.  scripts/send.sh get   or   scripts/send.sh 127.0.0.1 6000 stats
set -euo pipefail
[[ ${1:-} == --help || ${1:-} == -h ]] && { sed -n '2,/^[^#]/p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0; }
if [[ $# -ge 3 ]]; then host=$1 port=$2; shift 2; else host=127.0.0.1 port=6000; fi
[[ $# -eq 1 ]] || { echo "usage: $0 [HOST PORT] COMMAND" >&2; exit 2; }
exec 3<>"/dev/tcp/$host/$port"
printf '%s\n' "$1" >&3
# One-shot connections are closed by the dispatcher after the reply.
timeout 5 cat <&3

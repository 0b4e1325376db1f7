#!/usr/bin/env bash
# Serves one shard of a sharded medqa index (medqa index --shards N) to other machines with
# Xapian's xapian-tcpsrv, so that a stub line `remote HOST:PORT` can search it.
#
#   scripts/serve-shard.sh INDEX/shard-1 7001             # on 127.0.0.1:7001 (the default)
#   scripts/serve-shard.sh INDEX/shard-1 7001 10.0.0.5    # on another interface: read below
#
# Xapian's TCP protocol has no authentication and no encryption: anyone who can reach the port
# can read the whole shard. It listens on 127.0.0.1 unless told otherwise; between machines,
# prefer ssh (stub line `remote :ssh HOST xapian-progsrv /path/to/shard-1`, no server needed)
# or a firewalled private network. Runs in the foreground until Ctrl-C. To run it in the
# background of a script, start it with setsid: xapian-tcpsrv, when stopped, signals its
# whole process group, which would take the script down with it.
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 || "$1" == -h || "$1" == --help ]]; then
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
shard=$1 port=$2 interface=${3:-127.0.0.1}

if [[ ! -f "$shard/iamglass" ]]; then
    echo "serve-shard: $shard is not a Xapian database (expected a shard-N folder of a sharded medqa index)" >&2
    exit 4
fi
if ! command -v xapian-tcpsrv >/dev/null; then
    echo "serve-shard: xapian-tcpsrv not found; install xapian-tools (scripts/install-deps.sh)" >&2
    exit 1
fi
if [[ "$interface" != 127.0.0.1 && "$interface" != localhost ]]; then
    echo "serve-shard: warning: serving $shard on $interface without authentication or encryption" >&2
fi
# exec: a signal to this script reaches the server itself.
exec xapian-tcpsrv --interface "$interface" --port "$port" "$shard"

"""The original Python/Twisted dispatcher, as a reference measured beside ours by `scripts/bench.sh dispatcher`.

Ported from the seed article (../shared/seed): a dict `port -> players`; `get` sorts it by players and answers
the first port; `add|PORT` and `del|PORT` count. Its per-command work is kept as it was. Three changes only,
so that the load generator can speak to it in every mode (and TCP_NODELAY, as on the other servers):
  - replies are lines, `127.0.0.1:PORT\n` (the original wrote the bare port and closed);
  - `session` keeps the connection open for more newline-terminated commands, pipelined or not
    (the original closed after every command, so it has no persistent mode of its own);
  - the table holds --servers stand-in ports and nothing is launched: with no `add` reports the cap is never
    reached, as with the stand-ins behind our bench dispatcher.

    python3 original_dispatcher.py --port=0 --servers=4 --max-lifetime=900

Prints `READY original 127.0.0.1:PORT pid=PID` when it listens, and stops by itself after --max-lifetime seconds.
Needs Twisted (Debian: apt-get install python3-twisted). Loopback only.
"""
import os
import sys

from twisted.internet import epollreactor

epollreactor.install()

from twisted.internet import protocol, reactor  # noqa: E402  (after the reactor choice)

FIGHTNUM = {}
MAXNUM = 1000


def route():
    n = sorted(FIGHTNUM.items(), key=lambda d: d[1])  # as the original: sort by load, lowest first
    return n[0][0]


class Dispatcher(protocol.Protocol):
    def connectionMade(self):
        self.transport.setTcpNoDelay(True)  # as the floor and ours: Nagle would stall pipelined replies
        self.session = False
        self.pending = b""

    def dataReceived(self, data):
        self.pending += data
        if not self.session and b"\n" not in self.pending:
            # The original took each chunk as a whole command, line end or not.
            lines, self.pending = [self.pending], b""
        else:
            *lines, self.pending = self.pending.split(b"\n")
        out = []
        for raw in lines:
            msg = raw.strip().decode("ascii", "replace").split("|")
            if msg[0] == "get":
                out.append(b"127.0.0.1:%d\n" % route())
            elif msg[0] in ("add", "del") and len(msg) == 2 and msg[1].isdigit() and int(msg[1]) in FIGHTNUM:
                FIGHTNUM[int(msg[1])] += 1 if msg[0] == "add" else -1
                out.append(b"OK\n")
            elif msg[0] == "session" and not self.session:
                self.session = True
                out.append(b"OK session\n")
            else:
                out.append(b"ERR unknown command\n")
            if not self.session:
                break
        if out:
            self.transport.write(b"".join(out))
        if not self.session:
            self.transport.loseConnection()


def main(argv):
    options = dict(arg[2:].split("=", 1) for arg in argv if arg.startswith("--") and "=" in arg)
    for port in range(7000, 7000 + int(options.get("servers", "4"))):
        FIGHTNUM[port] = 0
    factory = protocol.ServerFactory()
    factory.protocol = Dispatcher
    listening = reactor.listenTCP(int(options.get("port", "0")), factory, backlog=1024, interface="127.0.0.1")
    reactor.callLater(float(options.get("max-lifetime", "900")), reactor.stop)
    print("READY original 127.0.0.1:%d pid=%d" % (listening.getHost().port, os.getpid()), flush=True)
    reactor.run()


if __name__ == "__main__":
    main(sys.argv[1:])

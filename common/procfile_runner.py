"""`make run`'s process manager: honcho, with its output relayed so Ctrl-C always stops it.

Why not honcho alone: with its output piped (`make run | tee log`), Ctrl-C kills `tee`
first; honcho's next line (its own "SIGINT received") then fails on the dead pipe and it
never stops the servers and the worker, which keep their ports. Here honcho writes into a
pipe this process owns and drains until honcho has stopped every process; lines that
cannot be shown any more (the reader is gone) are dropped instead of blocking anyone.

Usage: python -m common.procfile_runner [Procfile]
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

HONCHO = Path(sys.executable).with_name("honcho")


def main(argv: list[str]) -> int:
    procfile = argv[1] if len(argv) > 1 else "Procfile"
    # The logs' timestamps (honcho's prefix, the servers' lines) in the users' time zone.
    os.environ["TZ"] = "Europe/Paris"
    # Its own session: a terminal's Ctrl-C reaches this process, which forwards it once;
    # honcho then stops its processes (each in its own group) and exits.
    honcho = subprocess.Popen(
        [str(HONCHO), "start", "-f", procfile],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )

    def forward(signum, _frame):
        if honcho.poll() is None:
            honcho.send_signal(signal.SIGINT if signum == signal.SIGINT else signal.SIGTERM)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, forward)

    out = sys.stdout.buffer
    reader_gone = False
    for line in iter(honcho.stdout.readline, b""):
        if reader_gone:
            continue
        try:
            out.write(line)
            out.flush()
        except (BrokenPipeError, OSError):
            reader_gone = True
            # Whoever read our output left (Ctrl-C took `tee` with it): stop everything.
            forward(signal.SIGINT, None)
    code = honcho.wait()
    if reader_gone:
        # Nothing more may be written to the dead pipe, not even at interpreter exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))

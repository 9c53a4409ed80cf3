#!/usr/bin/env python3
"""pty_run.py ANSWER1 ANSWER2 -- CMD...: run CMD on a pseudo-terminal, answer
each prompt ending in ': ' with the next ANSWER, and print the exit code on the
first line, then everything the terminal showed (users.sh: passwords typed at
a terminal are not echoed)."""
import os
import pty
import sys
import time

def main():
    sep = sys.argv.index('--')
    answers, cmd = sys.argv[1:sep], sys.argv[sep + 1:]
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(cmd[0], cmd)
    shown = b''
    for a in answers:
        buf, start = b'', time.time()
        while not buf.endswith(b': ') and time.time() - start < 10:
            try:
                buf += os.read(fd, 1024)
            except OSError:
                break
        shown += buf
        os.write(fd, a.encode() + b'\n')
    while True:
        try:
            d = os.read(fd, 1024)
        except OSError:
            break
        if not d:
            break
        shown += d
    _, status = os.waitpid(pid, 0)
    print(os.waitstatus_to_exitcode(status))
    sys.stdout.write(shown.decode().replace('\r', ''))

main()

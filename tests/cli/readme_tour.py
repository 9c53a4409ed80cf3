#!/usr/bin/env python3
"""readme_tour.py: the README's tour reproduces (issue 9, item 24), and so
do the samples of docs/*.md and examples/nmi-2021/README.md.

Extracts every `$ COMMAND` line of README.md's fenced code blocks (then of
each docs/*.md file and of the example's README, each on its own), runs the commands in order with bash
in an empty temporary folder (fresh database,
`muster` on the PATH meaning the built binary, `examples/` the source tree's),
and compares the output shown under each command with the real one: stdout,
then stderr, as a terminal shows them. Prints TAP, one test per command.

Shown output may leave lines out with a line `...`: the lines before the
first `...` must begin the real output, every later chunk must follow in
order, and a chunk not followed by `...` must end it. Masked on both sides
(they vary from run to run): timestamps such as 2026-11-29T00:34:55Z and
2026-12-02T07:34:46.592Z, the
value of a `time ... s` line and the last column of a table whose header ends
with `seconds`.

UPDATE_README=1 rewrites the shown outputs that differ in place from the
real run (one that matches is kept as it is), keeping each block's cuts: the head keeps its length, a later chunk is found
again by its first line and keeps its length, a last chunk runs to the end.

Environment: MUSTER (the binary), MUSTER_SRC (the source tree).
"""
import os
import re
import subprocess
import sys
import tempfile

FENCE = "```"
ELLIPSIS = "..."
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z")
TIME = re.compile(r"^(time\s+)\d+(\.\d+)? s$")


class Command:
    """A `$ ` line of the README, its shown output and where it sits."""

    def __init__(self, text, line, shown, start, end):
        self.text = text  # the command, without "$ "
        self.line = line  # 1-based line number in README.md
        self.shown = shown  # the shown output lines
        self.start, self.end = start, end  # shown output: lines[start:end]
        self.blank = 0  # blank lines after the shown output, kept on rewrite

    def close(self, end):
        """The shown output ends before line index `end`."""
        self.end = end
        while self.shown and not self.shown[-1].strip():
            self.shown.pop()
            self.blank += 1


def parse(lines):
    """Every command of every fenced block, in order."""
    cmds, inside, cur = [], False, None
    for i, raw in enumerate(lines):
        text = raw.rstrip("\n")
        if text.startswith(FENCE):
            if inside and cur:
                cur.close(i)
                cmds.append(cur)
            inside, cur = not inside, None
            continue
        if not inside:
            continue
        if text.startswith("$ "):
            if cur:
                cur.close(i)
                cmds.append(cur)
            cur = Command(text[2:], i + 1, [], i + 1, None)
        elif cur:
            cur.shown.append(text)
    return cmds


def mask(out):
    """The lines with what varies from run to run replaced by '#'."""
    res, seconds = [], None
    for text in out:
        text = STAMP.sub("#", text)
        text = TIME.sub(r"\1# s", text)
        words = text.split()
        if not words:
            seconds = None
        elif "seconds" in words:
            seconds = words.index("seconds")  # the column of a table's header
        elif seconds is not None and len(words) > seconds:
            words[seconds] = "#"
            text = " ".join(words)
        res.append(text)
    return res


def chunks(shown):
    """The shown lines cut at `...` lines; and whether the last chunk is open."""
    parts = [[]]
    for text in shown:
        if text.strip() == ELLIPSIS:
            parts.append([])
        else:
            parts[-1].append(text)
    open_end = bool(shown) and shown[-1].strip() == ELLIPSIS
    if open_end:
        parts.pop()  # the empty chunk after the last `...`
    return parts, open_end


def compare(shown, real):
    """None when `real` matches `shown`, else what differs."""
    parts, open_end = chunks(shown)
    s, r = [mask(p) for p in parts], mask(real)
    if len(parts) == 1 and not open_end:
        return None if s[0] == r else "differs"
    if r[: len(s[0])] != s[0]:
        return "the first lines differ"
    pos = len(s[0])
    for k, part in enumerate(s[1:], 1):
        last = k == len(s) - 1 and not open_end
        if last:
            if len(r) - len(part) < pos or r[len(r) - len(part):] != part:
                return "the last lines differ"
            continue
        found = next((p for p in range(pos, len(r) - len(part) + 1)
                      if r[p:p + len(part)] == part), None)
        if found is None:
            return "chunk %d (from '%s') not found" % (k + 1, parts[k][0] if parts[k] else "")
        pos = found + len(part)
    return None


def find_anchor(part, r, pos):
    """Where the chunk `part` starts again in the masked real lines `r`: its
    first line, else the first line with the same first word (a table row of
    the same nation or line whose figures changed); None when neither."""
    first = mask(part[:1])[0] if part else None
    hit = next((p for p in range(pos, len(r)) if r[p] == first), None)
    if hit is None and first and first.split():
        word = first.split()[0]
        hit = next((p for p in range(pos, len(r)) if r[p].split()[:1] == [word]), None)
    return hit


def regenerate(shown, real):
    """New shown lines from `real`, keeping the cuts of `shown`."""
    parts, open_end = chunks(shown)
    if len(parts) == 1 and not open_end:
        return list(real)
    r = mask(real)
    new, pos = list(real[: len(parts[0])]), len(parts[0])
    for k, part in enumerate(parts[1:], 1):
        last = k == len(parts) - 1 and not open_end
        found = find_anchor(part, r, pos)
        if found is None:
            raise ValueError("cannot find '%s' again" % (part[0] if part else ""))
        end = len(r) if last else found + len(part)
        new += [ELLIPSIS] + list(real[found:end])
        pos = end
    if open_end:
        new.append(ELLIPSIS)
    return new


def setup(tmp, muster, src):
    """A bin/ folder with `muster`, and `examples` pointing into the source tree."""
    os.mkdir(os.path.join(tmp, "bin"))
    os.symlink(os.path.abspath(muster), os.path.join(tmp, "bin", "muster"))
    os.symlink(os.path.join(os.path.abspath(src), "examples"), os.path.join(tmp, "examples"))
    env = dict(os.environ)
    env["PATH"] = os.path.join(tmp, "bin") + os.pathsep + env.get("PATH", "")
    env.pop("MUSTER_DB", None)  # the default ./muster.db, in the empty folder
    env["LC_ALL"] = "C"
    return env


def run(cmd, tmp, env):
    """The command's stdout lines followed by its stderr lines."""
    p = subprocess.run(["bash", "-c", cmd], cwd=tmp, env=env, capture_output=True,
                       text=True, timeout=600)
    return p.stdout.splitlines() + p.stderr.splitlines()


def check_file(path, muster, src, update, n):
    """Run the commands of one Markdown file in a fresh folder; TAP from
    number n + 1. Returns (commands, failures)."""
    with open(path, encoding="utf-8") as f:
        lines = f.readlines()
    cmds = parse(lines)
    name = os.path.relpath(path, src)
    failed = 0
    with tempfile.TemporaryDirectory(prefix="muster-readme.") as tmp:
        env = setup(tmp, muster, src)
        for k, c in enumerate(cmds, n + 1):
            real = run(c.text, tmp, env)
            if update and compare(c.shown, real) is not None:
                try:
                    c.shown = regenerate(c.shown, real)
                except ValueError as e:
                    print("# %s:%d: %s" % (name, c.line, e))
            why = compare(c.shown, real)
            if why is None:
                print("ok %d - %s:%d: $ %s" % (k, name, c.line, c.text))
                continue
            failed += 1
            print("not ok %d - %s:%d: $ %s: %s" % (k, name, c.line, c.text, why))
            for text in ["--- shown"] + c.shown + ["--- real"] + real:
                print("# " + text)
    if update:
        for c in reversed(cmds):
            lines[c.start:c.end] = [text + "\n" for text in c.shown + [""] * c.blank]
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            f.writelines(lines)
        os.replace(path + ".tmp", path)
    return len(cmds), failed


def main():
    muster, src = os.environ["MUSTER"], os.environ["MUSTER_SRC"]
    update = os.environ.get("UPDATE_README") == "1"
    docs = os.path.join(src, "docs")
    paths = [os.path.join(src, "README.md")]
    if os.path.isdir(docs):
        paths += sorted(os.path.join(docs, f) for f in os.listdir(docs) if f.endswith(".md"))
        fr = os.path.join(docs, "fr")  # the French guide (issue 16): the same commands
        if os.path.isdir(fr):
            paths += sorted(os.path.join(fr, f) for f in os.listdir(fr) if f.endswith(".md"))
    paths.append(os.path.join(src, "examples", "nmi-2021", "README.md"))
    n = failed = 0
    for path in paths:
        k, bad = check_file(path, muster, src, update, n)
        if path.endswith("README.md") and path == paths[0] and not k:
            print("not ok %d - README.md shows no '$ ' commands" % (n + 1))
            k, bad = 1, 1
        n, failed = n + k, failed + bad
    print("1..%d" % n)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

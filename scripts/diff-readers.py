#!/usr/bin/env python3
"""Two binaries of avgift on the same broken inputs: a reader changed
underneath (a TOML library, a CSV layer) must say exactly what it said.

Makes N inputs by mutating the example's files (lines deleted and repeated,
characters and TOML fragments inserted or put in place of a value), runs
`check` (tariffs, some with a `--set` on top) or `plan` (the plan) with both
binaries in a copy of data/sjuharad/, and compares exit code, standard
output and standard error. Each difference is kept in OUT/ as the input and
both answers. The seed makes the inputs: the same seed, the same inputs.

    scripts/diff-readers.py BEFORE AFTER            # 400 per file, seed 1
    scripts/diff-readers.py BEFORE AFTER 1000 7     # 1000 per file, seed 7

BEFORE and AFTER are copies of `target/release/avgift` built from two
commits. Exits 1 when any input was answered differently.
"""

import os
import random
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLE = os.path.join(ROOT, "data", "sjuharad")
FILES = ["2023.toml", "2024.toml", "plan-2024-2026.toml"]
FRAGMENTS = [
    "[", "]", "{", "}", "=", '"', ",", ".", "\n", "[[", "]]", "'", '"""', "#", "\t", "\r\n",
    "0x10", "1e400", "99999999999999999999", "-", "inf", "nan", "-0", "+1", "1_0", "2.5e-3",
    "a.b = 1\n", "[charges]\n", "[[adjustments]]\n", "[charges.dso.x]\n", "x = {a=1}\n",
    "= [{rate=1},{up_to=5,rate=2}]", "[[charges.ny.rate]]\n", "true", "1979-05-27",
    '"1490"', "1490", "0127", '"everyone"', "[1,2]", '"50%"', "6,53", "135 000", "\\u0001", "é",
]
SETS = [[], [], ["--set", "charges.dso.rate=7"], ["--set", "indices.avtal=3%"]]


def mutate(rng, text):
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(6)
        if kind == 0 and len(lines) > 1:
            del lines[rng.randrange(len(lines))]
        elif kind == 1:
            lines.insert(rng.randrange(len(lines)), lines[rng.randrange(len(lines))])
        else:
            j = rng.randrange(len(lines))
            line = lines[j]
            k = rng.randint(0, len(line))
            if kind == 2 and line:
                k = min(k, len(line) - 1)
                line = line[:k] + line[k + 1:]
            elif kind == 3:
                line = line[:k] + rng.choice(FRAGMENTS) + line[k:]
            elif kind == 4 and "=" in line:
                line = line[: line.index("=") + 1] + " " + rng.choice(FRAGMENTS)
            else:
                line = line[:k] + rng.choice(FRAGMENTS) + line[k + rng.randint(0, 4):]
            lines[j] = line
    return "\n".join(lines)


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    before, after = (os.path.abspath(b) for b in sys.argv[1:3])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else 400
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    out = os.path.join(ROOT, "target", "diff-readers")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    differ = 0
    with tempfile.TemporaryDirectory() as work:
        for name in FILES:
            text = open(os.path.join(EXAMPLE, name), encoding="utf-8").read()
            for i in range(count):
                case = os.path.join(work, "case")
                shutil.rmtree(case, ignore_errors=True)
                shutil.copytree(EXAMPLE, case)
                broken = mutate(rng, text)
                with open(os.path.join(case, name), "w", encoding="utf-8") as f:
                    f.write(broken)
                if name.startswith("plan"):
                    args = ["plan", name]
                else:
                    args = ["check", name] + rng.choice(SETS)
                answers = [
                    subprocess.run([b] + args, cwd=case, capture_output=True, timeout=120)
                    for b in (before, after)
                ]
                said = [(a.returncode, a.stdout, a.stderr) for a in answers]
                if said[0] != said[1]:
                    differ += 1
                    stem = os.path.join(out, f"{name}-{i}")
                    with open(stem + ".input", "w", encoding="utf-8") as f:
                        f.write(broken)
                    with open(stem + ".txt", "wb") as f:
                        f.write(f"avgift {' '.join(args)}\n".encode())
                        for who, (code, stdout, stderr) in zip(("before", "after"), said):
                            f.write(f"--- {who}: exit {code}\n".encode() + stdout + stderr)
            print(f"{name}: {count} inputs", flush=True)
    print(f"{differ} answered differently" + (f": see {out}" if differ else ""))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())

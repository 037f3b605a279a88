"""Every figure of ``bench/run.py`` for an earlier commit and for this checkout, measured in one run.

    python bench/compare.py --before HEAD~1                  # all sizes, 2 rounds: before, now, before, now
    python bench/compare.py --before HEAD~1 --after HEAD --rounds 1 -- --sizes 1000,10000
    python bench/compare.py --before HEAD~1 --script bench/load.py -- --sizes 1,10,30

The earlier commit (and, with ``--after``, the later one; else this working tree) is checked out
into a git worktree under ``bench/out/``; the two checkouts' own ``bench/run.py`` run in turn (each with its own generated data and its own code), and for each
figure the medians and their ratio (now / before) are written to ``bench/COMPARE.md``. With
``--script``, this checkout's script runs against each checkout's app instead (``--app DIR``), so
both are measured by the same method. With ``--python-before``, the earlier commit runs under
another interpreter (a venv with that commit's own ``requirements.txt``), so a change of the
dependencies is measured too. The machines
are shared and noisy: read the ratios, and rerun when a ratio looks odd.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
COMPARE = BENCH / "COMPARE.md"
_UNITS = {"s": 1.0, "ms": 1e-3, "MB": 1.0, "KB": 1e-3, "GB": 1e3}
_VALUE = re.compile(r"^([0-9][0-9,.]*)\s*(s|ms|MB|KB|GB)$")


def worktree(rev: str) -> Path:
    """A checkout of `rev` under bench/out (made once, reused)."""
    sha = subprocess.run(["git", "rev-parse", "--short", rev], cwd=ROOT, check=True, capture_output=True,
                         text=True).stdout.strip()
    path = OUT / f"before-{sha}"
    if not path.exists():
        subprocess.run(["git", "worktree", "add", "--detach", str(path), sha], cwd=ROOT, check=True,
                       capture_output=True)
    return path


def figures(text: str) -> dict[str, tuple[float, str]]:
    """The project's figures in a results text: (value in s or MB, unit) by "N | figure"."""
    found = {}
    section = ""
    for line in text.splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) < 3 or set(cells[0]) <= set("-:"):
            continue
        if section == "Results" and cells[0].replace(",", "").isdigit():
            key, value = f"{cells[0]} | {cells[1]}", cells[2]
        elif section.startswith("The real dataset"):
            key, value = f"real data | {cells[0]}", cells[1]
        else:
            continue
        match = _VALUE.match(value)
        if match:
            unit = match.group(2)
            found[key] = (float(match.group(1).replace(",", "")) * _UNITS[unit], "s" if unit in ("s", "ms") else "MB")
    return found


def run(checkout: Path, out: Path, args: list[str], script: str | None = None, python: str = sys.executable) -> str:
    if script:
        command, cwd = [python, str(ROOT / script), "--app", str(checkout), *args], ROOT
    else:
        command, cwd = [python, "bench/run.py", "--out", str(out), "--no-profile", *args], checkout
    print(f"[{time.strftime('%H:%M:%S')}] {checkout.name}: {' '.join(command[1:])}", file=sys.stderr, flush=True)
    kept = checkout / "bench" / "RESULTS.md"
    recorded = kept.read_bytes() if kept.exists() else None
    try:
        done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    finally:  # bench/run.py writes its RESULTS.md: a comparison must not replace the checkout's record
        if recorded is not None:
            kept.write_bytes(recorded)
    if done.returncode != 0:
        raise SystemExit(f"{checkout}: {script or 'bench/run.py'} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def table(before: dict[str, list], now: dict[str, list], label: str) -> str:
    lines = [f"| N | figure | before ({label}) | now | now / before |", "|---:|---|---:|---:|---:|"]
    for key in now:
        if key not in before:
            continue
        b, n = statistics.median(v for v, _ in before[key]), statistics.median(v for v, _ in now[key])
        unit = now[key][0][1]
        ratio = f"{n / b:.2f}" if b else ""
        if b and n / b > 1.10:
            ratio = f"**{ratio}**"
        size, figure = key.split(" | ", 1)
        lines.append(f"| {size} | {figure} | {b:.3g} {unit} | {n:.3g} {unit} | {ratio} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="the earlier commit (e.g. HEAD~1)")
    parser.add_argument("--after", default=None, help="the later commit (default: this working tree)")
    parser.add_argument("--rounds", type=int, default=2, help="rounds of (before, now)")
    parser.add_argument("--into", type=Path, default=COMPARE, help="where to write the table (default bench/COMPARE.md)")
    parser.add_argument("--script", default=None,
                        help="this checkout's bench script to run against each checkout (--app DIR), e.g. bench/load.py")
    parser.add_argument("--python-before", default=sys.executable,
                        help="the interpreter for the earlier commit, e.g. a venv with its own requirements.txt")
    parser.add_argument("rest", nargs=argparse.REMAINDER, help="-- arguments for the script (bench/run.py)")
    args = parser.parse_args(argv)
    passed = [a for a in args.rest if a != "--"]
    old = worktree(args.before)
    new = worktree(args.after) if args.after else ROOT
    runs = {"before": {}, "now": {}}
    for _ in range(args.rounds):
        for name, checkout, python in (("before", old, args.python_before), ("now", new, sys.executable)):
            for key, value in figures(run(checkout, OUT / f"compare-{name}", passed, args.script, python)).items():
                runs[name].setdefault(key, []).append(value)
    text = "\n".join([
        "# Before and now, in one run", "",
        f"`python bench/compare.py --before {args.before} --rounds {args.rounds}"
        + (f" --python-before {args.python_before}" if args.python_before != sys.executable else "")
        + (f" --script {args.script}" if args.script else "")
        + (f" -- {' '.join(passed)}" if passed else "") + "`", "",
        f"- **Date**: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
        f"- **Before**: {old.name.removeprefix('before-')}; **now**: "
        + (new.name.removeprefix("before-") if args.after else "the working tree of " + subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()),
        *([f"- **Before** ran under `{args.python_before}` (its own requirements), **now** under `{sys.executable}`"]
          if args.python_before != sys.executable else []),
        f"- Medians of {args.rounds} run(s) each, alternating; ratios above 1.10 in bold.", "",
        table(runs["before"], runs["now"], old.name.removeprefix("before-")), ""])
    args.into.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Runs the README's "A short tour" literally and checks every shown output (ctest readme_tour),
then checks the README's "Track record" table against its command's --json figures.

Usage: readme_tour.py KISS_SIGNAL_BINARY [README]

The tour's code blocks hold commands (lines starting with "$ ") followed by their output. Each
command runs with bash in a fresh temporary copy of what a clone holds for the tour
(config.yaml, rules.yaml, data/sample), with `build/kiss-signal` linked to the given binary; its
stdout and stderr together must equal the shown lines, except for the documented variable parts
(README, "A short tour"):
  - `make run` runs `build/kiss-signal run` (the Makefile's run target, after building); a line
    "..." in the shown output stands for any lines (make's own output);
  - timings ("in 0.05 s"), the run timestamp ("run 2026-12-04T15:03:12.424Z"), the instant a
    fact was recorded ("2026-12-04T15:03:12Z, cli") and today's date with the number of trading
    days the sample lies behind it ("308 trading days before today 2026-12-04").
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

VARIABLE = [
    (re.compile(r"\bin \d+\.\d+ s\b"), "in <seconds> s"),
    (re.compile(r"\brun \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z"), "run <timestamp>"),
    (re.compile(r"\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ, "), "(<recorded at>, "),
    (re.compile(r"\b\d+ trading days? before today \d{4}-\d\d-\d\d"),
     "<n> trading days before today <today>"),
]


def normal(line):
    for pattern, replacement in VARIABLE:
        line = pattern.sub(replacement, line)
    return line.rstrip()


def tour_steps(readme):
    """[(command, [expected lines])] of the tour section, in order."""
    lines = open(readme, encoding="utf-8").read().splitlines()
    start = lines.index("## A short tour")
    steps = []
    in_code = False
    for line in lines[start + 1:]:
        if line.startswith("```"):
            in_code = not in_code
        elif not in_code and line.startswith("## "):
            break  # the next section
        elif in_code and line.startswith("$ "):
            steps.append((line[2:], []))
        elif in_code and steps:
            steps[-1][1].append(line)
    return steps


def matches(expected, actual):
    """Whether actual lines equal expected ones, "..." standing for any lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[i:]) for i in range(len(actual) + 1))
    return bool(actual) and normal(expected[0]) == normal(actual[0]) and matches(
        expected[1:], actual[1:])


def track_record_section(readme):
    """(command, {figure: [book, NIFTY, buy-and-hold]}, days) of the README's "## Track record"."""
    lines = open(readme, encoding="utf-8").read().splitlines()
    start = lines.index("## Track record")
    command, table, days = None, {}, None
    for line in lines[start + 1:]:
        if line.startswith("## "):
            break
        if line.startswith("build/kiss-signal track-record"):
            command = line.split("#")[0].strip()
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 4 and cells[0] not in ("figure", "---"):
            table[cells[0]] = cells[1:]
        m = re.match(r"^(\d+) trading days, ", line)
        if m:
            days = int(m.group(1))
    return command, table, days


def track_record_figures(j):
    """The README table's cells from `track-record --json` (docs/track-record.md)."""
    parts = [j["book"], j["nifty"], j["buy_hold"]]
    return {
        "total return": ["%+.2f%%" % p["total_return_pct"] for p in parts],
        "CAGR": ["%+.2f%%" % p["cagr_pct"] for p in parts],
        "max drawdown": ["-%.2f%%" % p["max_drawdown_pct"] for p in parts],
        "from peak to trough": ["%s to %s" % (p["drawdown_peak"], p["drawdown_trough"])
                                for p in parts],
        "Sharpe (daily, √252)": ["%.2f" % p["sharpe"] for p in parts],
        "exposure": ["%.2f%%" % j["exposure_pct"], "100%", "100%"],
        "trades (closed) / open at the end": ["%d / %d" % (j["trades"], j["open_at_end"]), "", ""],
        "win %": ["%.2f%%" % j["win_pct"], "", ""],
        "average trade (net)": ["%+.2f%%" % j["avg_trade_pct"], "", ""],
        "turnover (per year)": ["%.2fx" % j["turnover"], "", ""],
    }


def check_track_record(readme, work):
    """The README's track record table and day count are what its command prints (--json)."""
    command, table, days = track_record_section(readme)
    if command is None or not table or days is None:
        print("readme_tour: the Track record section has no command, table or day count")
        return 1
    p = subprocess.run(["bash", "-c", command + " --json -o track_check"], cwd=work,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if p.returncode != 0:
        print("readme_tour: `%s --json` (exit %d): %s" % (command, p.returncode, p.stderr))
        return 1
    j = json.loads(p.stdout)
    want = track_record_figures(j)
    failures = 0
    for figure, cells in want.items():
        if table.get(figure) != cells:
            failures += 1
            print("readme_tour: track record '%s': README %s, the command %s"
                  % (figure, table.get(figure), cells))
    if days != j["days"]:
        failures += 1
        print("readme_tour: track record: README %d trading days, the command %d"
              % (days, j["days"]))
    print("readme_tour: track record table, %d figures, %d differ" % (len(want), failures))
    return failures


def main():
    binary = os.path.abspath(sys.argv[1])
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    readme = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "README.md")
    steps = tour_steps(readme)
    if not steps:
        print("readme_tour: no commands found in the README's tour", file=sys.stderr)
        return 1
    work = tempfile.mkdtemp(prefix="kiss_tour_")
    try:
        for name in ("config.yaml", "rules.yaml"):
            shutil.copy(os.path.join(root, name), work)
        shutil.copytree(os.path.join(root, "data", "sample"), os.path.join(work, "data", "sample"))
        os.makedirs(os.path.join(work, "build"))
        os.symlink(binary, os.path.join(work, "build", "kiss-signal"))
        failures = 0
        for command, expected in steps:
            run = "build/kiss-signal run" if command == "make run" else command
            p = subprocess.run(["bash", "-c", run], cwd=work, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True)
            actual = p.stdout.splitlines()
            if p.returncode != 0 or not matches(expected, actual):
                failures += 1
                print("readme_tour: `%s` (exit %d) printed:" % (command, p.returncode))
                print("\n".join("  | " + a for a in actual))
                print("README shows:")
                print("\n".join("  | " + e for e in expected))
        print("readme_tour: %d commands, %d differ" % (len(steps), failures))
        # Then, on the database the tour leaves (every sample price imported), the Track
        # record section's table.
        failures += check_track_record(readme, work)
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

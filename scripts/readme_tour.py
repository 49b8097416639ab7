#!/usr/bin/env python3
"""Runs the README's "A short tour" literally and checks every shown output (ctest readme_tour).

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
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

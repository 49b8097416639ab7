#!/usr/bin/env python3
"""Keeps the stage order of docs/architecture.md true (run by `make test` as the ctest
`architecture_includes`; by hand: `python3 scripts/check_includes.py`).

The ONE place the order is written is CMakeLists.txt: its `kiss_stage(<name> DEPS ...)` calls,
in the order they appear. The `kiss_<stage>` entries of a stage's DEPS are the stages whose
headers it may include, listed directly (not through another stage). This script fails when:

  - a DEPS list names a stage that is not declared before it (the order runs one way);
  - a source of src/<stage>/ (*.cc, *.h; not a test) includes `"<other>/..."` where <other> is
    not in its DEPS: the message names the file, the line and the include;
  - a test of src/<stage>/ (*_test.cc, test_*.h) includes a stage that is not below it, i.e. not
    reachable through DEPS (tests may use the test helpers of any lower stage);
  - a source that is not a test includes a test helper (test_*.h);
  - a DEPS entry is never included by a (non-test) source of the stage: the list must say what
    the code uses, no more;
  - a folder of src/ is not a declared stage, or an include names one that is not;
  - the table "Folders and what each owns" of docs/architecture.md does not list the stages in
    the build order, each with exactly its DEPS stages in the "may depend on" column.

A new stage needs no edit here: declare it with kiss_stage() in CMakeLists.txt and give it its
row in the table. Exit status 0 when everything agrees, 1 with one line per disagreement.
"""
import argparse
import os
import re
import sys

STAGE_CALL = re.compile(r"^\s*kiss_stage\s*\(([^)]*)\)", re.MULTILINE)
INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')
TABLE_HEADING = "## Folders and what each owns"


def read_stages(cmake_path):
    """[(name, [stage deps])] in declaration order, from the kiss_stage() calls."""
    with open(cmake_path, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"#[^\n]*", "", text)  # CMake comments
    stages = []
    for m in STAGE_CALL.finditer(text):
        words = m.group(1).split()
        if not words:
            continue
        name, rest = words[0], words[1:]
        deps = []
        if "DEPS" in rest:
            for w in rest[rest.index("DEPS") + 1:]:
                if w.startswith("kiss_"):
                    deps.append(w[len("kiss_"):])
        stages.append((name, deps))
    return stages


def read_table(doc_path):
    """[(line number, stage, {stage names in 'may depend on'})] of the architecture table."""
    rows = []
    with open(doc_path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    in_section = False
    for number, line in enumerate(lines, 1):
        if line.startswith("## "):
            in_section = line.strip() == TABLE_HEADING
            continue
        if not in_section or not line.startswith("|"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        m = re.fullmatch(r"`([a-z0-9_]+)/`", cells[0])
        if not m or len(cells) < 3:
            continue  # header or separator row
        words = re.findall(r"[A-Za-z0-9_+-]+", cells[-1])
        rows.append((number, m.group(1), set(words)))
    return rows


def is_test_file(name):
    return name.endswith("_test.cc") or name.startswith("test_")


def closure(stage, deps_of):
    seen, todo = set(), list(deps_of.get(stage, []))
    while todo:
        s = todo.pop()
        if s not in seen:
            seen.add(s)
            todo.extend(deps_of.get(s, []))
    return seen


def check(root):
    errors = []
    cmake = os.path.join(root, "CMakeLists.txt")
    stages = read_stages(cmake)
    if not stages:
        return ["CMakeLists.txt: no kiss_stage() call found"]
    order = [name for name, _ in stages]
    deps_of = {name: deps for name, deps in stages}

    # 1. The DEPS lists run down the order only.
    for i, (name, deps) in enumerate(stages):
        for d in deps:
            if d not in order[:i]:
                where = "is declared after it" if d in order else "is not a stage"
                errors.append(f"CMakeLists.txt: kiss_stage({name}) lists kiss_{d}, which {where}")

    # 2. Every folder of src/ is a stage.
    src = os.path.join(root, "src")
    for entry in sorted(os.listdir(src)):
        if os.path.isdir(os.path.join(src, entry)) and entry not in order:
            errors.append(f"src/{entry}/: not declared with kiss_stage() in CMakeLists.txt")

    # 3. Every include of a stage's sources against its DEPS.
    for name in order:
        folder = os.path.join(src, name)
        if not os.path.isdir(folder):
            errors.append(f"CMakeLists.txt: kiss_stage({name}) has no folder src/{name}/")
            continue
        direct = set(deps_of[name])
        below = closure(name, deps_of)
        used = set()
        for file in sorted(os.listdir(folder)):
            if not (file.endswith(".cc") or file.endswith(".h")):
                continue
            test = is_test_file(file)
            path = os.path.join(folder, file)
            rel = f"src/{name}/{file}"
            with open(path, encoding="utf-8") as f:
                for number, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    include = f'#include "{m.group(1)}"'
                    if not test and is_test_file(os.path.basename(m.group(1))):
                        errors.append(f"{rel}:{number}: {include}: a test helper, included by "
                                      f"a source that is not a test")
                    if "/" not in m.group(1):
                        continue  # a header beside the file: same stage
                    target = m.group(1).split("/")[0]
                    if target == name:
                        continue
                    if target not in order:
                        errors.append(f"{rel}:{number}: {include}: '{target}' is not a stage")
                        continue
                    if test:
                        if target not in below:
                            errors.append(f"{rel}:{number}: {include}: a test of {name}/ may "
                                          f"include only stages below it ({fmt(below)})")
                        continue
                    used.add(target)
                    if target not in direct:
                        rule = ("is above it in the order" if order.index(target) > order.index(name)
                                else f"is not in its DEPS ({fmt(direct)})")
                        errors.append(f"{rel}:{number}: {include}: {name}/ may not include "
                                      f"{target}/, which {rule}")
        for d in sorted(direct - used):
            errors.append(f"CMakeLists.txt: kiss_stage({name}) lists kiss_{d}, but no source of "
                          f"src/{name}/ includes {d}/: remove it (and from docs/architecture.md)")

    # 4. The table of docs/architecture.md says the same.
    doc = os.path.join(root, "docs", "architecture.md")
    rows = read_table(doc)
    listed = [stage for _, stage, _ in rows]
    if listed != order:
        errors.append(f"docs/architecture.md: the table lists {fmt(listed, ordered=True)}; "
                      f"CMakeLists.txt declares {fmt(order, ordered=True)} (same stages, same order)")
    for number, stage, words in rows:
        if stage not in deps_of:
            continue
        said = {w for w in words if w in order}
        if said != set(deps_of[stage]):
            errors.append(f"docs/architecture.md:{number}: {stage}/ may depend on {fmt(said)}, "
                          f"but its DEPS in CMakeLists.txt are {fmt(set(deps_of[stage]))}")
    return errors


def fmt(stages, ordered=False):
    items = list(stages) if ordered else sorted(stages)
    return ", ".join(items) if items else "none"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--root", default=os.path.dirname(here),
                        help="the repository root (default: the one holding this script)")
    args = parser.parse_args()
    errors = check(args.root)
    for e in errors:
        print(e, file=sys.stderr)
    if errors:
        print(f"check_includes: {len(errors)} disagreement(s) with the stage order", file=sys.stderr)
        return 1
    print(f"check_includes: the includes of src/ follow the stage order of CMakeLists.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())

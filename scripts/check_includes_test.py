#!/usr/bin/env python3
"""The test of scripts/check_includes.py (ctest architecture_includes_selftest): a tiny tree of
three stages that follows the order passes, and each kind of violation makes the check fail with
a message naming the file, the line and the include. A check that cannot fail tests nothing."""
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CHECK = os.path.join(HERE, "check_includes.py")

CMAKE = """\
function(kiss_stage name)
endfunction()
# A comment naming kiss_stage(ignored DEPS kiss_nothing) is not a stage.
kiss_stage(low  DEPS fmt::fmt)
kiss_stage(mid  DEPS kiss_low yaml-cpp)
kiss_stage(top  DEPS kiss_mid
                     kiss_low CLI11::CLI11)
"""

DOC = """\
# Architecture

## Folders and what each owns

| folder | owns | may depend on |
|---|---|---|
| `low/` | dates | fmt |
| `mid/` | the middle | low, yaml-cpp |
| `top/` | the command line | mid, low, CLI11 |

## Conventions
| `other/` | a table of another section is not read | top |
"""

FILES = {
    "src/low/date.h": '#pragma once\n#include <string>\n',
    "src/low/date.cc": '#include "low/date.h"\n#include "date.h"\n',
    "src/low/test_low.h": '#include "low/date.h"\n',
    "src/mid/mid.h": '#include "low/date.h"\n#include "mid/mid_internal.h"\n',
    "src/mid/mid_internal.h": '#pragma once\n',
    "src/mid/mid_test.cc": '#include "mid/mid.h"\n#include "low/test_low.h"\n',
    "src/top/main.cc": '#include "mid/mid.h"\n#include "low/date.h"\n',
    "src/top/top_test.cc": '#include "low/test_low.h"\n',
}


def make_tree(root, cmake=CMAKE, doc=DOC, files=None):
    tree = dict(FILES)
    tree.update(files or {})
    tree["CMakeLists.txt"] = cmake
    tree["docs/architecture.md"] = doc
    for rel, text in tree.items():
        if text is None:
            continue
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def run(root):
    p = subprocess.run([sys.executable, CHECK, "--root", root], capture_output=True, text=True)
    return p.returncode, p.stderr


failures = []


def case(name, expect_ok, expected_lines=(), **tree):
    root = tempfile.mkdtemp(prefix=f"kiss_check_includes_{os.getpid()}_")
    try:
        make_tree(root, **tree)
        code, err = run(root)
        if expect_ok and code != 0:
            failures.append(f"{name}: expected to pass, failed with:\n{err}")
        if not expect_ok and code == 0:
            failures.append(f"{name}: expected to FAIL, passed")
        for line in expected_lines:
            if line not in err:
                failures.append(f"{name}: expected '{line}' in the output:\n{err}")
    finally:
        shutil.rmtree(root)


case("a tree that follows the order", True)

case("an include of a higher stage", False,
     ['src/mid/mid.h:3: #include "top/cli.h": mid/ may not include top/, which is above it'],
     files={"src/mid/mid.h": '#include "low/date.h"\n#include "mid/mid_internal.h"\n'
                             '#include "top/cli.h"\n'})

case("an include of a lower stage missing from DEPS", False,
     ['src/top/main.cc:2: #include "low/date.h": top/ may not include low/, which is not in its DEPS'],
     cmake=CMAKE.replace("kiss_low CLI11", "CLI11"),
     doc=DOC.replace("mid, low, CLI11", "mid, CLI11"))

case("a test including a higher stage", False,
     ['src/low/test_low.h:2: #include "mid/mid.h": a test of low/ may include only stages below it'],
     files={"src/low/test_low.h": '#include "low/date.h"\n#include "mid/mid.h"\n'})

case("a test may use a lower stage's helpers through DEPS", True,
     files={"src/top/top_test.cc": '#include "low/test_low.h"\n#include "mid/mid.h"\n'})

case("a source including a test helper", False,
     ['src/mid/mid.h:3: #include "low/test_low.h": a test helper, included by a source that is '
      'not a test'],
     files={"src/mid/mid.h": '#include "low/date.h"\n#include "mid/mid_internal.h"\n'
                             '#include "low/test_low.h"\n'})

case("DEPS naming a stage declared later", False,
     ["kiss_stage(mid) lists kiss_top, which is declared after it"],
     cmake=CMAKE.replace("kiss_low yaml-cpp", "kiss_low kiss_top yaml-cpp"))

case("DEPS naming a stage that is never included", False,
     ["kiss_stage(top) lists kiss_low, but no source of src/top/ includes low/"],
     files={"src/top/main.cc": '#include "mid/mid.h"\n'})

case("an include of a folder that is not a stage", False,
     ['src/mid/mid.h:1: #include "daily/loop.h": \'daily\' is not a stage'],
     files={"src/mid/mid.h": '#include "daily/loop.h"\n#include "low/date.h"\n'})

case("a folder of src/ that is not a stage", False,
     ["src/daily/: not declared with kiss_stage()"],
     files={"src/daily/loop.h": "#pragma once\n"})

case("a new stage, declared and in the table, passes", True,
     cmake=CMAKE + "kiss_stage(daily DEPS kiss_mid kiss_low)\n",
     doc=DOC.replace("\n\n## Conventions", "\n| `daily/` | the loop | mid, low |\n\n## Conventions"),
     files={"src/daily/loop.cc": '#include "mid/mid.h"\n#include "low/date.h"\n'})

case("a new stage missing from the table fails", False,
     ["docs/architecture.md: the table lists low, mid, top; CMakeLists.txt declares low, mid, top, daily"],
     cmake=CMAKE + "kiss_stage(daily DEPS kiss_mid kiss_low)\n",
     files={"src/daily/loop.cc": '#include "mid/mid.h"\n#include "low/date.h"\n'})

case("a table row that disagrees with DEPS", False,
     ["docs/architecture.md:8: mid/ may depend on none, but its DEPS in CMakeLists.txt are low"],
     doc=DOC.replace("| low, yaml-cpp |", "| yaml-cpp |"))

if failures:
    print("\n".join(failures), file=sys.stderr)
    sys.exit(1)
print("check_includes_test: every case behaves")

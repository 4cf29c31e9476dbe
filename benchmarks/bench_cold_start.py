"""Cold start: ``vanban render one.yaml -o x.docx`` as a whole process, and where its time goes.

    python benchmarks/bench_cold_start.py [--runs 7]

Prints the median wall time of ``--runs`` processes each of: the bare interpreter
(``python -c pass``), ``python -c "import vanban"``, and the command itself on the reference
plan; then, in one more process, the breakdown of the command's work (import, load the YAML,
load and compile the template, render, save), and the imports that cost most
(``python -X importtime``, cumulative).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT / "examples" / "ke_hoach_cchc_2022.yaml"

BREAKDOWN = r"""
import json, sys, time
started = time.perf_counter()
import vanban as vb
from vanban.render import get_template
imported = time.perf_counter()
document = vb.load(sys.argv[1])
loaded = time.perf_counter()
template = get_template(str(vb.builtin_template(document.loai)))
compiled = time.perf_counter()
rendered = vb.render(document, template=template)
done = time.perf_counter()
rendered.save(sys.argv[2])
saved = time.perf_counter()
print(json.dumps({
    "import vanban": imported - started,
    "load the YAML": loaded - imported,
    "load and compile the template": compiled - loaded,
    "render": done - compiled,
    "save (atomic, fsync)": saved - done,
}))
"""


def median_seconds(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def heaviest_imports(count: int) -> list[tuple[float, str]]:
    """The vanban modules and third-party packages that cost most to import, cumulative."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import vanban.cli"],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    rows = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, cumulative, name = line.split("|")
        depth = (len(name) - len(name.lstrip())) // 2
        if depth <= 2:
            rows.append((int(cumulative) / 1e6, name.strip()))
    return sorted(rows, reverse=True)[:count]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    script = Path(sys.executable).with_name("vanban")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "vanban"]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "x.docx"
        bare = median_seconds([sys.executable, "-c", "pass"], args.runs)
        imported = median_seconds([sys.executable, "-c", "import vanban"], args.runs)
        whole = median_seconds([*command, "render", str(PLAN), "-o", str(out)], args.runs)
        print(f"medians of {args.runs} processes each\n")
        print(f"python -c pass                        {bare:6.3f} s")
        print(f'python -c "import vanban"             {imported:6.3f} s')
        print(f"vanban render one.yaml -o x.docx      {whole:6.3f} s\n")
        result = subprocess.run(
            [sys.executable, "-c", BREAKDOWN, str(PLAN), str(out)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
        steps = json.loads(result.stdout)
        print("one process, step by step:")
        for step, seconds in steps.items():
            print(f"  {step:<34} {seconds:6.3f} s")
    print("\nheaviest imports (python -X importtime -c 'import vanban.cli', cumulative):")
    for seconds, name in heaviest_imports(12):
        print(f"  {seconds:6.3f} s  {name}")


if __name__ == "__main__":
    main()

"""The most common batch: one Giấy mời per guest of a CSV list, side by side with a docxtpl loop.

    python benchmarks/bench_giay_moi.py [--guests 500] [--workers 2]

The invitation is examples/giay_moi/chung.yaml (Mẫu 1.7); the guest list is a CSV of ``--guests``
rows, one column ``kinh_moi.0``. Measured, each writing one .docx per guest:

- a plain docxtpl loop over the same invitations (what users write by hand: validate each with
  ``vb.from_dict``, build its context, open the template, render, save);
- ``vanban.batch`` from the CSV with the shared invitation (``chung=``) and ``kind="giay_moi"``:
  reading, overlaying, validating, naming and rendering every row — workers=1 and ``--workers``;
- ``vanban.batch`` from a JSON Lines file whose rows each hold the whole invitation (no ``chung``),
  to show what laying rows over shared data costs.

Prints documents per second and the ratios, measured in the same run.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from docxtpl import DocxTemplate

import vanban as vb
from vanban.batching import batch
from vanban.render.context import build_context
from vanban.render.environment import make_environment

ROOT = Path(__file__).resolve().parent.parent
CHUNG: dict[str, Any] = yaml.safe_load(
    (ROOT / "examples" / "giay_moi" / "chung.yaml").read_text(encoding="utf-8")
)
CHUNG["so"], CHUNG["ngay"] = 1, "2022-12-20"  # numbered: no register in this benchmark
TEMPLATE = vb.builtin_template("giay_moi")


def guests(n: int) -> list[str]:
    return [f"Trưởng thôn số {i}" for i in range(1, n + 1)]


def plain_docxtpl(names: list[str], out: Path) -> None:
    for i, name in enumerate(names, start=1):
        context = build_context(vb.from_dict({**CHUNG, "kinh_moi": [name]}))
        tpl = DocxTemplate(str(TEMPLATE))
        tpl.render(context, jinja_env=make_environment(), autoescape=True)
        buffer = io.BytesIO()
        tpl.save(buffer)
        (out / f"{i:05d}.docx").write_bytes(buffer.getvalue())


def vanban_batch(data: Path, out: Path, workers: int, chung: dict[str, Any] | None) -> None:
    report = batch("giay_moi", data, out, kind="giay_moi", chung=chung, workers=workers)
    assert report.ok, report.failed[:3]


def timed(label: str, run: Callable[[Path], None], n: int) -> float:
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        run(Path(folder))
        seconds = time.perf_counter() - started
        written = len(list(Path(folder).glob("*.docx")))
    assert written == n, (label, written)
    rate = n / seconds
    print(f"{label:<44} {n:>6} docs {seconds:>8.2f} s {rate:>9.1f} docs/s")
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--guests", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    names = guests(args.guests)
    with tempfile.TemporaryDirectory() as folder:
        listed = Path(folder) / "khach_moi.csv"
        with listed.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["kinh_moi.0"])
            writer.writerows([name] for name in names)
        whole = Path(folder) / "giay_moi.jsonl"
        whole.write_text(
            "".join(
                json.dumps({**CHUNG, "kinh_moi": [n]}, ensure_ascii=False) + "\n" for n in names
            ),
            encoding="utf-8",
        )
        n = args.guests
        print(f"template: {TEMPLATE.name}; {n} guests, one invitation each\n")
        base = timed("plain docxtpl loop", lambda out: plain_docxtpl(names, out), n)
        one = timed(
            "vanban.batch, CSV + chung, workers=1",
            lambda out: vanban_batch(listed, out, 1, CHUNG),
            n,
        )
        many = timed(
            f"vanban.batch, CSV + chung, workers={args.workers}",
            lambda out: vanban_batch(listed, out, args.workers, CHUNG),
            n,
        )
        full = timed(
            f"vanban.batch, whole rows, workers={args.workers}",
            lambda out: vanban_batch(whole, out, args.workers, None),
            n,
        )
    print()
    print(f"batch workers=1 / docxtpl loop:           {one / base:6.1f}x")
    print(f"batch workers={args.workers} / docxtpl loop:           {many / base:6.1f}x")
    print(f"scaling, workers={args.workers} / workers=1:              {many / one:6.2f}x")
    print(f"CSV + chung / whole rows (workers={args.workers}):     {many / full:6.2f}x")


if __name__ == "__main__":
    main()

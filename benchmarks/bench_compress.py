"""The zlib level of the parts a render changes, by measurement: CPU time and size per level on the
reference plan's rendered document.xml.

    python benchmarks/bench_compress.py [--runs 500]

CPU time (``time.process_time``, the best of five runs of ``--runs`` compressions), so another
process on the machine slows it less than it slows a wall clock; docs/performance.md, "Compression
level", shows one run. vanban.render.template.COMPRESSION_LEVEL is the level chosen.
"""

from __future__ import annotations

import argparse
import io
import time
import zipfile
import zlib
from pathlib import Path

import vanban as vb
from vanban.render.context import build_context
from vanban.render.template import COMPRESSION_LEVEL

ROOT = Path(__file__).resolve().parent.parent
PLAN = vb.load(ROOT / "examples" / "ke_hoach_cchc_2022.yaml")
TEMPLATE = vb.Template(vb.builtin_template(PLAN.loai))
PACKAGE = TEMPLATE.render(build_context(PLAN))
with zipfile.ZipFile(io.BytesIO(PACKAGE)) as archive:
    DOCUMENT = archive.read("word/document.xml")
    OTHERS = sum(i.compress_size for i in archive.infolist() if i.filename != "word/document.xml")


def compressed(level: int) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(DOCUMENT) + compressor.flush()


def microseconds(level: int, runs: int) -> float:
    best = float("inf")
    for _ in range(5):
        started = time.process_time()
        for _ in range(runs):
            compressed(level)
        best = min(best, (time.process_time() - started) / runs)
    return best * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    args = parser.parse_args()
    print(f"document.xml: {len(DOCUMENT)} bytes; the level vanban uses: {COMPRESSION_LEVEL}\n")
    base = len(compressed(6))
    print("level   CPU time   compressed   whole .docx against level 6")
    for level in (1, 2, 3, 4, 6, 9):
        size = len(compressed(level))
        change = (size - base) / (base + OTHERS)
        print(
            f"{level:>5} {microseconds(level, args.runs):>7.0f} µs {size:>9} B"
            f"   {'+' if change >= 0 else ''}{change:.1%}"
        )


if __name__ == "__main__":
    main()

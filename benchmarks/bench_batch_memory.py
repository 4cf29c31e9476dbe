"""Memory of a long batch: peak resident memory after 10,000 and after 100,000 rows of a CSV.

    python benchmarks/bench_batch_memory.py [--rows 100000] [--workers 2]

Writes a CSV of ``--rows`` rows, then runs vanban.batch on its first 10,000 rows and on all of it,
each in a fresh process, and prints the peak resident set size of the calling process and of its
workers. Flat numbers mean memory does not grow with the input: rows stream in and only a bounded
number of chunks is in flight. The documents (a one-page invitation, ~30 KB each) are deleted
after each run.
"""

from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
import docx
from vanban.batching import batch
template, data, out, workers = sys.argv[1:5]
started = time.perf_counter()
report = batch(template, data, out, workers=int(workers))
print(json.dumps({
    "written": report.written, "failed": len(report.failed), "seconds": time.perf_counter() - started,
    "parent_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "workers_kib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    import docx

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        document = docx.Document()
        document.add_paragraph("GIẤY MỜI")
        document.add_paragraph("Kính gửi: {{ ho_ten }}, {{ dia_chi }}")
        document.add_paragraph("Mời ông/bà dự họp lúc {{ gio }} ngày {{ ngay }} tại {{ noi_hop }}.")
        template = root / "giay_moi.docx"
        document.save(str(template))
        for count in sorted({min(10_000, args.rows), args.rows}):
            data = root / f"rows-{count}.csv"
            with data.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["ho_ten", "dia_chi", "gio", "ngay", "noi_hop"])
                for i in range(count):
                    writer.writerow(
                        [
                            f"Hộ gia đình số {i}",
                            f"Thôn {i % 12 + 1}",
                            "8 giờ 00",
                            "05/12/2026",
                            "Hội trường xã",
                        ]
                    )
            out = root / f"out-{count}"
            result = subprocess.run(
                [sys.executable, "-c", CHILD, str(template), str(data), str(out), str(args.workers)],
                check=True, capture_output=True, text=True,
            )  # fmt: skip
            numbers = json.loads(result.stdout.strip().splitlines()[-1])
            print(
                f"{count:>7} rows: {numbers['written']} written in {numbers['seconds']:.1f} s; "
                f"peak RSS parent {numbers['parent_kib'] / 1024:.0f} MiB, "
                f"largest worker {numbers['workers_kib'] / 1024:.0f} MiB"
            )
            shutil.rmtree(out)


if __name__ == "__main__":
    main()

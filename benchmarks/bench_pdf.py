"""Side by side: one cold `soffice --convert-to pdf` per file against vanban's warm converter.

    python benchmarks/bench_pdf.py [--docs 20]

Both convert the same 20 rendered Kế hoạch documents (the reference plan, 8 pages each). The cold
side is what users script: one `soffice --headless --convert-to pdf` per file, each with a fresh
profile so that runs do not block each other. The warm side is vanban.pdf.PdfConverter, started
once (its start-up is included in the time). Prints seconds per document and the ratio.
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
import warnings
from pathlib import Path

import vanban as vb
from vanban.pdf import PdfConverter, find_soffice, so_trang

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=20)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    soffice = find_soffice()
    plan = vb.load(ROOT / "examples" / "ke_hoach_cchc_2022.yaml")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        documents = [
            vb.render(plan.model_copy(update={"so": i + 1})).save(root / f"kh{i:02d}.docx")
            for i in range(args.docs)
        ]
        cold_out = root / "cold"
        started = time.perf_counter()
        for i, document in enumerate(documents):
            profile = (root / f"profile{i}").as_uri()
            subprocess.run(
                [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                 "--convert-to", "pdf", "--outdir", str(cold_out), str(document)],
                check=True, capture_output=True, timeout=300,
            )  # fmt: skip
        cold = time.perf_counter() - started
        warm_out = root / "warm"
        started = time.perf_counter()
        with PdfConverter() as converter:
            report = converter.convert_many(documents, warm_out)
        warm = time.perf_counter() - started
        assert report.ok and len(report.converted) == args.docs
        assert all(so_trang(p) == so_trang(cold_out / p.name) for p in report.converted)
    n = args.docs
    print(f"cold soffice per file   {n} docs {cold:7.2f} s  {cold / n:6.3f} s/doc")
    print(
        f"vanban PdfConverter     {n} docs {warm:7.2f} s  {warm / n:6.3f} s/doc (start-up included)"
    )
    print(f"ratio: {cold / warm:.1f}x")


if __name__ == "__main__":
    main()

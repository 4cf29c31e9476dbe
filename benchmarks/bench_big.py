"""A big document: one table of 100 000 rows, vanban.Template against plain docxtpl, time and memory.

    python benchmarks/bench_big.py [--rows 100000] [--only vanban|docxtpl]

The template is a one-page list built here with python-docx: a heading, then a table whose body
row repeats with docxtpl's row loop (``{%tr for r in dong %}``): số thứ tự, họ và tên, địa chỉ,
số tiền. Each side runs in a fresh process, which builds the rows (Vietnamese text, so the XML
is not plain ASCII), renders once and writes the .docx to a file; it reports the seconds of the
render and save, the peak resident set size of the whole process (``VmHWM``: not ``ru_maxrss``,
which Linux carries over from the parent's size at the fork) and the resident size before the
render (imports, template and rows), so the render's own share is the difference.
Prints both sides and the ratios, measured in the same run.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD = r"""
import io, json, sys, time
from pathlib import Path

def status_kib(field):  # VmRSS: resident now; VmHWM: its peak since exec (Linux)
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0

side, template, rows, out = sys.argv[1], sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
context = {
    "tieu_de": "Danh sách hộ gia đình nhận hỗ trợ",
    "dong": [
        {
            "stt": str(i + 1),
            "ho_ten": f"Nguyễn Thị Hồng Nhung {i}",
            "dia_chi": f"Thôn Phú Lương {i % 12 + 1}, xã Gia Lương",
            "so_tien": f"{(i % 97 + 1) * 125_000:,}".replace(",", "."),
        }
        for i in range(rows)
    ],
}
if side == "vanban":
    import vanban as vb
    from vanban.render import atomic_write
    compiled = vb.Template(template)
else:
    from docxtpl import DocxTemplate
    from vanban.render.environment import make_environment
before = status_kib("VmRSS")
started = time.perf_counter()
if side == "vanban":
    atomic_write(out, compiled.render(context))
else:
    tpl = DocxTemplate(template)
    tpl.render(context, jinja_env=make_environment(), autoescape=True)
    tpl.save(str(out))
seconds = time.perf_counter() - started
print(json.dumps({
    "seconds": seconds,
    "peak_kib": status_kib("VmHWM"),
    "before_kib": before,
    "bytes": out.stat().st_size,
}))
"""


def build_template(path: Path) -> None:
    """A heading and a table whose body row repeats once per item of ``dong``."""
    import docx

    document = docx.Document()
    document.add_paragraph("{{ tieu_de }}")
    table = document.add_table(rows=4, cols=4)
    for i, text in enumerate(["STT", "Họ và tên", "Địa chỉ", "Số tiền (đồng)"]):
        table.cell(0, i).text = text
    table.cell(1, 0).text = "{%tr for r in dong %}"
    for i, name in enumerate(["stt", "ho_ten", "dia_chi", "so_tien"]):
        table.cell(2, i).text = f"{{{{ r.{name} }}}}"
    table.cell(3, 0).text = "{%tr endfor %}"
    document.save(str(path))


def run(side: str, template: Path, rows: int, folder: Path) -> dict[str, float]:
    out = folder / f"{side}.docx"
    result = subprocess.run(
        [sys.executable, "-c", CHILD, side, str(template), str(rows), str(out)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    numbers: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    check_rows(out, rows)
    out.unlink()
    return numbers


def check_rows(path: Path, rows: int) -> None:
    """The written document holds the header row and every data row, in order."""
    import zipfile

    with zipfile.ZipFile(path) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    assert xml.count("<w:tr") == rows + 1, (path, xml.count("<w:tr"))
    assert f"Nguyễn Thị Hồng Nhung {rows - 1}<" in xml


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--only", choices=["vanban", "docxtpl"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        template = folder / "danh_sach.docx"
        build_template(template)
        print(f"one table of {args.rows} rows, rendered once and saved\n")
        results = {}
        for side in ("docxtpl", "vanban"):
            if args.only and side != args.only:
                continue
            n = results[side] = run(side, template, args.rows, folder)
            print(
                f"{side:<8} {n['seconds']:>7.2f} s   peak RSS {n['peak_kib'] / 1024:>6.0f} MiB "
                f"(before the render {n['before_kib'] / 1024:.0f} MiB)   "
                f"file {n['bytes'] / 1024 / 1024:.1f} MiB"
            )
        if len(results) == 2:
            ours, theirs = results["vanban"], results["docxtpl"]
            print()
            print(f"time, docxtpl / vanban:         {theirs['seconds'] / ours['seconds']:6.1f}x")
            print(f"peak RSS, docxtpl / vanban:     {theirs['peak_kib'] / ours['peak_kib']:6.2f}x")


if __name__ == "__main__":
    main()

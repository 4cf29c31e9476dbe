"""``vanban check`` over a folder of documents, with one worker and with several.

    python benchmarks/bench_check.py [--docs 1000] [--workers 2]

The folder holds ``--docs`` .docx files: vanban's renders of every example (each checks clean)
and documents typed as in Word with the usual mistakes (Letter paper, Arial, "Số:49 /KH - UBND",
"ngày 5 tháng 1", "các các", "Uỷ … Ủy", a hard line break), taken in turn. The command is timed
as a user runs it (``vanban check --workers N FOLDER``, its report to /dev/null), start-up
included; the first run is a warm-up (the files into the page cache), not counted.

Prints documents per second for each worker count and the scaling between them, measured in the
same run, and the CPU time the command used (its processes' user and system time), which a
shared machine disturbs less than the wall clock.
"""

from __future__ import annotations

import argparse
import io
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import docx
from docx.shared import Pt

import vanban as vb

ROOT = Path(__file__).resolve().parent.parent
VANBAN = Path(sys.executable).with_name("vanban")


def word_typed(i: int) -> bytes:
    """A plan typed in Word, its mistakes kept, numbered ``i`` so that no two are alike."""
    typed = docx.Document()
    typed.styles["Normal"].font.name = "Arial"
    typed.styles["Normal"].font.size = Pt(13)
    lines = [
        "ỦY BAN NHÂN DÂN XÃ GIA LƯƠNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        f"Số:{i % 99 + 1} /KH - UBND",
        f"Gia Lương, ngày {i % 28 + 1} tháng {i % 12 + 1} năm 2022",
        "KẾ HOẠCH",
        "Cải cách hành chính nhà nước năm 2022",
        *(
            f"{n}. Thực hiện các các nhiệm vụ của Uỷ ban nhân dân xã; Ủy ban nhân dân xã giao "
            f"UBNDhuyện  theo dõi, đôn đốc việc thực hiện\nkế hoạch số {i}."
            for n in range(1, 30)
        ),
        "Nơi nhận:",
        "- UBND huyện;",
        "- Lưu VT",
    ]
    for line in lines:
        typed.add_paragraph(line)
    buffer = io.BytesIO()
    typed.save(buffer)
    return buffer.getvalue()


def make_folder(folder: Path, n: int) -> tuple[int, int]:
    """``n`` documents in ``folder``: (vanban's, typed in Word)."""
    examples = sorted((ROOT / "examples").glob("*.yaml"))[: (n + 1) // 2]
    rendered = [vb.render(vb.load(path)).to_bytes() for path in examples]
    made = [0, 0]
    for i in range(n):
        if i % 2 == 0:
            data, kind = rendered[(i // 2) % len(rendered)], 0
        else:
            data, kind = word_typed(i), 1
        (folder / f"{i:05d}.docx").write_bytes(data)
        made[kind] += 1
    return made[0], made[1]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed(folder: Path, workers: int, n: int) -> float:
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(
        [str(VANBAN), "check", "--workers", str(workers), str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    seconds = time.perf_counter() - started
    cpu = _children_cpu() - cpu
    assert done.returncode == 1, done.stderr.decode()  # the typed ones have findings
    rate = n / seconds
    label = f"vanban check --workers {workers}"
    print(
        f"{label:<28} {n:>6} docs {seconds:>7.2f} s {rate:>7.1f} docs/s"
        f"   CPU {cpu:6.2f} s, {1000 * cpu / n:5.1f} ms/doc"
    )
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        ours, typed = make_folder(folder, args.docs)
        print(f"{args.docs} documents: {ours} rendered by vanban, {typed} typed as in Word\n")
        subprocess.run(
            [str(VANBAN), "check", str(folder)], stdout=subprocess.DEVNULL, check=False
        )  # warm-up: the files into the page cache
        one = timed(folder, 1, args.docs)
        many = timed(folder, args.workers, args.docs)
    print()
    print(f"scaling, workers={args.workers} / workers=1:   {many / one:6.2f}x")


if __name__ == "__main__":
    main()

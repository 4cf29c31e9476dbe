"""Issues per second of vanban.Register, on SQLite and PostgreSQL, from one and several processes.

    python benchmarks/bench_register.py [--issues 1000] [--processes 8] [--postgres URL]

Each run makes a fresh register (a temporary SQLite file; a fresh schema of the PostgreSQL
database given by --postgres or VANBAN_POSTGRES_URL, skipped without one) and times ``issue``
calls on one series: first from one process, then from --processes processes at once (forked,
each opening the register itself, --issues calls each). Every issue is one durable transaction
(number, row, numbered copy). The run checks that the numbers given are exactly 1..N.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import vanban as vb

DAY = date(2022, 3, 1)
UBND = vb.CoQuan(ten="Ủy ban nhân dân xã Gia Lương", viet_tat="UBND", dia_danh="Gia Lương")
DRAFT = vb.KeHoach(
    co_quan=UBND,
    trich_yeu="Tuyên truyền cải cách hành chính năm 2022",
    noi_dung=[vb.Muc("Mục đích, yêu cầu", ["Nâng cao nhận thức về cải cách hành chính."])],
    noi_nhan=[vb.NoiNhan("Lãnh đạo UBND xã")],
    luu="VP",
    chu_ky=vb.ChuKy.thay_mat("Ủy ban nhân dân", chuc_vu="Chủ tịch", ho_ten="Đoàn Thanh Bình"),
)


def issue_many(where: str, count: int) -> list[int]:
    with vb.Register(where) as register:
        return [register.issue(DRAFT, ngay=DAY).so or 0 for _ in range(count)]


@contextmanager
def sqlite_register() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "so.db")
        vb.Register.create(path, co_quan=UBND).close()
        yield path


@contextmanager
def postgres_register(url: str) -> Iterator[str]:
    import psycopg

    schema = f"bench_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as db:
        db.execute(f"CREATE SCHEMA {schema}")
    where = f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    try:
        vb.Register.create(where, co_quan=UBND).close()
        yield where
    finally:
        with psycopg.connect(url, autocommit=True) as db:
            db.execute(f"DROP SCHEMA {schema} CASCADE")


def run(where: str, processes: int, issues: int) -> float:
    context = multiprocessing.get_context("fork")
    with context.Pool(processes) as pool:
        started = time.perf_counter()
        given = pool.starmap(issue_many, [(where, issues)] * processes)
        elapsed = time.perf_counter() - started
    numbers = sorted(n for part in given for n in part)
    assert numbers == list(range(1, processes * issues + 1)), "numbers lost or given twice"
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=1000, help="issue calls per process")
    parser.add_argument("--processes", type=int, default=8)
    parser.add_argument("--postgres", default=os.environ.get("VANBAN_POSTGRES_URL"))
    args = parser.parse_args()
    backends = [("sqlite", sqlite_register)]
    if args.postgres:
        url = args.postgres
        backends.append(("postgresql", lambda: postgres_register(url)))
    for name, make in backends:
        for processes in sorted({1, args.processes}):
            with make() as where:
                elapsed = run(where, processes, args.issues)
            total = processes * args.issues
            label = f"{processes} process{'es' if processes > 1 else ''}"
            print(
                f"{name:<11} {label:<12} {total:>6} issues {elapsed:>7.2f} s "
                f"{total / elapsed:>8.1f} issues/s"
            )
    if not args.postgres:
        print("postgresql: not measured (give --postgres URL or VANBAN_POSTGRES_URL)")


if __name__ == "__main__":
    main()

"""Concurrency, proven: several processes issuing on one series at once get every number exactly
once, and a process killed in the middle of ``issue`` leaves no half row and loses no number (its
transaction is rolled back). On SQLite (one file, several processes) and on a real PostgreSQL
server.

The processes are forked (Linux), each opens the register itself, as separate app servers would.
8 processes × ``STRESS_ISSUES`` calls (250; VANBAN_STRESS_ISSUES sets it, and .ci/run runs the
issue's 8 × 1 000): every issue commits durably (one fsync of the WAL on SQLite), so the run is
bounded by the disk, ~250 issues/s on SQLite here, and 8 × 250 keeps it at seconds.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from datetime import date
from types import FrameType
from typing import Any

import pytest

import vanban as vb
from vanban.register.core import Register

PROCESSES = 8
STRESS_ISSUES = int(os.environ.get("VANBAN_STRESS_ISSUES", "250"))
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

pytestmark = pytest.mark.skipif(
    sys.platform != "linux", reason="forks worker processes (multiprocessing 'fork')"
)


def _issue_many(where: str, count: int) -> list[int]:
    with vb.Register(where) as so:
        return [so.issue(DRAFT, ngay=DAY).so or 0 for _ in range(count)]


def _issue_then_die_before_commit(where: str) -> None:
    """Issue once, and SIGKILL this process right after the row's INSERT ran, before COMMIT."""

    def kill_after_write(frame: FrameType, event: str, arg: Any) -> None:
        if event == "return" and frame.f_code is Register._write.__code__:
            os.kill(os.getpid(), signal.SIGKILL)

    with vb.Register(where) as so:
        sys.setprofile(kill_after_write)
        so.issue(DRAFT, ngay=DAY)
    os._exit(3)  # not reached: the process died inside issue


def _issue_forever(where: str) -> None:
    with vb.Register(where) as so:
        while True:
            so.issue(DRAFT, ngay=DAY)


def test_processes_issuing_at_once_get_every_number_exactly_once(register_where: str) -> None:
    vb.Register.create(register_where, co_quan=UBND).close()
    context = multiprocessing.get_context("fork")
    with context.Pool(PROCESSES) as pool:
        given = pool.starmap(_issue_many, [(register_where, STRESS_ISSUES)] * PROCESSES)
    total = PROCESSES * STRESS_ISSUES
    every = sorted(number for numbers in given for number in numbers)
    assert every == list(range(1, total + 1))  # no duplicate, no gap
    for numbers in given:  # each process saw its own numbers rise
        assert numbers == sorted(numbers) and len(numbers) == STRESS_ISSUES
    with vb.Register(register_where) as so:
        rows = so.rows(2022)
    assert [r.so for r in rows] == list(range(1, total + 1))
    assert {(r.trang_thai, r.ngay) for r in rows} == {(vb.TrangThai.DA_CAP, DAY)}


def test_a_process_killed_inside_issue_leaves_no_half_row_and_no_lost_number(
    register_where: str,
) -> None:
    with vb.Register.create(register_where, co_quan=UBND) as so:
        assert so.issue(DRAFT, ngay=DAY).so == 1
    context = multiprocessing.get_context("fork")
    dying = context.Process(target=_issue_then_die_before_commit, args=(register_where,))
    dying.start()
    dying.join(60)
    assert dying.exitcode == -signal.SIGKILL  # killed after its INSERT, before its COMMIT
    with vb.Register(register_where) as so:
        assert [r.so for r in so.rows(2022)] == [1]  # its row was rolled back
        assert so.issue(DRAFT, ngay=DAY).so == 2  # and its number was not lost
        assert [r.so for r in so.rows(2022)] == [1, 2]


def test_processes_killed_at_any_moment_leave_the_series_whole(register_where: str) -> None:
    vb.Register.create(register_where, co_quan=UBND).close()
    context = multiprocessing.get_context("fork")
    for _ in range(3):
        workers = [context.Process(target=_issue_forever, args=(register_where,)) for _ in range(3)]
        for worker in workers:
            worker.start()
        with vb.Register(register_where) as watcher:  # let them issue some numbers first
            target = len(watcher.rows(2022)) + 20
            while len(watcher.rows(2022)) < target:
                time.sleep(0.01)
        for worker in workers:
            os.kill(worker.pid or 0, signal.SIGKILL)
            worker.join(60)
            assert worker.exitcode == -signal.SIGKILL
    with vb.Register(register_where) as so:
        rows = so.rows(2022)
        assert [r.so for r in rows] == list(range(1, len(rows) + 1))
        assert all(r.so_ky_hieu == f"{r.so:02d}/KH-UBND" and r.nguoi_ky for r in rows)
        assert so.issue(DRAFT, ngay=DAY).so == len(rows) + 1

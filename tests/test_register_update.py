"""What the văn thư writes in a register line after issue (Register.update: Phụ lục IV, columns
7–10), closing a year, and a register error's two wordings (Python's and the command line's).
Each test runs on SQLite and on a real PostgreSQL server (``register_where`` in conftest.py)."""

from __future__ import annotations

import pickle
from dataclasses import replace
from datetime import date, datetime

import pytest

import vanban as vb

from .test_register import KH, UBND


def _issued(so: vb.Register) -> vb.RegisterRow:
    """01/KH-UBND of 29/01/2022, 12 copies."""
    so.issue(KH, ngay=date(2022, 1, 29), so_ban=12)
    row = so.find("01/KH-UBND", nam=2022)
    assert row is not None
    return row


def test_update_writes_columns_7_to_10_and_nothing_else(register_where: str) -> None:
    with vb.Register.create(register_where, co_quan=UBND) as so:
        issued = _issued(so)
        document = so.van_ban("01/KH-UBND", nam=2022)
        row = so.update(
            "01/KH-UBND",
            nam=2022,
            so_luong_ban=15,
            ngay_chuyen=date(2022, 1, 29),
            ky_nhan="  Phòng Nội vụ huyện,\n29/01/2022 ",
            ghi_chu="gửi kèm dự toán",
        )
        expected = replace(
            issued,
            so_luong_ban=15,
            ngay_chuyen=date(2022, 1, 29),
            ky_nhan="Phòng Nội vụ huyện, 29/01/2022",
            ghi_chu="gửi kèm dự toán",
        )
        assert row == expected and so.rows(2022) == [expected]
        # receipts and notes are added, never written over; the copies and the date are replaced
        row = so.update(
            "1/KH-UBND",
            nam=2022,
            so_luong_ban=16,
            ngay_chuyen=date(2022, 1, 31),
            ky_nhan="TT HĐND xã, 31/01/2022",
            ghi_chu="thêm 1 bản cho Đài Truyền thanh xã",
        )
        assert (row.so_luong_ban, row.ngay_chuyen, row.ky_nhan, row.ghi_chu) == (
            16,
            date(2022, 1, 31),
            "Phòng Nội vụ huyện, 29/01/2022; TT HĐND xã, 31/01/2022",
            "gửi kèm dự toán; thêm 1 bản cho Đài Truyền thanh xã",
        )
        # the number, the dates of issue, the số ký hiệu, columns 1–6 and the document stay
        assert replace(row, so_luong_ban=12, ngay_chuyen=None, ky_nhan="", ghi_chu="") == issued
        assert so.van_ban("01/KH-UBND", nam=2022) == document


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({}, "nothing to update: give so_luong_ban, ngay_chuyen, ky_nhan or ghi_chu"),
        ({"so_luong_ban": 0}, "so_luong_ban: 0 — the number of copies issued is a whole number, 1"),
        ({"so_luong_ban": True}, "so_luong_ban: True — the number of copies issued is a whole"),
        (
            {"ngay_chuyen": date(2022, 1, 28)},
            "ngay_chuyen: 2022-01-28 — before the document's date, 2022-01-29: a document is sent "
            "once it is issued, on the day it is signed or the next working day (NĐ 30/2020, "
            "Điều 18.1)",
        ),
        ({"ngay_chuyen": datetime(2022, 2, 1, 9)}, "ngay_chuyen: datetime.datetime(2022, 2, 1"),
        ({"ky_nhan": " \n"}, "ky_nhan: empty — leave it out, or write what to add"),
        ({"ghi_chu": "a\x00b"}, "ghi_chu: holds U+0000 at position 1, a character XML"),
        (
            {"ghi_chu": "hủy: tự ghi"},
            "ghi_chu: 'hủy: tự ghi' — the marks 'Hủy: …' and 'Thu hồi: …' are written by "
            "Register.cancel and Register.recall only",
        ),
        ({"ghi_chu": "Thu hồi: tự ghi"}, "ghi_chu: 'Thu hồi: tự ghi' — the marks"),
    ],
)
def test_update_refuses_bad_values_and_writes_nothing(
    register_where: str, changes: dict[str, object], message: str
) -> None:
    with vb.Register.create(register_where, co_quan=UBND) as so:
        issued = _issued(so)
        with pytest.raises(vb.RegisterError) as error:
            so.update("01/KH-UBND", nam=2022, **changes)  # type: ignore[arg-type]
        assert str(error.value).startswith(message)
        assert so.rows(2022) == [issued]


def test_a_recalled_row_is_frozen(register_where: str) -> None:
    with vb.Register.create(register_where, co_quan=UBND) as so:
        _issued(so)
        recalled = so.recall("01/KH-UBND", nam=2022, ly_do="ban hành không đúng thẩm quyền")
        for changes in (
            {"ghi_chu": "ghi thêm"},
            {"so_luong_ban": 3},
            {"ngay_chuyen": date(2022, 2, 1)},
            {"ky_nhan": "Phòng Nội vụ"},
        ):
            with pytest.raises(vb.RegisterError) as error:
                so.update("01/KH-UBND", nam=2022, **changes)  # type: ignore[arg-type]
            assert str(error.value) == (
                "'01/KH-UBND' (2022): recalled — a recalled document's row is frozen (NĐ "
                "30/2020, Phụ lục VI, I.III.8); nothing is written"
            )
        assert so.rows(2022) == [recalled]


def test_a_cancelled_or_reserved_number_takes_a_note_only(register_where: str) -> None:
    with vb.Register.create(register_where, co_quan=UBND) as so:
        _issued(so)
        so.cancel("01/KH-UBND", nam=2022, ly_do="lập sai trích yếu")
        held = so.reserve(ngay=date(2022, 2, 4), ghi_chu="báo cáo quý I")
        with pytest.raises(vb.RegisterError) as error:
            so.update("01/KH-UBND", nam=2022, ngay_chuyen=date(2022, 2, 1))
        assert str(error.value) == (
            "'01/KH-UBND' (2022): a cancelled number, its document is not sent — it takes a note "
            "(ghi_chu) only"
        )
        with pytest.raises(vb.RegisterError, match="a reserved number, no document was issued"):
            so.update("02", nam=2022, so_luong_ban=2)
        row = so.update("01/KH-UBND", nam=2022, ghi_chu="đã thông báo cho các nơi nhận")
        assert row.ghi_chu == "Hủy: lập sai trích yếu; đã thông báo cho các nơi nhận"
        assert row.trang_thai is vb.TrangThai.HUY  # the mark stays, and with it the state
        row = so.update("02", nam=2022, ghi_chu="chờ số liệu")
        assert (row.ghi_chu, row.trang_thai, row.so_luong_ban) == (
            "báo cáo quý I; chờ số liệu",
            vb.TrangThai.GIU_SO,
            held.so_luong_ban,
        )
        with pytest.raises(vb.RegisterError, match="'03/KH-UBND': no such number in the regis"):
            so.update("03/KH-UBND", nam=2022, ghi_chu="x")


def test_close_year_says_whether_it_closed(register_where: str) -> None:
    with vb.Register.create(register_where, co_quan=UBND) as so:
        assert so.close_year(2022) is True
        assert so.close_year(2022) is False
        assert so.closed_years() == [2022]


def test_an_error_says_what_to_do_in_python_and_on_the_command_line(register_where: str) -> None:
    with vb.Register.create(register_where, co_quan=UBND) as so:
        so.issue(KH, ngay=date(2022, 2, 3))
        with pytest.raises(vb.RegisterError) as error:
            so.issue(KH, ngay=date(2022, 1, 10))
    head = (
        "ngay: 2022-01-10 — number 02 of series 'chung' would follow an earlier number, 01, "
        "dated 2022-02-03: numbers and dates follow the order of issue in the year (NĐ 30/2020, "
        "Điều 15.1); issue with a date in order, or "
    )
    assert str(error.value) == head + "pass allow_earlier=True to record it out of order"
    assert error.value.command_line == (
        head + "issue it with `vanban register issue … --allow-earlier` to record it out of order"
    )
    copy = pickle.loads(pickle.dumps(error.value))  # crosses a process boundary whole
    assert (str(copy), copy.command_line) == (str(error.value), error.value.command_line)
    plain = vb.RegisterError("no wording of its own")
    assert plain.command_line == "no wording of its own"

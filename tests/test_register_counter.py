"""The series' counters (schema version 3): the next number taken, and the series locked, by one
statement; the counter follows every write of a number or a date, and a register of version 2 gets
its counters from its rows. Each test runs on SQLite and on a real PostgreSQL server."""

from __future__ import annotations

import json
from datetime import date

import pytest

import vanban as vb
from vanban.loai import LoaiVanBan
from vanban.register import SeriesRule, schema
from vanban.register.storage import open_backend

from .test_register import KH, QD, UBND


def test_a_code_taken_in_another_series_is_refused_and_nothing_is_written(
    register_where: str,
) -> None:
    rules = {
        "chung": SeriesRule(ten="Sổ văn bản đi"),
        "quyet_dinh": SeriesRule(ten="Sổ quyết định", loai=frozenset({LoaiVanBan.QUYET_DINH})),
        "mat": SeriesRule(ten="Sổ văn bản mật đi", mat=True),
    }
    with vb.Register.create(register_where, co_quan=UBND, series=rules) as so:
        so.issue(QD, ngay=date(2022, 1, 5), series="chung")  # 01/QĐ-UBND in the general series
        for _ in range(2):  # the refused number is not counted: the same refusal, twice
            with pytest.raises(vb.RegisterError) as error:
                so.issue(QD, ngay=date(2022, 1, 6))
            assert str(error.value) == (
                "so_ky_hieu: 01/QĐ-UBND in 2022 — already in the register (series 'chung'); (số, "
                "ký hiệu) of a body is unique in a year (NĐ 30/2020, Điều 15.1; Phụ lục VI, "
                "I.III.1.h)"
            )
        assert [(r.series, r.so_ky_hieu) for r in so.rows(2022)] == [("chung", "01/QĐ-UBND")]
        assert so.issue(KH, ngay=date(2022, 1, 6)).so == 2  # the general series goes on


def test_a_reserved_number_issued_on_an_earlier_day_leaves_the_series_latest_date_exact(
    register_where: str,
) -> None:
    with vb.Register.create(register_where, co_quan=UBND) as so:
        so.issue(KH, ngay=date(2022, 2, 1))
        held = so.reserve(ngay=date(2022, 2, 4))
        assert so.issue(KH, reserved=held.so, ngay=date(2022, 2, 2)).ngay == date(2022, 2, 2)
        # the series' latest date is now 2 February, not the reservation's 4 February
        assert so.issue(KH, ngay=date(2022, 2, 3)).so == 3
        with pytest.raises(vb.RegisterError, match="would follow an earlier number, 03, dated "):
            so.issue(KH, ngay=date(2022, 2, 2))
        typed = KH.model_copy(update={"so": 9, "ngay": date(2022, 2, 10)})
        assert so.issue(typed).so == 9  # typed by hand: the series goes on after it
        assert so.issue(KH, ngay=date(2022, 2, 10)).so == 10
        with pytest.raises(vb.RegisterError, match="dated 2022-02-10"):
            so.reserve(ngay=date(2022, 2, 9))


def test_a_version_2_register_gets_its_counters_from_its_rows(register_where: str) -> None:
    backend = open_backend(register_where, create=True)
    with backend.transaction():
        for steps in schema.MIGRATIONS[:2]:
            for sql in steps:
                backend.query(sql)
        backend.query(
            "INSERT INTO vanban_register (key, value) VALUES ('format', ?), ('version', '2'), "
            "('co_quan', ?)",
            (schema.FORMAT, json.dumps(UBND.model_dump(mode="json"), ensure_ascii=False)),
        )
        backend.query("INSERT INTO vanban_series VALUES ('chung', '', '', 0, NULL, 0)")
        backend.query("INSERT INTO vanban_series VALUES ('mat', '', '', 1, NULL, 0)")
        for so, ngay, nam in (
            (1, "2021-12-30", 2021),
            (1, "2022-01-05", 2022),
            (7, "2022-03-01", 2022),
        ):
            backend.query(
                "INSERT INTO vanban_row VALUES "
                "('chung', ?, ?, 'KH-UBND', ?, 'Kế hoạch', 'A', '', 'VT, VP', NULL, NULL, '', '',"
                " 'da_cap', NULL, 0)",
                (nam, so, ngay),
            )
    backend.close()
    with vb.Register(register_where) as so:
        with pytest.raises(vb.RegisterError, match="would follow an earlier number, 07, dated "):
            so.issue(KH, ngay=date(2022, 2, 1))
        assert so.issue(KH, ngay=date(2022, 3, 1)).so == 8
        assert so.issue(KH, ngay=date(2021, 12, 31)).so == 2
        assert so.issue(KH, ngay=date(2023, 1, 2)).so == 1
    backend = open_backend(register_where, create=False)
    assert backend.query("SELECT value FROM vanban_register WHERE key = 'version'") == [
        (str(schema.VERSION),)
    ]
    assert sorted(backend.query("SELECT series, nam, so, ngay FROM vanban_counter")) == [
        ("chung", 2021, 2, "2021-12-31"),
        ("chung", 2022, 8, "2022-03-01"),
        ("chung", 2023, 1, "2023-01-02"),
    ]
    backend.close()

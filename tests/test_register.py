"""The outgoing register (vanban.Register): numbering by NĐ 30/2020, Điều 15, and the rows of the
Sổ đăng ký văn bản đi (Phụ lục IV). Each test runs on SQLite and on a real PostgreSQL server
(``register_where`` in conftest.py; the PostgreSQL run skips without one, unless required)."""

from __future__ import annotations

import re
import shutil
import sqlite3
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vanban as vb
from vanban.register import schema

from .conftest import EXAMPLES

D = TypeVar("D", bound=vb.VanBan)
DATA = Path(__file__).parent / "data"


def draft(document: D, **changes: Any) -> D:
    """The document as a draft to number at issue: no so, no ngay."""
    data = {**document.model_dump(), "so": None, "ngay": None, **changes}
    return type(document).model_validate(data)


def example(name: str) -> Any:
    return vb.load(EXAMPLES / f"{name}.yaml")


KH = draft(example("ke_hoach_cchc_2022"))
QD = draft(example("quyet_dinh_phe_duyet_ke_hoach"))
CV = draft(example("cong_van_3722_vpcp_cn"))
UBND = KH.co_quan


def test_issue_numbers_from_01_and_writes_the_ten_columns(register_where: str) -> None:
    with vb.Register.create(register_where, co_quan=UBND) as so:
        issued = so.issue(KH, ngay=date(2022, 1, 29), so_ban=12)
        assert (issued.so, issued.ngay, str(issued.so_ky_hieu)) == (
            1,
            date(2022, 1, 29),
            "01/KH-UBND",
        )
        assert not issued.du_thao and KH.du_thao  # a numbered copy; the draft is unchanged
        assert issued.model_dump(exclude={"so", "ngay", "nam"}) == KH.model_dump(
            exclude={"so", "ngay", "nam"}
        )
        assert so.rows(2022) == [
            vb.RegisterRow(
                series="chung",
                nam=2022,
                so=1,
                so_ky_hieu="01/KH-UBND",
                ngay=date(2022, 1, 29),
                ten_loai_trich_yeu="Kế hoạch Cải cách hành chính nhà nước năm 2022",
                nguoi_ky="Đoàn Thanh Bình",
                noi_nhan=(
                    "UBND huyện; Phòng Nội vụ huyện; TT HĐND xã; Lãnh đạo UBND xã; "
                    "Công chức UBND xã; Đài Truyền thanh xã"
                ),
                don_vi_nhan_ban_luu="VT, VP",
                so_luong_ban=12,
                ngay_chuyen=None,
                ky_nhan="",
                ghi_chu="",
                trang_thai=vb.TrangThai.DA_CAP,
            )
        ]
        assert so.find("1/KH-UBND", nam=2022) == so.rows(2022)[0]  # read leniently
        assert so.find("02/KH-UBND", nam=2022) is None


def test_one_series_for_every_kind_by_default_restarting_each_year(register_where: str) -> None:
    # Điều 15.1: one yearly series from 01 on 1 January, whatever the kind.
    with vb.Register.create(register_where, co_quan=UBND) as so:
        codes = [
            str(so.issue(doc, ngay=day).so_ky_hieu)
            for doc, day in [
                (KH, date(2022, 1, 29)),
                (QD, date(2022, 2, 10)),
                (KH, date(2022, 12, 31)),
                (QD, date(2023, 1, 1)),
                (KH, date(2023, 1, 1)),
            ]
        ]
        assert codes == ["01/KH-UBND", "02/QĐ-UBND", "03/KH-UBND", "01/QĐ-UBND", "02/KH-UBND"]
        assert [r.so_ky_hieu for r in so.rows(2023)] == ["01/QĐ-UBND", "02/KH-UBND"]
        assert so.series_names() == ["chung", "mat"]


def test_a_cong_van_row_names_kinh_gui_and_v_v(register_where: str) -> None:
    vpcp = CV.co_quan
    with vb.Register.create(register_where, co_quan=vpcp) as so:
        issued = so.issue(CV, ngay=date(2022, 6, 10))
        assert str(issued.so_ky_hieu) == "01/VPCP-CN"
        (row,) = so.rows(2022)
        assert row.ten_loai_trich_yeu == f"Công văn V/v {CV.trich_yeu}"
        assert row.noi_nhan.startswith("; ".join(CV.kinh_gui))
        assert "Như trên" not in row.noi_nhan
        assert row.don_vi_nhan_ban_luu == "VT, CN (2)"
        assert so.find("1/VPCP - cn", nam=2022) == row


def test_the_default_date_is_today_in_vietnam(register_where: str) -> None:
    def vietnam_today() -> date:
        return datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()

    with vb.Register.create(register_where, co_quan=UBND) as so:
        before = vietnam_today()
        issued = so.issue(KH)
        assert issued.ngay in {before, vietnam_today()}
        # Vietnam is UTC+7: at 20:00 UTC it is already the next day there.
        assert datetime(2022, 1, 28, 20, tzinfo=UTC).astimezone(
            ZoneInfo("Asia/Ho_Chi_Minh")
        ).date() == date(2022, 1, 29)


def test_time_order_refused_unless_allowed_and_then_noted(register_where: str) -> None:
    with vb.Register.create(register_where, co_quan=UBND) as so:
        so.issue(KH, ngay=date(2022, 3, 10))
        with pytest.raises(vb.RegisterError, match=r"ngay: 2022-03-09 .*Điều 15\.1.*allow_earlier"):
            so.issue(KH, ngay=date(2022, 3, 9))
        assert len(so.rows(2022)) == 1  # nothing written
        issued = so.issue(KH, ngay=date(2022, 3, 9), allow_earlier=True)
        assert issued.so == 2
        assert so.rows(2022)[1].ghi_chu == (
            "Ngày 09/03/2022 không theo thứ tự thời gian (số 01 ngày 10/03/2022), được phép "
            "khi cấp số"
        )
        assert so.issue(KH, ngay=date(2022, 3, 10)).so == 3  # the same day is in order


def test_separate_series_by_kind(register_where: str) -> None:
    # Điều 15.1.c: the head of the body may decide separate series, e.g. a sổ quyết định.
    series = {
        "chung": vb.SeriesRule(ten="Sổ văn bản đi"),
        "quyet_dinh": vb.SeriesRule(
            ten="Sổ quyết định", loai=frozenset({vb.LoaiVanBan.QUYET_DINH})
        ),
        "mat": vb.SeriesRule(ten="Sổ văn bản mật", mat=True),
    }
    with vb.Register.create(register_where, co_quan=UBND, series=series) as so:
        assert str(so.issue(KH, ngay=date(2022, 1, 29)).so_ky_hieu) == "01/KH-UBND"
        assert str(so.issue(QD, ngay=date(2022, 2, 10)).so_ky_hieu) == "01/QĐ-UBND"
        assert str(so.issue(KH, ngay=date(2022, 2, 11)).so_ky_hieu) == "02/KH-UBND"
        assert [r.so_ky_hieu for r in so.rows(2022, "quyet_dinh")] == ["01/QĐ-UBND"]
        assert so.series_rules() == series
    with vb.Register(register_where) as again:  # the rules are kept in the register
        assert again.series_rules() == series
        assert again.co_quan == UBND


def test_a_series_configuration_that_gives_a_kind_two_series_is_refused(tmp_path: Path) -> None:
    qd = frozenset({vb.LoaiVanBan.QUYET_DINH})
    with pytest.raises(vb.RegisterError, match="both number Quyết định"):
        vb.Register.create(
            tmp_path / "so.db",
            co_quan=UBND,
            series={"a": vb.SeriesRule(loai=qd), "b": vb.SeriesRule(loai=qd)},
        )
    with pytest.raises(vb.RegisterError, match="one general series"):
        vb.Register.create(
            tmp_path / "so.db", co_quan=UBND, series={"a": vb.SeriesRule(), "b": vb.SeriesRule()}
        )
    assert not (tmp_path / "so.db").exists()


def test_secret_documents_take_their_own_series(register_where: str) -> None:
    # Điều 15.2: văn bản mật are numbered apart.
    secret = draft(KH, do_mat="mat")
    with vb.Register.create(register_where, co_quan=UBND) as so:
        so.issue(KH, ngay=date(2022, 1, 29))
        so.issue(KH, ngay=date(2022, 1, 30))
        issued = so.issue(secret, ngay=date(2022, 1, 30))
        assert str(issued.so_ky_hieu) == "01/KH-UBND"
        assert [(r.series, r.so) for r in so.rows(2022)] == [("chung", 1), ("chung", 2), ("mat", 1)]
        with pytest.raises(vb.RegisterError, match=r"series 'chung': a secret document .*15\.2"):
            so.issue(secret, ngay=date(2022, 1, 31), series="chung")
        with pytest.raises(vb.RegisterError, match="secret documents"):
            so.issue(KH, ngay=date(2022, 1, 31), series="mat")


def test_a_register_without_a_secret_series_refuses_a_secret_document(tmp_path: Path) -> None:
    with vb.Register.create(
        tmp_path / "so.db", co_quan=UBND, series={"chung": vb.SeriesRule()}
    ) as so:
        with pytest.raises(vb.RegisterError, match=r"do_mat: 'mat' .*Điều 15\.2.*mat=True"):
            so.issue(draft(KH, do_mat="mat"), ngay=date(2022, 1, 29))
        assert so.rows(2022) == []


def test_an_advisory_body_takes_its_own_series_and_another_body_is_refused(
    register_where: str,
) -> None:
    # Phụ lục I, mục II.3.a: a Hội đồng issuing with the body's seal numbers apart.
    hoi_dong = vb.CoQuan(
        ten="Hội đồng thi đua khen thưởng xã Gia Lương", viet_tat="HĐTĐKT", dia_danh="Gia Lương"
    )
    series = {**vb.register.DEFAULT_SERIES, "hd": vb.SeriesRule(co_quan="HĐTĐKT")}
    with vb.Register.create(register_where, co_quan=UBND, series=series) as so:
        so.issue(KH, ngay=date(2022, 1, 29))
        issued = so.issue(draft(KH, co_quan=hoi_dong), ngay=date(2022, 1, 29))
        assert (str(issued.so_ky_hieu), so.rows(2022, "hd")[0].so) == ("01/KH-HĐTĐKT", 1)
        other = draft(
            KH,
            co_quan=vb.CoQuan(
                ten="Ủy ban nhân dân xã Gia Xuyên", viet_tat="UBND", dia_danh="Gia Xuyên"
            ),
        )
        with pytest.raises(
            vb.RegisterError,
            match=r"co_quan: 'Ủy ban nhân dân xã Gia Xuyên' .*register of 'Ủy ban nhân dân xã Gia Lương'",
        ):
            so.issue(other, ngay=date(2022, 1, 30))


def test_an_unknown_series_is_named_with_the_known_ones(register_where: str) -> None:
    with vb.Register.create(register_where, co_quan=UBND) as so:
        message = "series 'cong_van': not a series of this register — it has 'chung', 'mat'"
        with pytest.raises(vb.RegisterError, match=re.escape(message)):
            so.issue(KH, ngay=date(2022, 1, 29), series="cong_van")
        with pytest.raises(vb.RegisterError, match=re.escape(message)):
            so.rows(2022, "cong_van")
        with pytest.raises(vb.RegisterError, match=re.escape(message)):
            so.reserve(series="cong_van")


def test_a_number_typed_by_hand_is_kept_once_and_then_refused(register_where: str) -> None:
    # Phụ lục VI, I.III.1.h: a duplicate (số, ký hiệu, cơ quan) is refused.
    typed = example("ke_hoach_cchc_2022")  # so: 49, ngay: 2022-01-29
    with vb.Register.create(register_where, co_quan=UBND) as so:
        kept = so.issue(typed)
        assert (kept.so, kept.ngay) == (49, date(2022, 1, 29))
        with pytest.raises(vb.RegisterError, match=r"so: 49 in 2022 .*given to 49/KH-UBND"):
            so.issue(typed)
        with pytest.raises(vb.RegisterError, match="keeps its date"):
            so.issue(typed, ngay=date(2022, 2, 1))
        assert so.issue(KH, ngay=date(2022, 1, 29)).so == 50  # the series goes on after it
        # out of order too (50 is dated earlier), but the number is what clashes: said first
        later = typed.model_copy(update={"ngay": date(2022, 5, 1)})
        with pytest.raises(vb.RegisterError, match=r"so: 49 in 2022 .*already in the register"):
            so.issue(later)
        assert len(so.rows(2022)) == 2


def test_a_reserved_number_is_refused_to_others_and_filled_by_its_document(
    register_where: str,
) -> None:
    with vb.Register.create(register_where, co_quan=UBND) as so:
        so.issue(KH, ngay=date(2022, 1, 29))
        held = so.reserve(ngay=date(2022, 2, 1), ghi_chu="Quyết định khen thưởng")
        assert (held.so, held.so_ky_hieu, held.trang_thai) == (2, "02", vb.TrangThai.GIU_SO)
        assert so.issue(KH, ngay=date(2022, 2, 2)).so == 3
        typed = QD.model_copy(update={"so": 2, "ngay": date(2022, 2, 1)})
        with pytest.raises(vb.RegisterError, match="reserved: issue on it with reserved="):
            so.issue(typed)
        issued = so.issue(QD, reserved=2)
        assert (str(issued.so_ky_hieu), issued.ngay) == ("02/QĐ-UBND", date(2022, 2, 1))
        row = so.find("02/QĐ-UBND", nam=2022)
        assert row is not None
        assert (row.trang_thai, row.ghi_chu) == (vb.TrangThai.DA_CAP, "Quyết định khen thưởng")
        assert so.find("02", nam=2022) is None
        assert so.van_ban("02/QĐ-UBND", nam=2022) == issued
        assert so.van_ban("09/QĐ-UBND", nam=2022) is None
        with pytest.raises(vb.RegisterError, match="not reserved"):
            so.issue(QD, reserved=2)


def test_a_cancelled_number_stays_marked_and_is_never_given_again(register_where: str) -> None:
    with vb.Register.create(register_where, co_quan=UBND) as so:
        so.issue(KH, ngay=date(2022, 1, 29))
        so.issue(KH, ngay=date(2022, 1, 29))
        row = so.cancel("02/KH-UBND", nam=2022, ly_do="Ký nhầm  người ký")
        assert (row.trang_thai, row.ghi_chu) == (vb.TrangThai.HUY, "Hủy: Ký nhầm người ký")
        assert so.issue(KH, ngay=date(2022, 1, 30)).so == 3
        again = KH.model_copy(update={"so": 2, "ngay": date(2022, 1, 29)})
        with pytest.raises(vb.RegisterError, match="cancelled, and a cancelled number is never"):
            so.issue(again)
        with pytest.raises(vb.RegisterError, match="already cancelled"):
            so.cancel("02/KH-UBND", nam=2022, ly_do="x")
        with pytest.raises(vb.RegisterError, match="ly_do: empty"):
            so.cancel("01/KH-UBND", nam=2022, ly_do="  ")
        held = so.reserve(ngay=date(2022, 1, 30))
        assert (
            so.cancel(held.so_ky_hieu, nam=2022, ly_do="Không dùng").trang_thai is vb.TrangThai.HUY
        )
        assert [r.so for r in so.rows(2022)] == [1, 2, 3, 4]


def test_a_recalled_document_keeps_its_row_frozen(register_where: str) -> None:
    # Phụ lục VI, I.III.8.
    with vb.Register.create(register_where, co_quan=UBND) as so:
        so.issue(KH, ngay=date(2022, 1, 29))
        issued = so.van_ban("01/KH-UBND", nam=2022)
        row = so.recall("01/KH-UBND", nam=2022, ly_do="Thu hồi theo Quyết định số 20/QĐ-UBND")
        assert so.van_ban("01/KH-UBND", nam=2022) == issued  # the document as issued
        assert issued is not None and (issued.so, issued.trich_yeu) == (1, KH.trich_yeu)
        assert row.trang_thai is vb.TrangThai.THU_HOI
        assert row.ghi_chu == "Thu hồi: Thu hồi theo Quyết định số 20/QĐ-UBND"
        for change in (so.cancel, so.recall):
            with pytest.raises(vb.RegisterError, match=r"recalled — .*frozen"):
                change("01/KH-UBND", nam=2022, ly_do="x")
        held = so.reserve(ngay=date(2022, 1, 30))
        with pytest.raises(vb.RegisterError, match="cancel it instead"):
            so.recall(held.so_ky_hieu, nam=2022, ly_do="x")
        with pytest.raises(vb.RegisterError, match="no such number"):
            so.recall("07/KH-UBND", nam=2022, ly_do="x")


def test_a_number_reserved_in_two_series_is_found_by_series(register_where: str) -> None:
    with vb.Register.create(register_where, co_quan=UBND) as so:
        so.reserve(ngay=date(2022, 1, 3))
        so.reserve(series="mat", ngay=date(2022, 1, 3))
        with pytest.raises(vb.RegisterError, match="say which with series="):
            so.find("01", nam=2022)
        found = so.find("01", nam=2022, series="mat")
        assert found is not None and found.series == "mat"
        with pytest.raises(vb.RegisterError, match="not a số ký hiệu"):
            so.find("KH-UBND", nam=2022)


def test_a_closed_year_takes_no_number(register_where: str) -> None:
    with vb.Register.create(register_where, co_quan=UBND) as so:
        so.issue(KH, ngay=date(2022, 12, 30))
        so.close_year(2022)
        assert so.closed_years() == [2022]
        with pytest.raises(vb.RegisterError, match=r"2022: the year is closed .*16\.2\.b"):
            so.issue(KH, ngay=date(2022, 12, 31))
        with pytest.raises(vb.RegisterError, match="the year is closed"):
            so.reserve(ngay=date(2022, 12, 31))
        with pytest.raises(vb.RegisterError, match="the year is closed"):
            so.issue(example("ke_hoach_cchc_2022"))
        assert so.issue(KH, ngay=date(2023, 1, 2)).so == 1


def test_a_failed_issue_writes_nothing_and_loses_no_number(register_where: str) -> None:
    with vb.Register.create(register_where, co_quan=UBND) as so:
        with pytest.raises(vb.RegisterError, match="so_ban: 0"):
            so.issue(KH, ngay=date(2022, 1, 29), so_ban=0)
        assert so.rows(2022) == []
        assert so.issue(KH, ngay=date(2022, 1, 29)).so == 1


def test_a_register_is_never_created_over_another(register_where: str) -> None:
    vb.Register.create(register_where, co_quan=UBND).close()
    with pytest.raises(vb.RegisterError, match=r"already|exists"):
        vb.Register.create(register_where, co_quan=UBND)
    with vb.Register(register_where) as so:
        assert so.co_quan == UBND
        if register_where.startswith("postgresql://"):
            assert so.where.startswith("PostgreSQL ") and "@" not in so.where
        else:
            assert so.where == register_where


# --- not a register ------------------------------------------------------------------------


def test_a_file_that_is_not_a_register_is_refused_untouched(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(bytes(range(256)) * 20)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE t (x)")
    db.close()
    before = (junk.read_bytes(), other.read_bytes())
    with pytest.raises(
        vb.RegisterError, match=r"junk\.db: not a vanban register \(file is not a database\)"
    ):
        vb.Register(junk)
    with pytest.raises(
        vb.RegisterError, match=r"other\.db: not a vanban register .*vanban_register"
    ):
        vb.Register(other)
    with pytest.raises(vb.RegisterError, match=r"no such register — create it"):
        vb.Register(tmp_path / "missing.db")
    with pytest.raises(vb.RegisterError, match="the file exists"):
        vb.Register.create(junk, co_quan=UBND)
    assert (junk.read_bytes(), other.read_bytes()) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["junk.db", "other.db"]


def test_a_register_of_a_newer_vanban_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "so.db"
    vb.Register.create(path, co_quan=UBND).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE vanban_register SET value = '99' WHERE key = 'version'")
    db.close()
    with pytest.raises(vb.RegisterError, match="schema version 99, written by a newer vanban"):
        vb.Register(path)


def test_a_version_1_register_opens_and_is_migrated(tmp_path: Path) -> None:
    """tests/data/register-v1.sqlite was written by the first schema (two rows of 2022); it opens,
    is migrated to the current version, keeps its rows, and goes on numbering."""
    path = tmp_path / "so.db"
    shutil.copyfile(DATA / "register-v1.sqlite", path)
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT value FROM vanban_register WHERE key = 'version'").fetchone() == (
            "1",
        )
        assert "vanban_closed_year" not in {
            r[0] for r in db.execute("SELECT name FROM sqlite_master")
        }
    db.close()
    with vb.Register(path) as so:
        assert [(r.so_ky_hieu, r.trang_thai) for r in so.rows(2022)] == [
            ("01/KH-UBND", vb.TrangThai.DA_CAP),
            ("02/KH-UBND", vb.TrangThai.HUY),
        ]
        assert so.issue(KH, ngay=date(2022, 2, 1)).so == 3
        so.close_year(2021)  # a table of version 2
    with sqlite3.connect(path) as db:
        version = db.execute("SELECT value FROM vanban_register WHERE key = 'version'").fetchone()
    db.close()
    assert version == (str(schema.VERSION),)


def test_a_version_1_register_on_postgres_is_migrated(postgres_register_url: str) -> None:
    import psycopg

    with psycopg.connect(postgres_register_url, autocommit=True) as db:
        for sql in schema.MIGRATIONS[0]:
            db.execute(sql)
        db.execute(
            "INSERT INTO vanban_register (key, value) VALUES ('format', %s), ('version', '1'), "
            "('co_quan', %s)",
            (schema.FORMAT, UBND.model_dump_json()),
        )
        db.execute("INSERT INTO vanban_series VALUES ('chung', '', '', 0, NULL, 0)")
        db.execute("INSERT INTO vanban_series VALUES ('mat', '', '', 1, NULL, 0)")
    with vb.Register(postgres_register_url) as so:
        assert so.issue(KH, ngay=date(2022, 1, 29)).so == 1
        so.close_year(2021)
        assert so.closed_years() == [2021]


@pytest.mark.postgres
def test_a_postgres_database_without_a_register_is_refused(postgres_register_url: str) -> None:
    with pytest.raises(vb.RegisterError, match=r"not a vanban register .*Register\.create"):
        vb.Register(postgres_register_url)


def test_a_postgres_server_that_does_not_answer_fails_fast_with_host_and_port() -> None:
    pytest.importorskip("psycopg")
    # A TCP port on this machine where nothing listens: refused at once; a URL's connect_timeout
    # bounds the wait for a host that never answers (10 s by default).
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(
        vb.RegisterError,
        match=rf"PostgreSQL 127\.0\.0\.1:{port}/so: the server does not answer at host 127\.0\.0\.1, port {port}",
    ):
        vb.Register(f"postgresql://vanban:secret@127.0.0.1:{port}/so?connect_timeout=2")


def test_the_password_of_a_url_is_never_shown() -> None:
    pytest.importorskip("psycopg")
    with pytest.raises(vb.RegisterError) as error:
        vb.Register("postgresql://vanban:s3cr3t@127.0.0.1:1/so?connect_timeout=1")
    assert "s3cr3t" not in str(error.value)


@settings(max_examples=25, deadline=None)
@given(
    days=st.lists(st.dates(min_value=date(2021, 1, 1), max_value=date(2023, 12, 31)), max_size=12),
    secret=st.lists(st.booleans(), min_size=12, max_size=12),
)
def test_numbers_run_from_01_per_year_and_series_in_issue_order(
    days: list[date], secret: list[bool]
) -> None:
    """Whatever the dates (in order) and the mix of secret documents: each series of each year
    numbers 1, 2, 3… in the order of issue (Điều 15.1, 15.2)."""
    days = sorted(days)
    with (
        tempfile.TemporaryDirectory() as folder,
        vb.Register.create(Path(folder) / "so.db", co_quan=UBND) as so,
    ):
        given = [
            (
                day.year,
                is_secret,
                so.issue(draft(KH, do_mat="mat") if is_secret else KH, ngay=day).so,
            )
            for day, is_secret in zip(days, secret, strict=False)
        ]
        expected: dict[tuple[int, bool], int] = {}
        for year, is_secret, number in given:
            expected[year, is_secret] = expected.get((year, is_secret), 0) + 1
            assert number == expected[year, is_secret]
        for year in {d.year for d in days}:
            rows = so.rows(year)
            assert sorted((r.series, r.so) for r in rows) == [(r.series, r.so) for r in rows]

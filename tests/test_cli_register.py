"""`vanban register …`, `vanban render --register` and `vanban batch --register`, through the
command's entry point: numbers given at issue (NĐ 30/2020, Điều 15), the register's lines (Điều 16),
its book (Phụ lục IV), and bad input named without a traceback."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
import yaml

from vanban.cli import main
from vanban.register import Register, TrangThai

from .conftest import KE_HOACH_YAML

SETTINGS = """\
co_quan:
  ten: Ủy ban nhân dân xã Gia Lương
  viet_tat: UBND
  dia_danh: Gia Lương
series:
  chung: {ten: Sổ văn bản đi}
  quyet_dinh: {ten: Sổ quyết định, loai: [quyet_dinh]}
  mat: {ten: Sổ văn bản mật đi, mat: true}
"""


def _plan() -> dict[str, Any]:
    """The reference plan as a draft: số and ngày left blank."""
    data: dict[str, Any] = yaml.safe_load(KE_HOACH_YAML.read_text(encoding="utf-8"))
    del data["so"], data["ngay"]
    return data


@pytest.fixture
def folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    """A folder with a register (so.db) and a draft plan (du_thao.yaml)."""
    (tmp_path / "so.yaml").write_text(SETTINGS, encoding="utf-8")
    (tmp_path / "du_thao.yaml").write_text(
        yaml.safe_dump(_plan(), allow_unicode=True), encoding="utf-8"
    )
    assert main(["register", "init", str(tmp_path / "so.db"), str(tmp_path / "so.yaml")]) == 0
    assert capsys.readouterr().out == (
        f"{tmp_path / 'so.db'}: sổ đăng ký văn bản đi của Ủy ban nhân dân xã Gia Lương; series: "
        "chung (Sổ văn bản đi), mat (Sổ văn bản mật đi), quyet_dinh (Sổ quyết định)\n"
    )
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_issue_reserve_cancel_recall_list(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, draft = str(folder / "so.db"), str(folder / "du_thao.yaml")
    assert _run(capsys, "register", "issue", db, draft, "--date", "2022-01-05") == (
        0,
        "01/KH-UBND  05/01/2022  chung\n",
        "",
    )
    assert _run(capsys, "register", "issue", db, draft, "--date", "06/01/2022", "--copies", "7")[
        1
    ] == ("02/KH-UBND  06/01/2022  chung\n")
    assert _run(capsys, "register", "reserve", db, "--date", "2022-01-07", "--note", "báo cáo")[
        1
    ] == ("03  07/01/2022  chung  (Giữ số)\n")
    assert _run(
        capsys, "register", "cancel", db, "02/KH-UBND", "--year", "2022", "--reason", "trùng"
    )[1] == ("02/KH-UBND  2022  chung  Hủy: trùng\n")
    assert _run(
        capsys, "register", "recall", db, "01/KH-UBND", "--year", "2022", "--reason", "sai"
    )[1] == ("01/KH-UBND  2022  chung  Thu hồi: sai\n")
    code, out, _ = _run(capsys, "register", "list", db, "--year", "2022")
    assert code == 0
    assert out.splitlines() == [
        "series  số, ký hiệu  ngày        trạng thái  tên loại và trích yếu"
        "                           ghi chú",
        "chung   01/KH-UBND   05/01/2022  Đã thu hồi  Kế hoạch Cải cách hành chính nhà nước "
        "năm 2022  Thu hồi: sai",
        "chung   02/KH-UBND   06/01/2022  Đã hủy      Kế hoạch Cải cách hành chính nhà nước "
        "năm 2022  Hủy: trùng",
        "chung   03           07/01/2022  Giữ số"
        "                                                      Giữ số: báo cáo",
    ]
    with Register(db) as register:
        rows = register.rows(2022)
    assert [(r.so, r.trang_thai, r.so_luong_ban) for r in rows] == [
        (1, TrangThai.THU_HOI, None),
        (2, TrangThai.HUY, 7),
        (3, TrangThai.GIU_SO, None),
    ]
    code, out, _ = _run(capsys, "register", "list", db, "--year", "2021", "--series", "mat")
    assert out.splitlines()[-1] == "(no number in 2021 in series mat)"


def test_export_docx_and_xlsx(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, draft = str(folder / "so.db"), str(folder / "du_thao.yaml")
    for day in ("2022-01-05", "2022-01-06"):
        _run(capsys, "register", "issue", db, draft, "--date", day)
    book = folder / "so.docx"
    assert _run(capsys, "register", "export", db, "--year", "2022", "-o", str(book)) == (
        0,
        f"{book}\n",
        "",
    )
    cover = [p.text for p in docx.Document(str(book)).tables[0].cell(0, 0).paragraphs]
    assert cover[-3:] == [
        "Từ ngày 05/01/2022 đến ngày 06/01/2022",
        "Từ số 01 đến số 02",
        "Quyển số: 1",
    ]
    sheet = folder / "so.xlsx"
    code, _, _ = _run(
        capsys, "register", "export", db, "--year", "2022", "--volume", "2", "-o", str(sheet)
    )
    assert code == 0
    assert openpyxl.load_workbook(sheet)["chung 2022"]["A4"].value == "02/KH-UBND"
    code, _, err = _run(capsys, "register", "export", db, "--year", "2022", "-o", str(sheet))
    assert (code, err) == (
        2,
        f"vanban: {sheet}: already exists; choose another name, or replace it (--overwrite)\n",
    )
    assert _run(
        capsys, "register", "export", db, "--year", "2022", "-o", str(sheet), "--overwrite"
    )[0] == (0)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["register", "list", "{tmp}/missing.db"], "{tmp}/missing.db: no such register"),
        (["register", "list", "{tmp}/du_thao.yaml"], "{tmp}/du_thao.yaml: not a vanban register"),
        (["register", "init", "{tmp}/so.db", "{tmp}/so.yaml"], "{tmp}/so.db: the file exists"),
        (
            ["register", "issue", "{tmp}/so.db", "{tmp}/du_thao.yaml", "--series", "cong_van"],
            "series 'cong_van'",
        ),
        (
            ["register", "cancel", "{tmp}/so.db", "09/KH-UBND", "--year", "2022", "--reason", "x"],
            "'09/KH-UBND': no such number in the register of 2022",
        ),
        (
            ["register", "export", "{tmp}/so.db", "--year", "2022", "-o", "{tmp}/so.odt"],
            "{tmp}/so.odt: a register book is written as .docx, .pdf, .xlsx",
        ),
        (["render", "{tmp}/du_thao.yaml", "--date", "2022-01-05"], "give --register too"),
        (
            [
                "batch",
                "ke_hoach",
                "{tmp}/du_thao.yaml",
                "-o",
                "{tmp}/out",
                "--register",
                "{tmp}/so.db",
            ],
            "--numbering row (a number per row) or --numbering batch",
        ),
    ],
)
def test_bad_input_is_named_without_a_traceback(
    folder: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _, err = _run(capsys, *(arg.replace("{tmp}", str(folder)) for arg in argv))
    assert code == 2
    assert message.replace("{tmp}", str(folder)) in err
    assert "Traceback" not in err and err.startswith("vanban: ")


def test_bad_settings_are_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    settings = tmp_path / "so.yaml"
    settings.write_text(
        SETTINGS.replace("loai: [quyet_dinh]", "loai: [quyet_dinhh]"), encoding="utf-8"
    )
    code, _, err = _run(capsys, "register", "init", str(tmp_path / "so.db"), str(settings))
    assert code == 2
    assert err.startswith(f"vanban: {settings}: series.quyet_dinh.loai: unknown document kind")
    settings.write_text("co_quan: {ten: X}\nserie: {}\n", encoding="utf-8")
    code, _, err = _run(capsys, "register", "init", str(tmp_path / "so.db"), str(settings))
    assert code == 2
    assert "co_quan.viet_tat: field required" in err
    assert "serie: unknown field — a register's settings are co_quan and series" in err
    assert not (tmp_path / "so.db").exists()


def test_render_numbers_a_draft_at_issue(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, draft = str(folder / "so.db"), folder / "du_thao.yaml"
    out = folder / "out"
    code, said, _ = _run(
        capsys, "render", str(draft), "--register", db, "--date", "2022-01-29", "-o", f"{out}/"
    )
    assert code == 0
    assert (
        said
        == f"{out / 'du_thao.docx'}  (Kế hoạch số 01/KH-UBND ngày 29/01/2022, vào sổ đăng ký)\n"
    )
    assert docx.Document(str(out / "du_thao.docx")).tables[0].cell(1, 0).text == "Số: 01/KH-UBND"
    # a numbered document is registered with its own number, once
    code, _, _ = _run(capsys, "render", str(KE_HOACH_YAML), "--register", db, "-o", f"{out}/")
    assert code == 0
    code, _, err = _run(capsys, "render", str(KE_HOACH_YAML), "--register", db, "-o", f"{out}/")
    assert code == 1
    assert "number 49 of series 'chung' is already in the register" in err
    with Register(db) as register:
        assert [row.so_ky_hieu for row in register.rows(2022)] == ["01/KH-UBND", "49/KH-UBND"]


def test_render_takes_no_number_for_a_document_that_cannot_be_made(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    template = folder / "sai.docx"
    page = docx.Document()
    page.add_paragraph("{{ trich_yeu }} {{ ho_ten }}")
    page.save(str(template))
    db = str(folder / "so.db")
    code, _, err = _run(
        capsys, "render", str(folder / "du_thao.yaml"), "--register", db, "-t", str(template)
    )
    assert code == 1
    assert "ho_ten" in err
    with Register(db) as register:
        assert register.rows(2022) == [] and register.rows(2026) == []


def _rows(folder: Path, count: int) -> Path:
    rows = [{**_plan(), "trich_yeu": f"Kế hoạch {n}"} for n in range(1, count + 1)]
    rows[1]["noi_nhan"] = 5  # an invalid row: fails before any number is taken
    path = folder / "rows.yaml"
    path.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
    return path


def test_batch_a_number_per_row(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, out = str(folder / "so.db"), folder / "out"
    code, said, _ = _run(
        capsys, "batch", "ke_hoach", str(_rows(folder, 5)), "-o", str(out), "--kind", "ke_hoach",
        "--register", db, "--numbering", "row", "--date", "2022-04-01", "--name",
        "{so_ky_hieu}.docx", "--workers", "2",
    )  # fmt: skip
    assert code == 1  # one row failed
    assert said.splitlines()[1] == "4 số vào sổ đăng ký: 01/KH-UBND … 04/KH-UBND"
    assert sorted(p.name for p in out.glob("*.docx")) == [f"0{n}-KH-UBND.docx" for n in range(1, 5)]
    with Register(db) as register:
        rows = register.rows(2022)
    assert [(r.so_ky_hieu, r.ten_loai_trich_yeu) for r in rows] == [
        ("01/KH-UBND", "Kế hoạch Kế hoạch 1"),
        ("02/KH-UBND", "Kế hoạch Kế hoạch 3"),
        ("03/KH-UBND", "Kế hoạch Kế hoạch 4"),
        ("04/KH-UBND", "Kế hoạch Kế hoạch 5"),
    ]
    second = docx.Document(str(out / "02-KH-UBND.docx"))
    assert second.tables[0].cell(1, 0).text == "Số: 02/KH-UBND"


def test_batch_one_number_for_the_batch(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db, out = str(folder / "so.db"), folder / "out"
    code, said, _ = _run(
        capsys, "batch", "ke_hoach", str(_rows(folder, 4)), "-o", str(out), "--kind", "ke_hoach",
        "--register", db, "--numbering", "batch", "--date", "2022-04-02", "--workers", "1",
    )  # fmt: skip
    assert code == 1
    assert said.splitlines()[1] == "số 01/KH-UBND vào sổ đăng ký"
    documents = sorted(out.glob("*.docx"))
    assert len(documents) == 3
    assert {docx.Document(str(d)).tables[0].cell(1, 0).text for d in documents} == {
        "Số: 01/KH-UBND"
    }
    with Register(db) as register:
        assert [r.so_ky_hieu for r in register.rows(2022)] == ["01/KH-UBND"]


@pytest.mark.parametrize("numbering", ["row", "batch"])
def test_batch_cancels_the_numbers_of_rows_that_made_nothing(
    folder: Path, capsys: pytest.CaptureFixture[str], numbering: str
) -> None:
    template = folder / "sai.docx"
    page = docx.Document()
    page.add_paragraph("{{ trich_yeu }} {{ ho_ten }}")  # every row lacks ho_ten
    page.save(str(template))
    db = str(folder / "so.db")
    code, _, err = _run(
        capsys, "batch", str(template), str(_rows(folder, 3)), "-o", str(folder / "out"),
        "--kind", "ke_hoach", "--register", db, "--numbering", numbering, "--date", "2022-04-03",
        "--workers", "1",
    )  # fmt: skip
    assert code == 1
    with Register(db) as register:
        rows = register.rows(2022)
    expected = ["01/KH-UBND", "02/KH-UBND"] if numbering == "row" else ["01/KH-UBND"]
    assert [r.so_ky_hieu for r in rows] == expected
    assert {r.trang_thai for r in rows} == {TrangThai.HUY}
    assert rows[0].ghi_chu == (
        "Hủy: không tạo được văn bản (dòng 1 của lô): the template uses these; the row lacks them"
    )
    assert f"số đã hủy trong sổ (dòng không tạo được văn bản): {', '.join(expected)}" in err


def test_init_from_a_documents_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A document's data file gives the register its body; the series are the default ones."""
    db = tmp_path / "so.db"
    code, out, _ = _run(capsys, "register", "init", str(db), str(KE_HOACH_YAML))
    assert (code, out) == (
        0,
        f"{db}: sổ đăng ký văn bản đi của Ủy ban nhân dân xã Gia Lương; series: chung (Sổ văn "
        "bản đi), mat (Sổ văn bản mật đi)\n",
    )
    with Register(str(db)) as register:
        assert register.co_quan.viet_tat == "UBND"


@pytest.fixture
def where(register_where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    """A register made by `vanban register init` (SQLite, then PostgreSQL), a draft plan beside
    (du_thao.yaml in tmp_path)."""
    (tmp_path / "so.yaml").write_text(SETTINGS, encoding="utf-8")
    (tmp_path / "du_thao.yaml").write_text(
        yaml.safe_dump(_plan(), allow_unicode=True), encoding="utf-8"
    )
    assert main(["register", "init", register_where, str(tmp_path / "so.yaml")]) == 0
    capsys.readouterr()
    return register_where


def test_update_fills_columns_7_to_10_and_refuses_what_the_rules_forbid(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = str(tmp_path / "du_thao.yaml")
    assert _run(
        capsys, "register", "issue", where, draft, "--date", "2022-01-29", "--copies", "12"
    )[0] == (0)
    update = ("register", "update", where, "01/KH-UBND", "--year", "2022")
    assert _run(
        capsys, *update, "--copies", "15", "--sent", "30/01/2022", "--receipt",
        "Phòng Nội vụ huyện", "--note", "gửi kèm dự toán",
    ) == (
        0,
        "01/KH-UBND  2022  chung  Số lượng bản: 15 | Ngày chuyển: 30/01/2022 | Ký nhận: Phòng "
        "Nội vụ huyện | Ghi chú: gửi kèm dự toán\n",
        "",
    )  # fmt: skip
    assert _run(capsys, *update, "--receipt", "TT HĐND xã")[1] == (
        "01/KH-UBND  2022  chung  Số lượng bản: 15 | Ngày chuyển: 30/01/2022 | Ký nhận: Phòng "
        "Nội vụ huyện; TT HĐND xã | Ghi chú: gửi kèm dự toán\n"
    )
    for options, message in (
        (
            ("--sent", "2022-01-28"),
            "--sent 2022-01-28: before the document's date, 2022-01-29: a document is sent once "
            "it is issued, on the day it is signed or the next working day (NĐ 30/2020, Điều "
            "18.1)",
        ),
        (
            ("--copies", "0"),
            "--copies 0: the number of copies issued is a whole number, 1 or more (Phụ lục IV, "
            "column 7)",
        ),
        ((), "nothing to update: give --copies, --sent, --receipt or --note (Phụ lục IV, columns "
         "7–10)"),
        (
            ("--note", "Hủy: tự ghi"),
            "--note 'Hủy: tự ghi': the marks 'Hủy: …' and 'Thu hồi: …' are written by `vanban "
            "register cancel` and `vanban register recall` only",
        ),
    ):  # fmt: skip
        assert _run(capsys, *update, *options) == (2, "", f"vanban: {message}\n")
    assert _run(capsys, "register", "recall", where, "01/KH-UBND", "--year", "2022", "--reason",
                "sai thẩm quyền")[0] == 0  # fmt: skip
    assert _run(capsys, *update, "--note", "x") == (
        2,
        "",
        "vanban: '01/KH-UBND' (2022): recalled — a recalled document's row is frozen (NĐ "
        "30/2020, Phụ lục VI, I.III.8); nothing is written\n",
    )
    with Register(where) as register:
        row = register.find("01/KH-UBND", nam=2022)
    assert row is not None
    assert (row.so_luong_ban, row.ngay_chuyen, row.ky_nhan, row.ghi_chu) == (
        15,
        date(2022, 1, 30),
        "Phòng Nội vụ huyện; TT HĐND xã",
        "gửi kèm dự toán; Thu hồi: sai thẩm quyền",
    )


def test_close_year(where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    draft = str(tmp_path / "du_thao.yaml")
    assert _run(capsys, "register", "close-year", where, "--year", "2022") == (
        0,
        "2022: closed — the register takes no new number dated in it (its book printed and "
        "bound: NĐ 30/2020, Điều 16.2.b)\n",
        "",
    )
    assert _run(capsys, "register", "close-year", where, "--year", "2022") == (
        0,
        "2022: already closed\n",
        "",
    )
    code, _, err = _run(capsys, "register", "issue", where, draft, "--date", "2022-12-31")
    assert (code, err) == (
        2,
        "vanban: 2022: the year is closed — its register was printed and bound (Điều 16.2.b) "
        "and takes no new number; issue with a date in an open year\n",
    )
    assert _run(capsys, "register", "issue", where, draft, "--date", "2023-01-02")[1] == (
        "01/KH-UBND  02/01/2023  chung\n"
    )
    with Register(where) as register:
        assert register.closed_years() == [2022]


def test_one_number_for_the_batch_counts_its_copies(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--numbering batch: Số lượng bản is the number of documents made (one per recipient, NĐ
    30/2020, Điều 17.1.a), not what the first row said (so_ban_phat_hanh 50)."""
    rows = [
        {**_plan(), "trich_yeu": "Mời họp", "ky_hieu_nguoi_soan": "PL", "so_ban_phat_hanh": 50}
        for _ in range(4)
    ]
    rows[2]["noi_nhan"] = 5  # makes no document
    data = tmp_path / "rows.yaml"
    data.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")
    code, said, _ = _run(
        capsys, "batch", "ke_hoach", str(data), "-o", str(tmp_path / "out"), "--kind", "ke_hoach",
        "--register", where, "--numbering", "batch", "--date", "2022-04-02", "--workers", "1",
    )  # fmt: skip
    assert code == 1
    assert said.splitlines()[1] == "số 01/KH-UBND vào sổ đăng ký"
    assert len(list((tmp_path / "out").glob("*.docx"))) == 3
    with Register(where) as register:
        assert [(r.so_ky_hieu, r.so_luong_ban) for r in register.rows(2022)] == [("01/KH-UBND", 3)]


def test_messages_name_the_commands_flags(
    where: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    draft = str(tmp_path / "du_thao.yaml")
    assert _run(capsys, "register", "issue", where, draft, "--date", "2022-02-03")[0] == 0
    code, _, err = _run(capsys, "register", "issue", where, draft, "--date", "2022-01-10")
    assert (code, err) == (
        2,
        "vanban: ngay: 2022-01-10 — number 02 of series 'chung' would follow an earlier number, "
        "01, dated 2022-02-03: numbers and dates follow the order of issue in the year (NĐ "
        "30/2020, Điều 15.1); issue with a date in order, or issue it with `vanban register "
        "issue … --allow-earlier` to record it out of order\n",
    )
    code, _, err = _run(
        capsys, "render", draft, "--register", where, "--date", "2022-01-10", "-o",
        str(tmp_path / "out") + "/",
    )  # fmt: skip
    assert code == 1
    assert "or issue it with `vanban register issue … --allow-earlier`" in err
    assert "allow_earlier=True" not in err and "Traceback" not in err
    code, out, _ = _run(
        capsys, "register", "issue", where, draft, "--date", "2022-01-10", "--allow-earlier"
    )
    assert (code, out) == (0, "02/KH-UBND  10/01/2022  chung\n")


def test_a_missing_register_names_vanban_register_init(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "khong_co.db"
    assert _run(capsys, "register", "list", str(missing), "--year", "2022") == (
        2,
        "",
        f"vanban: {missing}: no such register — create it with `vanban register init {missing} "
        "SETTINGS`\n",
    )


@pytest.mark.postgres
def test_a_postgres_database_without_a_register_names_vanban_register_init(
    postgres_register_url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "register", "list", postgres_register_url, "--year", "2022")
    assert code == 2
    assert err.endswith(
        ": not a vanban register (no table vanban_register) — create one with `vanban register "
        "init`\n"
    )
    assert "Register.create" not in err

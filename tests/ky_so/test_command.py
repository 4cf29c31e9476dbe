"""``vanban sign``, ``vanban issue`` (with ``--so``/``--date``, or from a SQLite register with
``--register``/``--data``) and ``vanban verify`` on rendered drafts: a Công văn, and a Biên bản
signed in its columns (``--column``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

import vanban as vb
from vanban.cli import main
from vanban.ky_so.verify import verify
from vanban.models.mau_1_9 import BienBan
from vanban.pdf import PdfConverter
from vanban.register.core import today

from ..conftest import EXAMPLES
from .conftest import BIEN_BAN, BODY, CONG_VAN, PASSWORD, SIGNER_NAME, Chain
from .images import seal_png, signature_png


def test_sign_issue_verify(
    drafts: dict[str, bytes],
    chain: Chain,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    draft = tmp_path / "cv.pdf"
    draft.write_bytes(drafts[CONG_VAN])
    (tmp_path / "ky.png").write_bytes(signature_png())
    (tmp_path / "dau.png").write_bytes(seal_png())
    monkeypatch.setenv("KEY_PASSWORD", PASSWORD.decode())
    key = ["--password-env", "KEY_PASSWORD", "--key"]
    signed, issued = tmp_path / "cv-ky.pdf", tmp_path / "cv-ban-hanh.pdf"
    assert main(["sign", str(draft), "-o", str(signed), *key, str(chain.signer.p12),
                 "--image", str(tmp_path / "ky.png")]) == 0  # fmt: skip
    assert main(["issue", str(signed), "-o", str(issued), *key, str(chain.body.p12),
                 "--so", "3722", "--date", "2022-06-10", "--seal", str(tmp_path / "dau.png"),
                 "--diameter", "36"]) == 0  # fmt: skip
    capsys.readouterr()

    assert main(["verify", str(issued), "--trust", str(chain.root_pem)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"1. vb_chu_ky: {SIGNER_NAME}, {BODY}\n   signed: 20")
    assert "   changed after: FORM_FILLING (allowed)\n   => OK\n2. vb_dau: " + BODY + "\n" in out
    assert "+07:00" in out  # Vietnam's offset, ISO 8601

    assert main(["verify", str(issued), "--json"]) == 1  # no trusted root given
    rows = json.loads(capsys.readouterr().out)
    assert [(r["field"], r["trusted"], r["ok"]) for r in rows] == [
        ("vb_chu_ky", False, False),
        ("vb_dau", False, False),
    ]

    assert main(["verify", str(draft)]) == 1
    assert capsys.readouterr().out == f"{draft}: no signature\n"


def test_bad_input_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "not.pdf"
    text.write_text("hello")
    assert main(["verify", str(text)]) == 2
    assert capsys.readouterr().err.startswith(f"vanban: {text}: not a readable PDF")
    assert main(["sign", str(text), "-o", str(text), "--key", str(text)]) == 2
    assert "not a PKCS#12 key" in capsys.readouterr().err


def test_a_file_that_is_not_a_pdf_is_named(
    chain: Chain,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = tmp_path / "not.pdf"
    text.write_text("hello")
    monkeypatch.setenv("KEY_PASSWORD", PASSWORD.decode())
    key = ["--key", str(chain.signer.p12), "--password-env", "KEY_PASSWORD"]
    for command in (["sign", str(text), "-o", str(tmp_path / "a.pdf"), *key],
                    ["issue", str(text), "-o", str(tmp_path / "b.pdf"), *key]):  # fmt: skip
        assert main(command) == 2
        assert capsys.readouterr().err.startswith("vanban: not a readable PDF")
    assert not (tmp_path / "a.pdf").exists() and not (tmp_path / "b.pdf").exists()


def _signed_cli(
    pdf: bytes, folder: Path, chain: Chain, columns: list[str | None], name: str
) -> Path:
    """``pdf`` signed with ``vanban sign``, once per column (``None``: a one-signer document)."""
    source = folder / f"{name}.pdf"
    source.write_bytes(pdf)
    for number, column in enumerate(columns):
        signed = folder / f"{name}-ky-{number}.pdf"
        extra = [] if column is None else ["--column", column]
        assert main(["sign", str(source), "-o", str(signed), "--key", str(chain.signer.p12),
                     "--password-env", "KEY_PASSWORD", *extra]) == 0  # fmt: skip
        source = signed
    return source


def _draft_data(stem: str, folder: Path) -> Path:
    data = yaml.safe_load((EXAMPLES / f"{stem}.yaml").read_text(encoding="utf-8"))
    path = folder / f"{stem}.yaml"
    draft = {k: v for k, v in data.items() if k not in ("so", "ngay")}
    path.write_text(yaml.safe_dump(draft, allow_unicode=True), encoding="utf-8")
    return path


def test_issue_takes_the_number_from_the_register(
    drafts: dict[str, bytes],
    chain: Chain,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KEY_PASSWORD", PASSWORD.decode())
    data = _draft_data(CONG_VAN, tmp_path)
    db = tmp_path / "so.db"
    vb.Register.create(db, co_quan=vb.load(data).co_quan).close()
    signed = _signed_cli(drafts[CONG_VAN], tmp_path, chain, [None], "cv")
    issued = tmp_path / "cv-ban-hanh.pdf"
    body = ["--key", str(chain.body.p12), "--password-env", "KEY_PASSWORD"]
    capsys.readouterr()
    assert main(["issue", str(signed), "-o", str(issued), *body, "--register", str(db),
                 "--data", str(data), "--date", "2022-06-10"]) == 0  # fmt: skip
    assert capsys.readouterr().out == (
        f"{issued}  (Công văn số 01/VPCP-CN ngày 10/6/2022, vào sổ đăng ký)\n"
    )
    values = {k: v.get("/V") for k, v in (PdfReader(str(issued)).get_fields() or {}).items()}
    assert [values[k] for k in ("vb_so", "vb_ngay", "vb_thang", "vb_nam")] == [
        "01", "10", "6", "2022"  # a leading zero for months 1 and 2 only (II.4.b)
    ]  # fmt: skip
    reports = verify(issued.read_bytes(), trust=[chain.root_pem])
    assert [(r.modification, r.ok) for r in reports] == [("FORM_FILLING", True), ("NONE", True)]
    with vb.Register(db) as register:
        row = register.find("01/VPCP-CN", nam=2022)
        assert row is not None and row.trang_thai.ten == "Đã cấp"


def test_a_bien_ban_signed_in_columns_issued_from_the_register(
    bien_ban: dict[str, tuple[BienBan, bytes]],
    chain: Chain,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KEY_PASSWORD", PASSWORD.decode())
    data = _draft_data(BIEN_BAN, tmp_path)
    db = tmp_path / "so.db"
    vb.Register.create(db, co_quan=vb.load(data).co_quan).close()
    pdf = bien_ban["hai"][1]
    assert main(["sign", str(_write_pdf(tmp_path, pdf)), "-o", str(tmp_path / "x.pdf"), "--key",
                 str(chain.signer.p12), "--password-env", "KEY_PASSWORD", "--column", "3"]) == 2  # fmt: skip
    assert capsys.readouterr().err == (
        "vanban: --column 3: the PDF has 2 signature column(s) ('THƯ KÝ', 'CHỦ TỌA'), numbered "
        "from 1\n"
    )
    signed = _signed_cli(pdf, tmp_path, chain, ["THƯ KÝ", "2"], "bb")
    issued = tmp_path / "bb-ban-hanh.pdf"
    body = ["--key", str(chain.body.p12), "--password-env", "KEY_PASSWORD"]
    # Another document's data: refused before a number is taken.
    other = _draft_data(CONG_VAN, tmp_path)
    assert main(["issue", str(signed), "-o", str(issued), *body, "--register", str(db),
                 "--data", str(other)]) == 2  # fmt: skip
    assert capsys.readouterr().err == (
        f"vanban: --data {other}: its ký hiệu 'VPCP-CN' is not the PDF's ('/BB-UBND' after the "
        "number's blank on page 1); give the data file the PDF was rendered from\n"
    )
    # A time-stamping authority that does not answer: the number taken is cancelled.
    assert main(["issue", str(signed), "-o", str(issued), *body, "--register", str(db),
                 "--data", str(data), "--date", "2022-12-28", "--tsa", "http://127.0.0.1:9/"]) == 2  # fmt: skip
    err = capsys.readouterr().err
    assert err.startswith("vanban: 01/BB-UBND was issued in the register, then the PDF could not ")
    assert err.endswith("; the number is cancelled in the register\n")
    assert not issued.exists()
    assert main(["issue", str(signed), "-o", str(issued), *body, "--register", str(db),
                 "--data", str(data), "--date", "2022-12-28"]) == 0  # fmt: skip
    assert capsys.readouterr().out == (
        f"{issued}  (Biên bản số 02/BB-UBND ngày 28/12/2022, vào sổ đăng ký)\n"
    )
    values = {k: v.get("/V") for k, v in (PdfReader(str(issued)).get_fields() or {}).items()}
    assert values["vb_so"] == "02" and "vb_ngay" not in values  # Mẫu 1.9: no date line
    reports = verify(issued.read_bytes(), trust=[chain.root_pem])
    assert [(r.field, r.modification, r.ok) for r in reports] == [
        ("vb_chu_ky", "FORM_FILLING", True),
        ("vb_chu_ky_2", "FORM_FILLING", True),
        ("vb_dau", "NONE", True),
    ]
    with vb.Register(db) as register:
        assert [(r.so_ky_hieu, r.trang_thai.ten) for r in register.rows(2022)] == [
            ("01/BB-UBND", "Đã hủy"),
            ("02/BB-UBND", "Đã cấp"),
        ]
    # --so with --register, and --data without it, are refused.
    assert main(["issue", str(signed), "-o", str(issued), *body, "--register", str(db),
                 "--data", str(data), "--so", "5"]) == 2  # fmt: skip
    assert "--so: the register gives the number at issue" in capsys.readouterr().err
    assert main(["issue", str(signed), "-o", str(issued), *body, "--data", str(data)]) == 2
    assert "give --register" in capsys.readouterr().err


def _write_pdf(folder: Path, pdf: bytes) -> Path:
    path = folder / "draft.pdf"
    path.write_bytes(pdf)
    return path


def test_a_draft_data_for_a_numbered_pdf_takes_no_number(
    converter: PdfConverter,
    chain: Chain,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("KEY_PASSWORD", PASSWORD.decode())
    docx = vb.render(vb.load(EXAMPLES / f"{CONG_VAN}.yaml")).save(tmp_path / "cv.docx")
    signed = _signed_cli(converter.convert(docx).read_bytes(), tmp_path, chain, [None], "so")
    data = _draft_data(CONG_VAN, tmp_path)
    db = tmp_path / "so.db"
    vb.Register.create(db, co_quan=vb.load(data).co_quan).close()
    capsys.readouterr()
    assert main(["issue", str(signed), "-o", str(tmp_path / "out.pdf"), "--key",
                 str(chain.body.p12), "--password-env", "KEY_PASSWORD", "--register", str(db),
                 "--data", str(data)]) == 2  # fmt: skip
    assert capsys.readouterr().err == (
        f"vanban: --data {data}: a draft, but {signed} was rendered with its number and date "
        "(it has no blanks to fill); give the data it was rendered from\n"
    )
    with vb.Register(db) as register:
        assert register.rows(today().year) == []  # no number taken (it would be dated today)

"""The body's signatures without an image, on vanban's own PDFs (LibreOffice, PDF/A-2b): a
Quyết định's attached text in a file of its own (Mẫu 1.3 electronic) and an electronic copy
(Mẫu 3.2). The box's text, font (embedded subset), place (pdftotext's word boxes), the
signatures valid and image-less, the copy's box time equal to its signature's, PDF/A kept in
every revision. Keys from the tests' CA chain (conftest.py)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
import yaml
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields
from pyhanko.stamp import TextStamp, TextStampStyle
from pypdf import PdfReader

import vanban as vb
from vanban.cli import main
from vanban.errors import SigningError
from vanban.ky_so.kem_theo import (
    ATTACHMENT_FIELD,
    COPY_FIELD,
    BanHanh,
    ban_hanh,
    hop_kem_theo,
    issue_attachment,
    sign_copy,
)
from vanban.ky_so.ky import Key, issue, sign
from vanban.ky_so.pdfa import problems
from vanban.ky_so.verify import verify
from vanban.ky_so.vi_tri import blanks
from vanban.models.mau_3_1 import MUI_GIO_VIET_NAM
from vanban.pdf import PdfConverter, pdfa_part
from vanban.typeset.page import mm_to_pt

from ..conftest import EXAMPLES
from .conftest import BODY, PASSWORD, QUYET_DINH, Chain
from .images import seal_png, signature_png

VN = timezone(timedelta(hours=7))


def test_the_attachment_box_text() -> None:
    at = datetime(2022, 1, 29, 9, 15, 2, tzinfo=VN)
    assert hop_kem_theo("12/QĐ-UBND", at) == "Số: 12/QĐ-UBND; 29/01/2022; 09:15:02 +07:00"
    assert hop_kem_theo("05/QĐ-UBND", datetime(2022, 1, 28, 17, 0, tzinfo=UTC)) == (
        "Số: 05/QĐ-UBND; 29/01/2022; 00:00:00 +07:00"  # written in Vietnam's time
    )
    with pytest.raises(SigningError, match="has no time zone"):
        hop_kem_theo("12/QĐ-UBND", datetime(2022, 1, 29, 9, 15, 2))
    with pytest.raises(SigningError, match="so_ky_hieu: empty"):
        hop_kem_theo(" ", at)


@dataclass(frozen=True)
class Decision:
    """A Quyết định with its attached text in a file of its own (PDF/A-2b): the main document
    signed and issued as 12/QĐ-UBND, the attached text as LibreOffice made it, and the decision
    rendered with its number (a copy's original)."""

    issued: bytes
    attached: bytes
    original: bytes


@pytest.fixture(scope="module")
def decision(
    converter: PdfConverter, chain: Chain, tmp_path_factory: pytest.TempPathFactory, times: Path
) -> Decision:
    folder = tmp_path_factory.mktemp("kem_theo")
    data = yaml.safe_load((EXAMPLES / f"{QUYET_DINH}.yaml").read_text(encoding="utf-8"))
    draft = vb.from_dict({k: v for k, v in data.items() if k not in ("so", "ngay")})
    main_docx = vb.render(draft, kem_theo_rieng=True).save(folder / "qd.docx")
    original_docx = vb.render(vb.from_dict(data)).save(folder / "goc.docx")
    pdfs = {
        name: converter.convert(docx, pdfa=True).read_bytes()
        for name, docx in (
            ("main", main_docx),
            ("attached", folder / "qd-kem-theo.docx"),
            ("original", original_docx),
        )
    }
    signed = sign(pdfs["main"], Key.pkcs12(chain.signer.p12, PASSWORD), hinh_chu_ky=signature_png())
    issued = issue(
        signed,
        Key.pkcs12(chain.body.p12, PASSWORD),
        so=12,
        ngay=date(2022, 1, 29),
        hinh_dau=seal_png(),
        duong_kinh_mm=36,
    )
    return Decision(issued, pdfs["attached"], pdfs["original"])


def _body(chain: Chain) -> Key:
    return Key.pkcs12(chain.body.p12, PASSWORD)


def _first_line(pdf: bytes) -> str:
    """Page 1's top line, as pdftotext reads the page (top to bottom)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not found")
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout.decode("utf-8")
    return next(line for line in text.splitlines() if line.strip())


def _words(pdf: bytes, folder: Path) -> list[tuple[str, float, float, float, float]]:
    """Page 1's words with their boxes (xMin, yMin, xMax, yMax; points from the top left), as
    poppler's pdftotext lays them out."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not found")
    source = folder / "words.pdf"
    source.write_bytes(pdf)
    html = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-bbox", str(source), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    pattern = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<'
    return [
        (text, float(x0), float(y0), float(x1), float(y1))
        for x0, y0, x1, y1, text in re.findall(pattern, html)
    ]


def _box_place(pdf: bytes, text: str, folder: Path) -> tuple[float, float, float, float]:
    """The extent of the box's words on page 1: the first words in reading order, as many as
    the text has."""
    count = len(text.split())
    words = _words(pdf, folder)[:count]
    assert " ".join(word[0] for word in words) == text
    return (
        min(w[1] for w in words),
        min(w[2] for w in words),
        max(w[3] for w in words),
        max(w[4] for w in words),
    )


def _assert_in_the_top_right(pdf: bytes, text: str, folder: Path) -> None:
    """Right-aligned at the 15 mm right margin, left of it the 30 mm left margin, inside the top
    margin (20 mm), 10 mm below the page's top edge (NĐ 30/2020, Phụ lục I, mục I.3; the
    samples' place: top right of page 1)."""
    x0, y0, x1, y1 = _box_place(pdf, text, folder)
    width = float(PdfReader(io.BytesIO(pdf)).pages[0].mediabox.width)
    assert x1 == pytest.approx(width - mm_to_pt(15), abs=1.0)
    assert x0 > mm_to_pt(30)
    assert mm_to_pt(10) - 1 <= y0 and y1 < mm_to_pt(20)


def _assert_font_embedded_subset(pdf: bytes) -> None:
    """The box's font: Times New Roman (or its metric twin) as a Type 0 font over an embedded
    TrueType subset (a "ABCDEF+" prefix), small."""
    fonts = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"]
    font = fonts["/VbHop"].get_object()
    assert font["/Subtype"] == "/Type0"
    assert font["/Encoding"] == "/Identity-H" and "/ToUnicode" in font
    cid = font["/DescendantFonts"][0].get_object()
    assert re.fullmatch(r"/[A-Z]{6}\+(TimesNewRomanPSMT|LiberationSerif)", cid["/BaseFont"])
    program = cid["/FontDescriptor"]["/FontFile2"].get_object()
    assert len(program.get_data()) < 60_000  # a subset: the whole font is 300-800 KB


def _assert_imageless(pdf: bytes, field: str) -> None:
    """The signature's widget has no area: the signature shows no image (NĐ 30/2020, Phụ lục I,
    mục II.8.b "Không hiển thị"; phần II, mục I.3)."""
    form = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/AcroForm"]
    widgets = [f.get_object() for f in form["/Fields"] if f.get_object()["/T"] == field]
    assert len(widgets) == 1
    x0, y0, x1, y1 = (float(v) for v in widgets[0]["/Rect"])
    assert (x1 - x0) * (y1 - y0) == 0


def _revisions(pdf: bytes) -> list[bytes]:
    """The file as it was after each revision (each incremental update ends with %%EOF)."""
    ends = [m.end() for m in re.finditer(rb"%%EOF\r?\n?", pdf)]
    return [pdf[:end] for end in ends]


def _assert_pdfa(pdf: bytes, tmp_path: Path) -> None:
    path = tmp_path / "pdfa.pdf"
    path.write_bytes(pdf)
    assert pdfa_part(path) == (2, "B")
    for revision in _revisions(pdf):
        assert problems(revision) == []


def test_the_attachment_is_issued_with_the_main_documents_box(
    decision: Decision, chain: Chain, tmp_path: Path
) -> None:
    main = ban_hanh(decision.issued)
    seal = [r for r in verify(decision.issued, trust=[chain.root_pem]) if r.field == "vb_dau"]
    assert seal[0].signing_time is not None
    assert main == BanHanh("12/QĐ-UBND", seal[0].signing_time)

    issued = issue_attachment(decision.attached, _body(chain), of=decision.issued)
    text = hop_kem_theo("12/QĐ-UBND", seal[0].signing_time)
    assert _first_line(issued) == text
    assert re.fullmatch(r"Số: 12/QĐ-UBND; \d\d/\d\d/20\d\d; \d\d:\d\d:\d\d \+07:00", text)
    _assert_in_the_top_right(issued, text, tmp_path)
    _assert_font_embedded_subset(issued)
    _assert_imageless(issued, ATTACHMENT_FIELD)
    reports = verify(issued, trust=[chain.root_pem])
    assert [(r.field, r.signer, r.modification, r.ok) for r in reports] == [
        (ATTACHMENT_FIELD, BODY, "NONE", True)
    ]
    # The "(Kèm theo …)" blanks stay blank in the electronic version (mục III.1.c).
    assert [b.kind for b in blanks(issued)] == [b.kind for b in blanks(decision.attached)]
    assert [b.kind for b in blanks(issued)][:2] == ["so", "ngay"]
    _assert_pdfa(issued, tmp_path)


def test_the_attachment_takes_the_number_and_time_given(decision: Decision, chain: Chain) -> None:
    at = datetime(2022, 1, 29, 9, 15, 2, tzinfo=VN)
    issued = issue_attachment(
        decision.attached, _body(chain), of=BanHanh("12/QĐ-UBND", at), thoi_gian_ky=at
    )
    assert _first_line(issued) == "Số: 12/QĐ-UBND; 29/01/2022; 09:15:02 +07:00"
    (report,) = verify(issued, trust=[chain.root_pem])
    assert report.signing_time == at and report.ok


def test_the_number_of_a_main_document_rendered_with_it(decision: Decision, chain: Chain) -> None:
    """A main document rendered with its number has no blank: its "Số: …" line gives it."""
    signed = sign(
        decision.original, Key.pkcs12(chain.signer.p12, PASSWORD), hinh_chu_ky=signature_png()
    )
    issued = issue(signed, _body(chain), hinh_dau=seal_png(), duong_kinh_mm=36)
    assert ban_hanh(issued).so_ky_hieu == "18/QĐ-UBND"


def test_an_attachment_needs_an_issued_main_document(decision: Decision, chain: Chain) -> None:
    with pytest.raises(SigningError, match="the main document is not issued"):
        issue_attachment(decision.attached, _body(chain), of=decision.attached)
    issued = issue_attachment(decision.attached, _body(chain), of=decision.issued)
    with pytest.raises(SigningError, match="the PDF is already signed"):
        issue_attachment(issued, _body(chain), of=decision.issued)


def test_the_copy_box_shows_the_signatures_time(
    decision: Decision, chain: Chain, tmp_path: Path
) -> None:
    copied = sign_copy(decision.original, _body(chain), hinh_thuc="sao_y", co_quan=BODY)
    (report,) = verify(copied, trust=[chain.root_pem])
    assert (report.field, report.signer, report.modification, report.ok) == (
        COPY_FIELD,
        BODY,
        "NONE",
        True,
    )
    assert report.signing_time is not None
    text = vb.hop_ban_sao_dien_tu("sao_y", BODY, report.signing_time)
    assert _first_line(copied) == text
    when = report.signing_time.astimezone(MUI_GIO_VIET_NAM).isoformat()
    assert text == f"SAO Y; {BODY}; {when}"
    _assert_in_the_top_right(copied, text, tmp_path)
    _assert_font_embedded_subset(copied)
    _assert_imageless(copied, COPY_FIELD)
    _assert_pdfa(copied, tmp_path)


def test_a_copy_signed_at_a_given_time(decision: Decision, chain: Chain) -> None:
    at = datetime(2022, 3, 10, 2, 15, 2, 500, tzinfo=UTC)
    copied = sign_copy(
        decision.original, _body(chain), hinh_thuc="trich_sao", co_quan=BODY, thoi_gian_ky=at
    )
    (report,) = verify(copied, trust=[chain.root_pem])
    assert report.signing_time == at.replace(microsecond=0)
    assert _first_line(copied) == f"TRÍCH SAO; {BODY}; 2022-03-10T09:15:02+07:00"
    with pytest.raises(SigningError, match="has no time zone"):
        sign_copy(
            decision.original,
            _body(chain),
            hinh_thuc="sao_y",
            co_quan=BODY,
            thoi_gian_ky=datetime(2022, 3, 10, 9, 15, 2),
        )


def test_issuing_keeps_pdfa(decision: Decision, tmp_path: Path) -> None:
    """The number and date filled in at issue are drawn in an embedded font; the signature and
    seal images and the metadata keep PDF/A-2b, in every revision."""
    _assert_pdfa(decision.issued, tmp_path)
    assert len(_revisions(decision.issued)) == 4  # LibreOffice's, prepare, sign, issue


def test_the_pdfa_checks_can_fail(decision: Decision) -> None:
    """What the checks catch: a stamp in pyHanko's default font (a standard font, not
    embedded), an invisible signature field as pyHanko makes it (no appearance), and the
    information dictionary's /Producer left as pyHanko extends it."""
    writer = IncrementalPdfFileWriter(io.BytesIO(decision.original), strict=False)
    TextStamp(writer, TextStampStyle(stamp_text="SAO Y")).apply(0, 400, 800)
    fields.append_signature_field(writer, fields.SigFieldSpec("vb_an", box=None))
    out = io.BytesIO()
    writer.write(out)
    found = problems(out.getvalue())
    assert any("is not embedded" in problem for problem in found)
    assert "page 1: annotation vb_an: no appearance dictionary" in found
    assert any(problem.startswith("Info /Producer 'LibreOffice") for problem in found)


def test_the_commands(
    decision: Decision,
    chain: Chain,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    main_pdf, attached, original = (tmp_path / n for n in ("qd.pdf", "kt.pdf", "goc.pdf"))
    main_pdf.write_bytes(decision.issued)
    attached.write_bytes(decision.attached)
    original.write_bytes(decision.original)
    monkeypatch.setenv("KEY_PASSWORD", PASSWORD.decode())
    key = ["--password-env", "KEY_PASSWORD", "--key", str(chain.body.p12)]
    out = tmp_path / "kt-ban-hanh.pdf"
    assert main(["issue", str(attached), "-o", str(out), *key,
                 "--attachment-of", str(main_pdf)]) == 0  # fmt: skip
    assert capsys.readouterr().out == f"{out}  (kèm theo 12/QĐ-UBND)\n"
    assert _first_line(out.read_bytes()).startswith("Số: 12/QĐ-UBND; ")
    assert main(["verify", str(out), "--trust", str(chain.root_pem)]) == 0
    capsys.readouterr()

    copy = tmp_path / "sao-y.pdf"
    assert main(["sign", str(original), "-o", str(copy), *key, "--copy", "sao-y"]) == 0
    assert capsys.readouterr().out == f"{copy}\n"
    assert _first_line(copy.read_bytes()).startswith(f"SAO Y; {BODY}; 20")  # the certificate's O
    assert main(["verify", str(copy), "--trust", str(chain.root_pem)]) == 0
    capsys.readouterr()

    refused = [
        (["issue", str(attached), "-o", str(tmp_path / "x.pdf"), *key, "--attachment-of",
          str(main_pdf), "--so", "3"], "--attachment-of: --so not taken"),
        (["issue", str(attached), "-o", str(tmp_path / "x.pdf"), *key, "--attachment-of",
          str(attached)], "the main document is not issued"),
        (["sign", str(original), "-o", str(tmp_path / "x.pdf"), *key, "--copy", "ban-chinh"],
         "--copy ban-chinh: a copy is sao-y, sao-luc or trich-sao"),
        (["sign", str(original), "-o", str(tmp_path / "x.pdf"), *key, "--copier", "UBND"],
         "--copier names the copying body"),
    ]  # fmt: skip
    for argv, message in refused:
        assert main(argv) == 2
        assert message in capsys.readouterr().err
        assert not (tmp_path / "x.pdf").exists()

"""Bản sao, Mẫu 3.1 and 3.2 (NĐ 30/2020, Điều 25; Phụ lục I, phần II): the model's rules, the copy
block appended to .docx files of several makers (python-docx, LibreOffice, vanban) and read back,
the original's parts untouched, TRÍCH SAO, bad originals, the pages through LibreOffice, the
electronic copy's box, and ``vanban copy``."""

from __future__ import annotations

import io
import subprocess
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from lxml import etree

import vanban as vb
from vanban.cli import main
from vanban.pdf import PdfConverter

from .conftest import EXAMPLES, ROOT
from .test_ooxml_order import package_problems
from .test_pdf_layout import pdf_pages

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REFERENCE = ROOT.parent / "shared" / "reference" / "nd30" / "Phuluc3.docx"
EXAMPLE = EXAMPLES / "ban_sao" / "sao_y.yaml"


def data(**changes: Any) -> dict[str, Any]:
    """A copy made by a commune office, as a data file holds it."""
    values: dict[str, Any] = {
        "hinh_thuc": "sao_y",
        "co_quan": {
            "ten": "Ủy ban nhân dân xã Gia Lương",
            "viet_tat": "UBND",
            "dia_danh": "Gia Lương",
        },
        "so": 5,
        "ngay": "2022-03-10",
        "noi_nhan": ["Phòng Nội vụ huyện", "Các thôn"],
        "chu_ky": {
            "tap_the": "Ủy ban nhân dân",
            "quyen_han": "KT",
            "chuc_vu_thu_truong": "Chủ tịch",
            "chuc_vu": "Phó Chủ tịch",
            "ho_ten": "Họ và tên",
        },
    }
    values.update(changes)
    return values


def ban_sao(**changes: Any) -> vb.BanSao:
    return vb.BanSao.from_dict(data(**changes))


def refused(values: dict[str, Any]) -> list[str]:
    with pytest.raises(vb.ValidationError) as caught:
        vb.BanSao.from_dict(values)
    return [str(p) for p in caught.value.problems]


def plain_docx(paragraphs: int = 3) -> bytes:
    """A .docx made by python-docx from scratch (its own default template, Calibri, Letter)."""
    document = docx.Document()
    for i in range(paragraphs):
        document.add_paragraph(f"Đoạn {i + 1} của văn bản gốc.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def body_children(data: bytes) -> list[bytes]:
    root = etree.fromstring(members(data)["word/document.xml"])
    return [etree.tostring(child, method="c14n") for child in root.find(f"{W}body")]


def copy_texts(data: bytes) -> list[list[str]]:
    """The copy block's table, read back with python-docx: each cell's paragraph texts."""
    table = docx.Document(io.BytesIO(data)).tables[-1]
    return [[p.text for p in cell.paragraphs] for row in table.rows for cell in _cells(row)]


def _cells(row: Any) -> list[Any]:
    seen, out = set(), []
    for cell in row.cells:  # python-docx repeats a merged cell for each grid column it spans
        if id(cell._tc) not in seen:
            seen.add(id(cell._tc))
            out.append(cell)
    return out


# --- the model ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "chu", "code"),
    [
        ("sao_y", "SAO Y", "05/SY-UBND"),
        ("SAO LỤC", "SAO LỤC", "05/SL-UBND"),
        ("trich-sao", "TRÍCH SAO", "05/TrS-UBND"),
        ("TrS", "TRÍCH SAO", "05/TrS-UBND"),
    ],
)
def test_the_form_gives_its_words_and_abbreviation(written: str, chu: str, code: str) -> None:
    copy = ban_sao(hinh_thuc=written)
    assert copy.hinh_thuc.chu == chu
    assert copy.so_ky_hieu_in == code
    assert copy.context()["hinh_thuc"] == chu


def test_the_copy_block_values() -> None:
    copy = ban_sao()
    assert copy.context() == {
        "hinh_thuc": "SAO Y",
        "co_quan": {
            "chu_quan": [],
            "dong": ["ỦY BAN NHÂN DÂN", "XÃ GIA LƯƠNG"],
            "ten": "Ủy ban nhân dân xã Gia Lương",
        },
        "so_ky_hieu": "05/SY-UBND",
        "dia_danh_ngay_thang": "Gia Lương, ngày 10 tháng 3 năm 2022",
        "noi_nhan": ["- Phòng Nội vụ huyện;", "- Các thôn;", "- Lưu: VT."],
        "chu_ky": {
            "dong": ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
            "ho_ten": "Họ và tên",
        },
    }
    unnumbered = ban_sao(so=None, ngay=None, noi_nhan=[])
    blank = "\u00a0" * 6
    assert unnumbered.so_ky_hieu_in == f"{blank}/SY-UBND"
    assert unnumbered.dia_danh_ngay_thang == f"Gia Lương, ngày {blank}tháng {blank}năm {blank}"
    assert unnumbered.noi_nhan_dong == ["- Lưu: VT."]


def test_bad_copies_are_refused_naming_the_field_and_the_rule() -> None:
    assert refused(data(hinh_thuc="sao chụp")) == [
        "hinh_thuc: 'sao chụp' — Input should be 'sao_y', 'sao_luc' or 'trich_sao'"
    ]
    assert refused(data(so=0)) == [
        "so: 0 — copies are numbered from 01 each year (NĐ 30/2020, Phụ lục I, phần II, mục II.1.c)"
    ]
    assert refused(data(ngay=None)) == [
        "so without ngay — a copy's number and date are written together when it is made "
        "(NĐ 30/2020, Phụ lục III, Mẫu 3.1, notes 3 and 6): write both, or leave both out"
    ]
    assert refused(data(noi_nhan=["Lưu: VT"])) == [
        "noi_nhan: [0] 'Lưu: VT' — vanban writes the archive line '- Lưu: VT.' itself, last "
        "(NĐ 30/2020, Phụ lục III, Mẫu 3.1); leave it out of noi_nhan"
    ]
    assert refused(data(noi_nhan=["Các thôn", "Các thôn"]))[0].startswith("noi_nhan[1]: ")
    assert refused(data(chu_ky=None)) == [
        "chu_ky: None — Input should be a valid dictionary or instance of ChuKy"
    ]


def test_the_schema_describes_the_copy() -> None:
    schema = vb.BanSao.json_schema()
    assert schema["title"] == "Bản sao"
    assert schema["required"] == ["hinh_thuc", "co_quan", "chu_ky"]
    assert schema["properties"]["hinh_thuc"]["title"] == "Hình thức sao"


# --- Mẫu 3.2: the electronic copy's box -----------------------------------------------------------


def test_the_electronic_box_writes_vietnam_time() -> None:
    signed = datetime(2022, 3, 10, 2, 15, 2, 123456, tzinfo=UTC)
    assert (
        vb.hop_ban_sao_dien_tu("sao_y", "Ủy ban nhân dân xã Gia Lương", signed)
        == "SAO Y; Ủy ban nhân dân xã Gia Lương; 2022-03-10T09:15:02+07:00"
    )
    local = datetime(2022, 3, 10, 9, 15, 2, tzinfo=timezone(timedelta(hours=7)))
    assert ban_sao(hinh_thuc="trich_sao").hop_dien_tu(local) == (
        "TRÍCH SAO; Ủy ban nhân dân xã Gia Lương; 2022-03-10T09:15:02+07:00"
    )


def test_the_electronic_box_refuses_a_time_without_zone_and_an_unknown_form() -> None:
    with pytest.raises(
        vb.ValidationError, match=r"thoi_gian_ky: 2022-03-10T09:15:00 has no time zone"
    ):
        vb.hop_ban_sao_dien_tu("sao_y", "UBND xã", datetime(2022, 3, 10, 9, 15))
    with pytest.raises(vb.ValidationError, match=r"hinh_thuc: 'sao' — a copy is SAO Y"):
        vb.hop_ban_sao_dien_tu("sao", "UBND xã", datetime(2022, 3, 10, tzinfo=UTC))


# --- the copy block in a .docx ------------------------------------------------------------------


def test_a_python_docx_original_gets_the_block_and_keeps_every_other_byte() -> None:
    original = plain_docx()
    copied = vb.copy_document(original, ban_sao())
    before, after = members(original), members(copied)
    assert list(after) == list(before)  # same parts, same order
    changed = [name for name in before if before[name] != after[name]]
    assert changed == ["word/document.xml"]
    old, new = body_children(original), body_children(copied)
    # the original's blocks first, unchanged; the rule, the table and a closing paragraph added
    # before the final sectPr, which is unchanged too
    assert new[: len(old) - 1] == old[:-1]
    assert new[-1] == old[-1] and new[-1].startswith(b"<w:sectPr")
    assert len(new) == len(old) + 3
    with zipfile.ZipFile(io.BytesIO(original)) as a, zipfile.ZipFile(io.BytesIO(copied)) as b:
        raw_a = {i.filename: (i.CRC, i.compress_size) for i in a.infolist()}
        raw_b = {i.filename: (i.CRC, i.compress_size) for i in b.infolist()}
    assert {k: v for k, v in raw_b.items() if k != "word/document.xml"} == {
        k: v for k, v in raw_a.items() if k != "word/document.xml"
    }


def test_the_block_reads_back_as_the_sample_sets_it() -> None:
    copied = vb.copy_document(plain_docx(), ban_sao())
    assert copy_texts(copied) == [
        ["ỦY BAN NHÂN DÂN", "XÃ GIA LƯƠNG", "_" * len(copy_texts(copied)[0][2]), "Số: 05/SY-UBND"],
        ["SAO Y", "Gia Lương, ngày 10 tháng 3 năm 2022"],
        ["Nơi nhận:", "- Phòng Nội vụ huyện;", "- Các thôn;", "- Lưu: VT."],
        ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "", "", "Họ và tên"],
    ]
    document = docx.Document(io.BytesIO(copied))
    table = document.tables[-1]
    agency, form = _cells(table.rows[0])
    recipients, signer = _cells(table.rows[1])

    def look(paragraph: Any) -> tuple[Any, ...]:
        run = paragraph.runs[0]
        return (run.font.size, run.bold, run.italic, paragraph.alignment, run.font.name)

    center, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    tnr = "Times New Roman"
    assert look(agency.paragraphs[0]) == (Pt(13), True, False, center, tnr)
    assert look(agency.paragraphs[3]) == (Pt(13), False, False, center, tnr)
    assert look(form.paragraphs[0]) == (Pt(14), True, False, center, tnr)  # mục II.2.b
    assert look(form.paragraphs[1]) == (Pt(13), False, True, center, tnr)
    assert look(recipients.paragraphs[0]) == (Pt(12), True, True, left, tnr)
    assert look(recipients.paragraphs[3]) == (Pt(11), False, False, left, tnr)
    assert look(signer.paragraphs[0]) == (Pt(14), True, False, center, tnr)
    assert look(signer.paragraphs[-1]) == (Pt(14), True, False, center, tnr)
    # the rule: the paragraph before the table, a solid top border across the text width
    body = document.element.body
    rule = table._tbl.getprevious()
    border = rule.find(f"{W}pPr/{W}pBdr/{W}top")
    assert border is not None and border.get(f"{W}val") == "single"
    section = document.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert int(table._tbl.find(f"{W}tblPr/{W}tblW").get(f"{W}w")) == round(text_width / 635)
    # kept whole: every paragraph keeps with the next, no row splits
    block = [rule, table._tbl]
    paragraphs = [p for element in block for p in element.iter(f"{W}p")]
    assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in paragraphs)
    assert len(table._tbl.findall(f"{W}tr/{W}trPr/{W}cantSplit")) == 2
    assert body[-1].tag == f"{W}sectPr"
    assert package_problems(copied) == []  # every element in its schema order


def test_a_parent_body_stands_above_the_copying_body() -> None:
    office = {
        "ten": "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân",
        "viet_tat": "VP",
        "chu_quan": "Ủy ban nhân dân huyện Gia Lộc",
        "dia_danh": "Gia Lộc",
    }
    copied = vb.copy_document(plain_docx(), ban_sao(co_quan=office))
    agency = _cells(docx.Document(io.BytesIO(copied)).tables[-1].rows[0])[0]
    assert [(p.text, p.runs[0].bold) for p in agency.paragraphs] == [
        ("ỦY BAN NHÂN DÂN", False),  # the parent body, regular capitals (Phần I, mục II.2)
        ("HUYỆN GIA LỘC", False),
        ("VĂN PHÒNG HỘI", True),  # the copying body, bold capitals, broken as every header's
        ("ĐỒNG NHÂN DÂN VÀ", True),
        ("ỦY BAN NHÂN DÂN", True),
        ("_" * 15, False),
        ("Số: 05/SY-VP", False),
    ]


def test_a_vanban_document_keeps_its_sections_headers_and_footers() -> None:
    plan = vb.load(EXAMPLES / "ke_hoach_cchc_2022.yaml")
    original = vb.render(plan).to_bytes()
    copied = vb.copy_document(original, ban_sao())
    before, after = docx.Document(io.BytesIO(original)), docx.Document(io.BytesIO(copied))
    assert len(after.sections) == len(before.sections) == 2  # the plan and its Phụ lục
    old, new = body_children(original), body_children(copied)
    assert new[: len(old) - 1] == old[:-1] and new[-1] == old[-1]
    assert [m for m in members(original) if members(original)[m] != members(copied)[m]] == [
        "word/document.xml"
    ]


# --- TRÍCH SAO ----------------------------------------------------------------------------------


def test_document_blocks_number_the_body() -> None:
    blocks = vb.document_blocks(plain_docx(3))
    assert [str(b) for b in blocks] == [
        "   1  đoạn  Đoạn 1 của văn bản gốc.",
        "   2  đoạn  Đoạn 2 của văn bản gốc.",
        "   3  đoạn  Đoạn 3 của văn bản gốc.",
    ]


def test_trich_sao_keeps_the_chosen_blocks_unchanged() -> None:
    original = plain_docx(6)
    copied = vb.copy_document(original, ban_sao(hinh_thuc="trich_sao"), trich="1-2, 5")
    old, new = body_children(original), body_children(copied)
    assert new[:3] == [old[0], old[1], old[4]]
    assert new[-1] == old[-1]
    assert copy_texts(copied)[0][-1] == "Số: 05/TrS-UBND"
    assert copy_texts(copied)[1][0] == "TRÍCH SAO"
    same = vb.copy_document(original, ban_sao(hinh_thuc="trich_sao"), trich=[1, 2, 5])
    assert same == copied


@pytest.mark.parametrize(
    ("form", "trich", "message"),
    [
        ("trich_sao", None, "trich — a TRÍCH SAO copies a part of the document"),
        ("sao_y", "1", "trich — SAO Y copies the whole document"),
        ("trich_sao", "2-9", "trich — block 4 does not exist; the document has blocks 1 to 3"),
        ("trich_sao", "3-1", "trich — '3-1': a range runs from the smaller number to the larger"),
        ("trich_sao", "một", "trich — 'một' is not a block number or a range of them"),
        ("trich_sao", "1-3", "trich — every block is kept: the whole document is copied by SAO Y"),
    ],
)
def test_a_bad_trich_is_refused(form: str, trich: str | None, message: str) -> None:
    with pytest.raises(vb.BanSaoError, match=f"^the original: {message}"):
        vb.copy_document(plain_docx(3), ban_sao(hinh_thuc=form), trich=trich)


def test_trich_sao_leaves_out_a_phu_luc_with_its_section() -> None:
    plan = vb.render(vb.load(EXAMPLES / "ke_hoach_cchc_2022.yaml")).to_bytes()
    blocks = vb.document_blocks(plan)
    phu_luc = next(b.so for b in blocks if b.van_ban == "Phụ lục")
    section_end = phu_luc - 1  # the empty paragraph holding the plan's own section properties
    old = body_children(plan)
    ends = etree.fromstring(old[section_end - 1]).find(f"{W}pPr/{W}sectPr")
    assert ends is not None
    copied = vb.copy_document(plan, ban_sao(hinh_thuc="trich_sao"), trich=f"1-{section_end - 1}")
    new = body_children(copied)
    assert new[: section_end - 1] == old[: section_end - 1]
    # the kept part ends in the plan's section: its properties are now the document's last
    assert new[-1] == etree.tostring(ends, method="c14n")
    after = docx.Document(io.BytesIO(copied))
    assert len(after.sections) == 1
    assert "Phụ lục" not in [p.text for p in after.paragraphs]
    assert copy_texts(copied)[1][0] == "TRÍCH SAO"
    with pytest.raises(
        vb.BanSaoError,
        match=rf"block {section_end} ends a section of the document .* and block {phu_luc} after "
        "it is kept; keep it too",
    ):
        vb.copy_document(plan, ban_sao(hinh_thuc="trich_sao"), trich=f"1-8, {phu_luc}")


# --- bad originals --------------------------------------------------------------------------------


def _with_member(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr(name, content, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _replace_member(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, content if info.filename == name else source.read(info))
    return out.getvalue()


def test_bad_originals_are_refused_with_the_reason(tmp_path: Path) -> None:
    copy = ban_sao()
    text = tmp_path / "ghi-chu.docx"
    text.write_text("không phải docx", encoding="utf-8")
    with pytest.raises(vb.PackageError, match=r"ghi-chu.docx: not a .docx \(zip\) file"):
        vb.copy_document(text, copy)
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600)
    with pytest.raises(vb.BanSaoError, match=r"password-protected \(encrypted\) .docx or an old"):
        vb.copy_document(ole, copy)
    signed = _with_member(plain_docx(), "_xmlsignatures/sig1.xml", b"<Signature/>")
    with pytest.raises(vb.BanSaoError, match=r"is digitally signed \(_xmlsignatures/sig1.xml\)"):
        vb.copy_document(signed, copy)
    xml = members(plain_docx())["word/document.xml"].replace(
        b"<w:r><w:t>\xc4\x90o\xe1\xba\xa1n 1",
        b'<w:ins w:id="1" w:author="A" w:date="2022-01-01T00:00:00Z"><w:r><w:t>x</w:t></w:r>'
        b"</w:ins><w:r><w:t>\xc4\x90o\xe1\xba\xa1n 1",
    )
    assert b"<w:ins " in xml
    tracked = _replace_member(plain_docx(), "word/document.xml", xml)
    with pytest.raises(vb.BanSaoError, match=r"holds 1 tracked change\(s\)"):
        vb.copy_document(tracked, copy)
    not_word = _replace_member(
        plain_docx(), "word/document.xml", b'<?xml version="1.0"?><workbook xmlns="urn:x"/>'
    )
    with pytest.raises(vb.BanSaoError, match=r"not a Word document \(its main part"):
        vb.copy_document(not_word, copy)
    with pytest.raises(vb.BanSaoError, match=r"thieu.docx: No such file or directory"):
        vb.copy_document(tmp_path / "thieu.docx", copy)


def test_a_hostile_original_meets_the_package_limits() -> None:
    bomb = _with_member(plain_docx(), "word/media/bom.bin", bytes(8 * 1024 * 1024))
    with pytest.raises(vb.PackageError, match=r"inflates more than 100 times"):
        vb.copy_document(bomb, ban_sao())


# --- through LibreOffice --------------------------------------------------------------------------


def _libreoffice_docx(soffice: str, source: Path, out_dir: Path) -> Path:
    """``source`` saved again as .docx by LibreOffice (its own writer, not python-docx's)."""
    profile = out_dir / "profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out_dir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return out_dir / f"{source.stem}.docx"


@pytest.mark.soffice
def test_the_block_stays_on_the_last_page_or_moves_whole(soffice: str, tmp_path: Path) -> None:
    copy = ban_sao()
    marks = ("ỦY BAN NHÂN DÂN", "SAO Y", "Số: 05/SY-UBND", "Nơi nhận:", "PHÓ CHỦ TỊCH", "Họ và tên")
    with PdfConverter(timeout=120) as converter:
        short = tmp_path / "ngan.docx"
        short.write_bytes(vb.copy_document(plain_docx(5), copy))
        long = tmp_path / "dai.docx"  # the last page too full for the block
        long.write_bytes(vb.copy_document(plain_docx(22), copy))
        alone = tmp_path / "goc.docx"
        alone.write_bytes(plain_docx(22))
        short_pages = pdf_pages(converter.convert(short))
        long_pages = pdf_pages(converter.convert(long))
        original_pages = pdf_pages(converter.convert(alone))
    assert len(short_pages) == 1
    assert all(any(mark in line for line in short_pages[0]) for mark in marks)
    assert len(original_pages) == 1 and len(long_pages) == 2
    assert long_pages[0] == original_pages[0]  # the original's page as it was
    assert all(any(mark in line for line in long_pages[1]) for mark in marks)


@pytest.mark.soffice
def test_a_libreoffice_docx_of_the_decree_is_copied(soffice: str, tmp_path: Path) -> None:
    if not REFERENCE.exists():
        pytest.skip(f"the decree's Word file is not here: {REFERENCE}")
    made = _libreoffice_docx(soffice, REFERENCE, tmp_path)
    original = made.read_bytes()
    copied = vb.copy_document(made, ban_sao(hinh_thuc="sao_luc"))
    old, new = body_children(original), body_children(copied)
    assert new[: len(old) - 1] == old[:-1] and new[-1] == old[-1]
    assert [m for m in members(original) if members(original)[m] != members(copied)[m]] == [
        "word/document.xml"
    ]
    before, after = docx.Document(made), docx.Document(io.BytesIO(copied))
    assert len(after.sections) == len(before.sections)
    assert copy_texts(copied)[1][0] == "SAO LỤC"
    target = tmp_path / "ban-sao.docx"
    target.write_bytes(copied)
    with PdfConverter(timeout=300) as converter:
        pages = pdf_pages(converter.convert(target))
        original_pages = pdf_pages(converter.convert(made))
    assert pages[: len(original_pages) - 1] == original_pages[:-1]
    last = pages[-1] if len(pages) > len(original_pages) else pages[len(original_pages) - 1]
    assert "SAO LỤC" in last and "Số: 05/SL-UBND" in last and "Họ và tên" in last


@pytest.mark.soffice
def test_a_vanban_document_keeps_its_page_numbers(soffice: str, tmp_path: Path) -> None:
    from pypdf import PdfReader

    plan = vb.load(EXAMPLES / "ke_hoach_cchc_2022.yaml")
    original = vb.render(plan).save(tmp_path / "kh.docx")
    copied = tmp_path / "kh-sao-y.docx"
    copied.write_bytes(vb.copy_document(original, ban_sao()))
    with PdfConverter(timeout=120) as converter:
        before = PdfReader(converter.convert(original))
        after = PdfReader(converter.convert(copied))
    first_lines = [p.extract_text().splitlines()[0].strip() for p in after.pages]
    assert first_lines[:-1] == [p.extract_text().splitlines()[0].strip() for p in before.pages][:-1]
    assert first_lines[1] == "2"  # page numbers from page 2 (Phụ lục I, mục I.7)
    last = after.pages[-1].extract_text()
    assert "SAO Y" in last and "Số: 05/SY-UBND" in last


# --- vanban copy ----------------------------------------------------------------------------------


def test_cli_copies_from_a_data_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    original = tmp_path / "goc.docx"
    original.write_bytes(plain_docx())
    out = tmp_path / "ban-sao.docx"
    assert main(["copy", str(original), "--data", str(EXAMPLE), "-o", str(out)]) == 0
    said = capsys.readouterr()
    assert said.out.strip() == f"{out}  (SAO Y số 05/SY-UBND)"
    assert copy_texts(out.read_bytes())[1][0] == "SAO Y"
    # an existing output is not written over silently
    assert main(["copy", str(original), "--data", str(EXAMPLE), "-o", str(out)]) == 2
    assert "already exists; choose another name, or replace it (--overwrite)" in (
        capsys.readouterr().err
    )
    assert main(["copy", str(original), "--data", str(EXAMPLE), "-o", str(out), "--overwrite"]) == 0
    # nor the original
    assert main(["copy", str(original), "--data", str(EXAMPLE), "-o", str(original)]) == 2
    assert "is the original" in capsys.readouterr().err


def test_cli_flags_override_the_data_file_and_list_blocks(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    original = tmp_path / "goc.docx"
    original.write_bytes(plain_docx(4))
    assert main(["copy", str(original), "--list"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "   1  đoạn  Đoạn 1 của văn bản gốc."
    out = tmp_path / "trich.docx"
    code = main(
        [
            "copy",
            str(original),
            "--data",
            str(EXAMPLE),
            "--hinh-thuc",
            "trich-sao",
            "--trich",
            "1-2",
            "--so",
            "7",
            "--ngay",
            "2022-03-11",
            "-o",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr().err
    texts = copy_texts(out.read_bytes())
    assert texts[0][-1] == "Số: 07/TrS-UBND"
    assert texts[1] == ["TRÍCH SAO", "Gia Lương, ngày 11 tháng 3 năm 2022"]


def test_cli_bad_input_has_no_traceback(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = tmp_path / "ghi-chu.txt"
    text.write_text("không phải docx", encoding="utf-8")
    out = tmp_path / "x.docx"
    assert main(["copy", str(text), "--data", str(EXAMPLE), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("vanban: ") and "not a .docx (zip) file" in err
    assert "Traceback" not in err and not out.exists()
    original = tmp_path / "goc.docx"
    original.write_bytes(plain_docx())
    assert main(["copy", str(original), "--data", str(EXAMPLE), "--so", "0", "-o", str(out)]) == 2
    assert "so: 0 — copies are numbered from 01" in capsys.readouterr().err
    assert main(["copy", str(original), "-o", str(out)]) == 2
    assert "give --data" in capsys.readouterr().err


# --- Mẫu 3.2: the box written on a PDF ------------------------------------------------------------


def blank_pdf(width: float = 595.28, height: float = 841.89) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width, height)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def placed_text(pdf: bytes) -> list[tuple[str, float, float, float]]:
    """Each text piece of page 1 with its x, y and size in points, read back with pypdf."""
    from pypdf import PdfReader

    pieces: list[tuple[str, float, float, float]] = []

    def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
        if text.strip():
            pieces.append((text.strip(), round(tm[4], 1), round(tm[5], 1), size * tm[0]))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    return pieces


SIGNED_AT = datetime(2022, 3, 10, 9, 15, 2, tzinfo=timezone(timedelta(hours=7)))


def test_the_box_is_written_top_right_in_10_pt() -> None:
    from pyhanko.pdf_utils.writer import PdfFileWriter
    from pypdf import PdfReader

    from vanban.ky_so.font import Font

    hop = ban_sao().hop_dien_tu(SIGNED_AT)
    stamped = vb.stamp_ban_sao_dien_tu(blank_pdf(), hop)
    text = PdfReader(io.BytesIO(stamped)).pages[0].extract_text()
    assert text == "SAO Y; Ủy ban nhân dân xã Gia Lương; 2022-03-10T09:15:02+07:00"
    [(_, x, y, size)] = placed_text(stamped)
    face = Font(PdfFileWriter(), 10)
    mm = 72 / 25.4
    assert size == 10
    assert x + face.width(hop) == pytest.approx(595.28 - 15 * mm, abs=0.05)  # right margin
    assert y == pytest.approx(841.89 - 10 * mm - face.ascent * 10, abs=0.05)  # in the top margin


def test_a_long_box_breaks_after_a_semicolon() -> None:
    hop = vb.hop_ban_sao_dien_tu(
        "trich_sao", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện Gia Lộc", SIGNED_AT
    )
    stamped = vb.stamp_ban_sao_dien_tu(blank_pdf(width=420, height=595), hop)  # A5
    lines = [piece[0] for piece in placed_text(stamped)]
    assert lines == [
        "TRÍCH SAO;",
        "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện Gia Lộc;",
        "2022-03-10T09:15:02+07:00",
    ]


def test_the_box_refuses_a_signed_an_encrypted_and_a_broken_pdf() -> None:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, NumberObject

    hop = ban_sao().hop_dien_tu(SIGNED_AT)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(blank_pdf())))
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {NameObject("/SigFlags"): NumberObject(3)}
    )
    signed = io.BytesIO()
    writer.write(signed)
    with pytest.raises(vb.BanSaoDienTuError, match="the PDF is already signed"):
        vb.stamp_ban_sao_dien_tu(signed.getvalue(), hop)
    locked = PdfWriter(clone_from=PdfReader(io.BytesIO(blank_pdf())))
    locked.encrypt("mat-khau", algorithm="RC4-128")
    encrypted = io.BytesIO()
    locked.write(encrypted)
    with pytest.raises(vb.BanSaoDienTuError, match="the PDF is encrypted"):
        vb.stamp_ban_sao_dien_tu(encrypted.getvalue(), hop)
    with pytest.raises(vb.BanSaoDienTuError, match="not a PDF that can be read"):
        vb.stamp_ban_sao_dien_tu(b"%PDF-1.4 not really", hop)
    with pytest.raises(vb.BanSaoDienTuError, match=r"'中' \(U\+4E2D\) is not in the font"):
        vb.stamp_ban_sao_dien_tu(blank_pdf(), "SAO Y; \u4e2d; 2022")


def test_the_example_meets_the_schema_vanban_copy_prints(
    capsys: pytest.CaptureFixture[str],
) -> None:
    import json

    import yaml
    from jsonschema import Draft202012Validator

    assert main(["copy", "--schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema == vb.BanSao.json_schema()
    example = json.loads(
        json.dumps(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")), default=str)
    )
    assert list(Draft202012Validator(schema).iter_errors(example)) == []
    assert vb.BanSao.from_dict(example).so_ky_hieu_in == "05/SY-UBND"
    assert main(["copy", "--data", str(EXAMPLE)]) == 2
    assert "give the .docx to copy" in capsys.readouterr().err

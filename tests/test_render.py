"""Rendered documents read back with python-docx: text and formatting of every ND30 component."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

import vanban as vb
from vanban.typeset import page
from vanban.typeset.metrics import rule_width_pt, text_width_pt

from .conftest import read_back

BODY_STYLE = {"muc": "Muc", "khoan_tieu_de": "Khoan tieu de", "khoan": "Khoan", "diem": "Diem", "y": "Y", "doan": "Doan"}  # fmt: skip
# The body's last paragraph is kept with the signature block: its level's "... cuoi" style.
LAST_STYLE = {"khoan": "Khoan cuoi", "diem": "Diem cuoi", "y": "Y cuoi", "doan": "Doan cuoi"}


def cell_texts(document: Document, table: int, row: int, col: int) -> list[str]:
    return [p.text for p in document.tables[table].cell(row, col).paragraphs]


def body_paragraphs(document: Document) -> list[tuple[str, str]]:
    """(style, text) of the paragraphs between the title block and the signature table (a Phụ
    lục, after the signature, is not the document's body)."""
    out = []
    started = False
    for p in document.paragraphs:
        if p.style.name == "Phu luc":
            break
        if p.style.name == "Duong ke" and started is False and p.text:
            started = True
            continue
        if (
            started
            and p.text
            and p.style.name
            in {*BODY_STYLE.values(), *LAST_STYLE.values(), "Can cu", "Kinh gui", "Kinh gui muc"}
        ):
            out.append((p.style.name, p.text))
    return out


def test_page_setup(ke_hoach_docx: Document) -> None:
    section = ke_hoach_docx.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert section.page_width < section.page_height  # portrait
    assert 20 <= round(section.top_margin.mm, 1) <= 25
    assert 20 <= round(section.bottom_margin.mm, 1) <= 25
    assert 30 <= round(section.left_margin.mm, 1) <= 35
    assert 15 <= round(section.right_margin.mm, 1) <= 20
    assert section.header_distance < section.top_margin  # page number inside the top margin


def test_page_numbers_from_page_two(ke_hoach_docx: Document) -> None:
    section = ke_hoach_docx.sections[0]
    assert section.different_first_page_header_footer is True
    first = section.first_page_header._element
    assert not [e for e in first.iter(qn("w:instrText")) if "PAGE" in (e.text or "")]
    header = section.header
    instructions = [e.text for e in header._element.iter(qn("w:instrText"))]
    assert instructions == [" PAGE "]
    paragraph = header.paragraphs[0]
    assert paragraph.style.name == "So trang"
    assert paragraph.style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert paragraph.style.font.size == Pt(14)
    assert not paragraph.style.font.bold and not paragraph.style.font.italic


def test_times_new_roman_named_explicitly(ke_hoach_docx: Document) -> None:
    styles = ke_hoach_docx.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    for script in ("ascii", "hAnsi", "cs", "eastAsia"):
        assert fonts.get(qn(f"w:{script}")) == "Times New Roman"
    for element in styles.iter(qn("w:rFonts")):
        assert not [a for a in element.attrib if "Theme" in a], "no theme fonts"
    for name in ("Quoc hieu", "Co quan", "Doan", "Noi nhan", "Ho ten ky"):
        assert ke_hoach_docx.styles[name].font.name == "Times New Roman"
    assert defaults.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"


@pytest.mark.parametrize(
    ("style", "size", "bold", "italic", "align"),
    [
        ("Quoc hieu", 12, True, False, "CENTER"),
        ("Tieu ngu", 13, True, False, "CENTER"),
        ("Co quan chu quan", 13, False, False, "CENTER"),
        ("Co quan", 13, True, False, "CENTER"),
        ("So ky hieu", 13, False, False, "CENTER"),
        ("Dia danh ngay thang", 13, False, True, "CENTER"),
        ("Ten loai", 14, True, False, "CENTER"),
        ("Trich yeu", 14, True, False, "CENTER"),
        ("Can cu", 14, False, True, "JUSTIFY"),
        ("Muc", 14, True, False, "JUSTIFY"),
        ("Khoan tieu de", 14, True, False, "JUSTIFY"),
        ("Khoan", 14, False, False, "JUSTIFY"),
        ("Diem", 14, False, False, "JUSTIFY"),
        ("Doan", 14, False, False, "JUSTIFY"),
        ("Y", 14, False, False, "JUSTIFY"),
        ("Noi nhan tieu de", 12, True, True, "LEFT"),
        ("Noi nhan", 11, False, False, "LEFT"),
        ("Chuc vu ky", 14, True, False, "CENTER"),
        ("Ho ten ky", 14, True, False, "CENTER"),
    ],
)
def test_component_styles(
    ke_hoach_docx: Document, style: str, size: int, bold: bool, italic: bool, align: str
) -> None:
    """Sizes and styles of NĐ 30/2020, Phụ lục I, mục II and the table of mục V."""
    s = ke_hoach_docx.styles[style]
    assert s.font.size == Pt(size)
    assert bool(s.font.bold) is bold
    assert bool(s.font.italic) is italic
    assert s.paragraph_format.alignment == getattr(WD_ALIGN_PARAGRAPH, align)


@pytest.mark.parametrize("style", ["Can cu", "Muc", "Khoan tieu de", "Khoan", "Diem", "Doan", "Y"])
def test_body_paragraph_format(ke_hoach_docx: Document, style: str) -> None:
    """Body: first-line indent 1-1.27 cm, >= 6 pt between paragraphs, single to 1.5 lines (II.6.e)."""
    fmt = ke_hoach_docx.styles[style].paragraph_format
    assert Cm(1) <= fmt.first_line_indent <= Cm(1.27)
    assert fmt.space_after >= Pt(6)
    assert 1.0 <= fmt.line_spacing <= 1.5


def test_header_grid(ke_hoach_docx: Document) -> None:
    table = ke_hoach_docx.tables[0]
    assert len(table.rows) == 2 and len(table.columns) == 2
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    agency = cell_texts(ke_hoach_docx, 0, 0, 0)
    assert agency[:2] == ["ỦY BAN NHÂN DÂN", "XÃ GIA LƯƠNG"]
    assert set(agency[2]) == {"_"}
    national = cell_texts(ke_hoach_docx, 0, 0, 1)
    assert national[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert cell_texts(ke_hoach_docx, 0, 1, 0) == ["Số: 49/KH-UBND"]
    assert cell_texts(ke_hoach_docx, 0, 1, 1) == ["Gia Lương, ngày 29 tháng 01 năm 2022"]
    styles = [p.style.name for p in table.cell(0, 0).paragraphs]
    assert styles == ["Co quan", "Co quan", "Duong ke"]
    assert table.cell(1, 1).paragraphs[0].style.name == "Dia danh ngay thang"


def test_parent_body_line(ke_hoach: vb.KeHoach) -> None:
    co_quan = ke_hoach.co_quan.model_copy(update={"chu_quan": "UBND huyện Gia Lộc"})
    document = read_back(vb.render(ke_hoach.model_copy(update={"co_quan": co_quan})))
    paragraphs = document.tables[0].cell(0, 0).paragraphs
    assert [(p.style.name, p.text) for p in paragraphs[:3]] == [
        ("Co quan chu quan", "UBND HUYỆN GIA LỘC"),
        ("Co quan", "ỦY BAN NHÂN DÂN"),
        ("Co quan", "XÃ GIA LƯƠNG"),
    ]


def _rule_ratio(rule: str, lines: list[str], size: float) -> float:
    return rule_width_pt(rule) / max(text_width_pt(line, size, bold=True) for line in lines)


def test_rules_under_name_motto_and_trich_yeu(ke_hoach_docx: Document) -> None:
    """Rules: 1/3-1/2 of the name and trích yếu lines (II.2.b, II.5.b), motto-long (II.1.b)."""
    agency = cell_texts(ke_hoach_docx, 0, 0, 0)
    assert 1 / 3 <= _rule_ratio(agency[2], agency[:2], page.SIZE_CO_QUAN) <= 1 / 2
    national = cell_texts(ke_hoach_docx, 0, 0, 1)
    assert _rule_ratio(national[2], [national[1]], page.SIZE_TIEU_NGU) == pytest.approx(1, abs=0.03)
    titles = [
        p for p in ke_hoach_docx.paragraphs if p.style.name in ("Ten loai", "Trich yeu", "Duong ke")
    ]
    assert [p.text for p in titles[:2]] == ["KẾ HOẠCH", "Cải cách hành chính nhà nước năm 2022"]
    assert 1 / 3 <= _rule_ratio(titles[2].text, [titles[1].text], page.SIZE_TRICH_YEU) <= 1 / 2


def test_body_in_order_with_one_style_per_level(
    ke_hoach: vb.KeHoach, ke_hoach_docx: Document
) -> None:
    expected = [(BODY_STYLE[p["kieu"]], p["dong"]) for p in ke_hoach.context()["noi_dung"]]
    last = ke_hoach.context()["noi_dung"][-1]
    expected[-1] = (LAST_STYLE[last["kieu"]], last["dong"])
    assert body_paragraphs(ke_hoach_docx) == expected


def test_signature_block(ke_hoach_docx: Document) -> None:
    table = ke_hoach_docx.tables[1]
    left = table.cell(0, 0).paragraphs
    assert left[0].text == "Nơi nhận:" and left[0].style.name == "Noi nhan tieu de"
    assert [p.text for p in left[1:]] == [
        "- UBND huyện;",
        "- Phòng Nội vụ huyện (để báo cáo);",
        "- TT HĐND xã;",
        "- Lãnh đạo UBND xã;",
        "- Công chức UBND xã;",
        "- Đài Truyền thanh xã;",
        "- Lưu: VT, VP.",
    ]
    assert {p.style.name for p in left[1:]} == {"Noi nhan"}
    right = [(p.style.name, p.text) for p in table.cell(0, 1).paragraphs if p.text]
    assert right == [
        ("Chuc vu ky", "TM. ỦY BAN NHÂN DÂN"),
        ("Chuc vu ky", "CHỦ TỊCH"),
        ("Ho ten ky", "Đoàn Thanh Bình"),
    ]
    assert table._tbl.tblPr.find(qn("w:tblBorders")) is not None
    assert table.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


def test_bao_cao_kinh_gui_and_nhu_tren(bao_cao_docx: Document) -> None:
    kinh_gui = [p.text for p in bao_cao_docx.paragraphs if p.style.name == "Kinh gui"]
    assert kinh_gui == ["Kính gửi: Ủy ban nhân dân huyện Gia Lộc"]
    left = [p.text for p in bao_cao_docx.tables[1].cell(0, 0).paragraphs]
    assert left[1] == "- Như trên;"
    assert left[-1] == "- Lưu: VT, VP."
    assert [p.text for p in bao_cao_docx.paragraphs if p.style.name == "Ten loai"] == ["BÁO CÁO"]


def test_bao_cao_several_recipients(bao_cao: vb.BaoCao) -> None:
    document = bao_cao.model_copy(update={"kinh_gui": ["UBND huyện Gia Lộc", "Phòng Nội vụ huyện"]})
    out = read_back(vb.render(document))
    assert [
        (p.style.name, p.text) for p in out.paragraphs if p.style.name.startswith("Kinh gui")
    ] == [
        ("Kinh gui tieu de", "Kính gửi:"),
        ("Kinh gui muc", "- UBND huyện Gia Lộc;"),
        ("Kinh gui muc cuoi", "- Phòng Nội vụ huyện."),
    ]
    indent = out.styles["Kinh gui muc"].paragraph_format.left_indent
    assert indent > out.styles["Kinh gui"].paragraph_format.left_indent


def test_no_template_tags_left(ke_hoach_docx: Document, bao_cao_docx: Document) -> None:
    for document in (ke_hoach_docx, bao_cao_docx):
        xml = document.element.xml
        assert "{{" not in xml and "{%" not in xml and "}}" not in xml


def test_core_properties(ke_hoach_docx: Document) -> None:
    props = ke_hoach_docx.core_properties
    assert props.title == "Cải cách hành chính nhà nước năm 2022"
    assert props.author == "Ủy ban nhân dân xã Gia Lương"
    assert props.subject == "49/KH-UBND"
    assert props.keywords == "Kế hoạch"
    assert props.created.date().isoformat() == "2022-01-29"
    assert "python-docx" not in (props.author, props.last_modified_by, props.comments)


def test_values_are_escaped(ke_hoach: vb.KeHoach) -> None:
    tricky = "Kế hoạch <b>&amp; \"trích\" 'yếu' & </w:t>"
    out = read_back(vb.render(ke_hoach.model_copy(update={"trich_yeu": tricky})))
    assert tricky in [p.text for p in out.paragraphs]


def test_unstorable_character_in_a_plain_context_names_it() -> None:
    with pytest.raises(vb.UnstorableCharacterError, match=r"co_quan\.dong\[1\]: holds U\+0007"):
        vb.render({"co_quan": {"dong": ["A", "B\x07"]}}, template="ke_hoach")


def test_missing_variables_are_all_named(ke_hoach: vb.KeHoach) -> None:
    context = ke_hoach.context()
    for name in ("so_ky_hieu", "trich_yeu", "duong_ke"):
        context.pop(name, None)
    context["chu_ky"] = {"dong": ["CHỦ TỊCH"]}
    with pytest.raises(vb.MissingVariablesError) as caught:
        vb.render(context, template=vb.builtin_template("ke_hoach"))
    names = caught.value.names
    assert names[:2] == ("duong_ke", "so_ky_hieu")
    assert "trich_yeu" in names
    assert any(n.startswith("ho_ten (in a mapping with keys dong)") for n in names)
    assert "mau_1_4.docx" in str(caught.value)


def test_user_template(tmp_path: Path, ke_hoach: vb.KeHoach) -> None:
    """A user's own template gets the same variables and filters."""
    template = docx.Document()
    template.add_paragraph(
        "{{ so_ky_hieu }} | {{ ngay | ngay_thang }} | {{ co_quan.ten | viet_hoa }}"
    )
    template.add_paragraph("{%p for doan in noi_dung %}")
    template.add_paragraph("{{ doan.dong }}")
    template.add_paragraph("{%p endfor %}")
    path = tmp_path / "mine.docx"
    template.save(str(path))
    out = read_back(vb.render(ke_hoach, template=path))
    texts = [p.text for p in out.paragraphs]
    assert texts[0] == "49/KH-UBND | ngày 29 tháng 01 năm 2022 | ỦY BAN NHÂN DÂN XÃ GIA LƯƠNG"
    assert texts[1:3] == [ke_hoach.context()["noi_dung"][0]["dong"], "I. MỤC ĐÍCH, YÊU CẦU"]
    assert vb.render(ke_hoach, template=path.read_bytes()).to_bytes()[:2] == b"PK"


def test_template_errors(tmp_path: Path, ke_hoach: vb.KeHoach) -> None:
    template = docx.Document()
    template.add_paragraph("{% for x in noi_dung %}{{ x.dong }}")
    path = tmp_path / "broken.docx"
    template.save(str(path))
    message = "broken.docx: word/document.xml: template syntax error: Unexpected end of template"
    with pytest.raises(vb.TemplateError, match=re.escape(message)) as caught:
        vb.render(ke_hoach, template=path)
    assert "near: '{% for x in noi_dung %}{{ x.dong }}'" in str(caught.value)
    with pytest.raises(vb.TemplateError, match="not a file nor a built-in template"):
        vb.render(ke_hoach, template=tmp_path / "absent.docx")
    with pytest.raises(vb.TemplateError, match="plain context has no kind"):
        vb.render({"a": 1})


def test_save_is_atomic(
    tmp_path: Path, ke_hoach: vb.KeHoach, monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered = vb.render(ke_hoach)
    target = tmp_path / "sub" / "plan.docx"
    assert rendered.save(target) == target
    assert target.read_bytes() == rendered.to_bytes()
    assert zipfile.ZipFile(target).testzip() is None
    assert os.stat(target).st_mode & 0o777 == 0o666 & ~_umask()
    # A failure while writing leaves the old file untouched and no temporary file behind.
    old = target.read_bytes()

    def boom(fd: int) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "fsync", boom)
    with pytest.raises(OSError, match="disk full"):
        vb.Rendered(b"new").save(target)
    assert target.read_bytes() == old
    assert sorted(p.name for p in target.parent.iterdir()) == ["plan.docx"]
    # durable=False: the same atomic rename, without the fsync (which would fail here).
    assert vb.Rendered(b"new").save(target, durable=False) == target
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in target.parent.iterdir()) == ["plan.docx"]
    assert os.stat(target).st_mode & 0o777 == 0o666 & ~_umask()


def test_save_takes_the_next_temporary_name_when_one_is_left_by_a_crash(
    tmp_path: Path, ke_hoach: vb.KeHoach, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A temporary file a crashed run left under the name about to be used is neither
    overwritten nor a reason to fail: the next name is taken, and the leftover stays."""
    import importlib
    import itertools

    render_module = importlib.import_module("vanban.render")  # the module, not vb.render

    monkeypatch.setattr(render_module, "_TEMP_NUMBERS", itertools.count(7))
    leftover = tmp_path / f"{render_module.TEMP_PREFIX}plan.docx.{os.getpid()}-7.tmp"
    leftover.write_bytes(b"left by a crash")
    target = tmp_path / "plan.docx"
    vb.render(ke_hoach).save(target)
    assert zipfile.ZipFile(target).testzip() is None
    assert leftover.read_bytes() == b"left by a crash"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["plan.docx", leftover.name])


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def test_to_bytes_reads_back(ke_hoach: vb.KeHoach) -> None:
    data = vb.render(ke_hoach).to_bytes()
    assert docx.Document(io.BytesIO(data)).paragraphs


def test_a_filter_refusing_its_value_is_a_template_error(
    tmp_path: Path, ke_hoach: vb.KeHoach
) -> None:
    template = docx.Document()
    template.add_paragraph("{{ so | int | chu_cai }}")
    path = tmp_path / "letters.docx"
    template.save(str(path))
    with pytest.raises(
        vb.TemplateError,
        match=r"letters\.docx: a value the template filters was refused: chu_cai: 49 is out of range",
    ):
        vb.render(ke_hoach, template=path)

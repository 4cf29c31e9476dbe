"""Phụ lục (Mẫu 2.1) on every layout: numbered only when there are two or more, the title in
capitals, the "(Kèm theo …)" line from the parent document, content with tables, each a section
of its own whose pages are numbered on their own (Phụ lục I, mục III.1.đ)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.enum.section import WD_SECTION
from pypdf import PdfReader

import vanban as vb
from vanban.errors import ValidationError
from vanban.pdf import PdfConverter
from vanban.render.context import build_context

from .conftest import EXAMPLES, KE_HOACH_YAML
from .test_ooxml_order import package_problems
from .test_template import assert_same_as_docxtpl

KEM_THEO = (
    "(Kèm theo Kế hoạch số 49/KH-UBND ngày 29 tháng 01 năm 2022 của Ủy ban nhân dân xã Gia Lương)"
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
TABLE = {"bang": "Bảng", "dau": [["STT", "Nhiệm vụ"]], "dong": [[1, "Rà soát"], [2, "Công khai"]]}


def plan(phu_luc: list[dict[str, Any]], **changes: Any) -> vb.VanBan:
    data = yaml.safe_load(KE_HOACH_YAML.read_text(encoding="utf-8"))
    data.update(phu_luc=phu_luc, **changes)
    return vb.from_dict(data)


def paragraphs(document: vb.VanBan) -> list[tuple[str, str, bool]]:
    """Each paragraph's style and text, and whether it opens a section (the paragraph before it
    ends one: a paragraph-level w:sectPr) or a page (page break before)."""
    rendered = docx.Document(io.BytesIO(vb.render(document).to_bytes()))
    out = []
    previous = None
    for p in rendered.paragraphs:
        opens = previous is not None and previous._p.find(f"{W}pPr/{W}sectPr") is not None
        opens = opens or bool(
            p.paragraph_format.page_break_before or p.style.paragraph_format.page_break_before
        )
        # the 1 pt paragraphs that end a section hold nothing: leave them out
        if p._p.find(f"{W}pPr/{W}sectPr") is None:
            out.append((p.style.name, p.text, opens))
        previous = p
    return out


def test_one_phu_luc_has_no_number() -> None:
    document = plan([{"phu_luc": "Khung kế hoạch", "noi_dung": ["Đoạn một.", TABLE]}])
    out = paragraphs(document)
    start = next(i for i, (style, _, _) in enumerate(out) if style == "Phu luc")
    assert out[start : start + 5] == [
        ("Phu luc", "Phụ lục", True),
        ("Phu luc tieu de", "KHUNG KẾ HOẠCH", False),
        ("Kem theo", KEM_THEO, False),
        ("Duong ke", out[start + 3][1], False),
        ("Doan", "Đoạn một.", False),
    ]
    assert set(out[start + 3][1]) == {"_"}
    # the plan's body ends with "./.", and so does the Phụ lục's content (the last line of the
    # sample Mẫu 2.1 ends "/."): here a table, so "./." stands on its own line under it
    assert [t for s, t, _ in out[:start] if t.endswith("./.")]
    assert out[-1][1] == "./."
    rendered = docx.Document(io.BytesIO(vb.render(document).to_bytes()))
    table = rendered.tables[-1]
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["STT", "Nhiệm vụ"],
        ["1", "Rà soát"],
        ["2", "Công khai"],
    ]


def test_two_phu_luc_are_numbered_in_roman() -> None:
    document = plan(
        [{"phu_luc": "Một", "noi_dung": ["a"]}, {"phu_luc": "Hai", "noi_dung": [TABLE]}]
    )
    heads = [(t, brk) for s, t, brk in paragraphs(document) if s == "Phu luc"]
    assert heads == [("Phụ lục I", True), ("Phụ lục II", True)]


@pytest.mark.parametrize(
    ("phu_luc", "message"),
    [
        ([{"phu_luc": "Trống", "noi_dung": []}], "phu_luc[0].noi_dung: empty"),
        ([{"noi_dung": ["a"]}], "phu_luc[0].phu_luc"),
        (
            [{"phu_luc": "X", "noi_dung": [{"bang": "B", "dong": [[1, 2], [3]]}]}],
            "dong[1]: 1 cells",
        ),
    ],
)
def test_bad_phu_luc_refused(phu_luc: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("[", r"\[").replace("]", r"\]")):
        plan(phu_luc)


def test_a_phu_luc_needs_the_number_of_its_document() -> None:
    # The "(Kèm theo … số …)" line names the document by its number (Mẫu 2.1): without one the
    # document is refused, naming so.
    data = yaml.safe_load(KE_HOACH_YAML.read_text(encoding="utf-8"))
    del data["so"]
    data["phu_luc"] = [{"phu_luc": "Khung", "noi_dung": ["a"]}]
    with pytest.raises(ValidationError, match=r"\bso\b"):
        vb.from_dict(data)


# --- each Phụ lục a section of its own, numbered on its own (Phụ lục I, mục III.1.đ) --------------

LIEN_HE = {"dia_chi": "Xã Gia Lương, huyện Gia Lộc, tỉnh Hải Dương", "dien_thoai": "0220 3711 111"}
LIEN_HE_DONG = "Địa chỉ: Xã Gia Lương, huyện Gia Lộc, tỉnh Hải Dương; Điện thoại: 0220 3711 111"
LONG = [  # about 20 lines a page: 45 two-line paragraphs fill three pages and a bit
    f"Đoạn {i} của phụ lục, đủ dài để chiếm hai dòng trên trang giấy khổ A4 trình bày "
    "theo thể thức của Nghị định số 30/2020/NĐ-CP."
    for i in range(1, 46)
]


def sections_of(document: vb.VanBan) -> list[Any]:
    return list(docx.Document(io.BytesIO(vb.render(document).to_bytes())).sections)


def restart(section: Any) -> str | None:
    number = section._sectPr.find(f"{W}pgNumType")
    return None if number is None else number.get(f"{W}start")


def footer_text(part: Any) -> str:
    return "\n".join(p.text for p in part.paragraphs)


@pytest.mark.parametrize(
    "example",
    ["ke_hoach_cchc_2022.yaml", "cong_van_3722_vpcp_cn.yaml", "quyet_dinh_phe_duyet_ke_hoach.yaml"],
)
def test_a_document_without_phu_luc_is_one_section(example: str) -> None:
    data = yaml.safe_load((EXAMPLES / example).read_text(encoding="utf-8"))
    data.pop("phu_luc", None)
    rendered = docx.Document(io.BytesIO(vb.render(vb.from_dict(data)).to_bytes()))
    [section] = rendered.sections
    assert rendered.element.body.findall(f"{W}p/{W}pPr/{W}sectPr") == []
    # numbered from 1 (as a first section is anyway), none on page 1, "PAGE" at the top of the rest
    assert restart(section) == "1" and section.different_first_page_header_footer
    assert (
        "PAGE" in section.header._element.xml
        and "PAGE" not in section.first_page_header._element.xml
    )


def test_each_phu_luc_is_a_section_numbered_from_one_without_o_11_and_13() -> None:
    document = plan(
        [{"phu_luc": "Một", "noi_dung": ["a"]}, {"phu_luc": "Hai", "noi_dung": [TABLE]}],
        lien_he=LIEN_HE,
        pham_vi_luu_hanh="luu_hanh_noi_bo",
    )
    # the section properties in the schema's order (ECMA-376 Part 1, §17.6.17)
    assert package_problems(vb.render(document).to_bytes()) == []
    own, first, second = sections_of(document)
    # the document's own section: numbered on from page 1, ô 13 at the foot of its page 1
    assert restart(own) is None and own.different_first_page_header_footer
    assert footer_text(own.first_page_footer) == LIEN_HE_DONG
    # and ô 11 in the top margin of its page 1 (Phụ lục I, mục III.2.c, IV.2)
    assert footer_text(own.first_page_header) == "LƯU HÀNH NỘI BỘ"
    for section in (first, second):
        assert section.start_type == WD_SECTION.NEW_PAGE
        assert restart(section) == "1" and section.different_first_page_header_footer
        # its first page: no number, no ô 13; its later pages: the number at the top centre
        assert footer_text(section.first_page_footer) == ""
        assert footer_text(section.first_page_header) == ""
        assert "PAGE" not in section.first_page_header._element.xml
        assert "PAGE" in section.header._element.xml
        assert footer_text(section.footer) == ""


@pytest.mark.parametrize(
    "example",
    ["ke_hoach_cchc_2022.yaml", "cong_van_3722_vpcp_cn.yaml", "quyet_dinh_phe_duyet_ke_hoach.yaml"],
)
def test_the_sections_and_footers_render_as_docxtpl_renders_them(example: str) -> None:
    # the fast renderer splits document.xml around w:body; the paragraph-level w:sectPr and the
    # body's last one go through it, and the footers of ô 13 are templated parts of their own
    data = yaml.safe_load((EXAMPLES / example).read_text(encoding="utf-8"))
    data.update(
        phu_luc=[{"phu_luc": "Một", "noi_dung": ["a"]}, {"phu_luc": "Hai", "noi_dung": [TABLE]}],
        lien_he=LIEN_HE,
    )
    document = vb.from_dict(data)
    template = vb.builtin_template(document.loai).read_bytes()
    assert_same_as_docxtpl(template, build_context(document))


def test_the_kem_theo_line_names_each_kind_and_its_issuing_body() -> None:
    phu_luc = [{"phu_luc": "Danh sách", "noi_dung": ["Nội dung phụ lục."]}]
    letter = yaml.safe_load((EXAMPLES / "cong_van_3722_vpcp_cn.yaml").read_text(encoding="utf-8"))
    decision = yaml.safe_load(
        (EXAMPLES / "quyet_dinh_phe_duyet_ke_hoach.yaml").read_text(encoding="utf-8")
    )
    expected = {
        # a Công văn has no tên loại line, and its Phụ lục still names it (mục III.1.c)
        "cong_van": "(Kèm theo Công văn số 3722/VPCP-CN ngày 10 tháng 6 năm 2022 của Văn phòng "
        "Chính phủ)",
        # a Quyết định of the body's head: the body's name too (Mẫu 2.1, note 5: "Tên cơ quan,
        # tổ chức ban hành văn bản")
        "quyet_dinh": "(Kèm theo Quyết định số 18/QĐ-UBND ngày 10 tháng 02 năm 2022 của Ủy ban "
        "nhân dân xã Gia Lương)",
    }
    for data in (letter, decision):
        out = paragraphs(vb.from_dict({**data, "phu_luc": phu_luc}))
        start = next(i for i, (style, _, _) in enumerate(out) if style == "Phu luc")
        assert out[start : start + 3] == [
            ("Phu luc", "Phụ lục", True),
            ("Phu luc tieu de", "DANH SÁCH", False),
            ("Kem theo", expected[data["loai"]], False),
        ]
        assert out[start + 4] == ("Doan cuoi", "Nội dung phụ lục./.", False)


# --- the pages, read back from LibreOffice's PDF ------------------------------------------------


def pdf_lines(converter: PdfConverter, document: vb.VanBan, path: Path) -> list[list[str]]:
    reader = PdfReader(converter.convert(vb.render(document).save(path)))
    return [
        [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        for page in reader.pages
    ]


def test_example_plan_s_phu_luc_starts_its_own_page_without_a_number(
    converter: PdfConverter, tmp_path: Path
) -> None:
    pages = pdf_lines(converter, vb.load(KE_HOACH_YAML), tmp_path / "ke_hoach.docx")
    found = [i for i, lines in enumerate(pages) if "Phụ lục" in lines]
    assert found == [len(pages) - 1]
    page = pages[found[0]]
    # the page opens with "Phụ lục" (no page number: it is the Phụ lục's page 1)
    assert page[0] == "Phụ lục"
    assert "Đoàn Thanh Bình" in pages[found[0] - 1]  # the signature ends the page before
    text = " ".join(page)
    assert "STT" in text and "Cải cách thể chế" in text
    # the plan's own pages keep their numbers, 2 to the signature's page
    assert [lines[0] for lines in pages[1 : found[0]]] == [str(n) for n in range(2, found[0] + 1)]


def test_each_phu_luc_numbers_its_pages_from_one_and_has_no_o_11_and_13(
    converter: PdfConverter, tmp_path: Path
) -> None:
    document = plan(
        [
            {"phu_luc": "Phụ lục dài", "noi_dung": LONG},
            {"phu_luc": "Phụ lục ngắn", "noi_dung": [TABLE]},
        ],
        lien_he=LIEN_HE,
        pham_vi_luu_hanh="luu_hanh_noi_bo",
    )
    pages = pdf_lines(converter, document, tmp_path / "hai_phu_luc.docx")
    starts = [i for i, lines in enumerate(pages) if lines[0] in ("Phụ lục I", "Phụ lục II")]
    assert len(starts) == 2
    first, second = starts
    own, long, short = pages[:first], pages[first:second], pages[second:]
    # the plan: no number on page 1, ô 13 at its foot; then 2, 3 … at the top of each page
    assert own[0][-1] == LIEN_HE_DONG and not any(line.isdigit() for line in own[0])
    assert [lines[0] for lines in own[1:]] == [str(n) for n in range(2, len(own) + 1)]
    # Phụ lục I runs over three pages and more: "Phụ lục I" opens its page 1, "2", "3" … the next
    assert len(long) >= 3
    assert long[0][:2] == ["Phụ lục I", "PHỤ LỤC DÀI"]
    assert [lines[0] for lines in long[1:]] == [str(n) for n in range(2, len(long) + 1)]
    assert long[-1][-1].endswith("30/2020/NĐ-CP./.")
    # Phụ lục II restarts: its page 1 unnumbered
    assert len(short) == 1 and short[0][:2] == ["Phụ lục II", "PHỤ LỤC NGẮN"]
    assert not any(line.isdigit() for line in short[0][:2])
    # ô 11 and ô 13 on the document's page 1 only
    assert [i for i, lines in enumerate(pages) if LIEN_HE_DONG in lines] == [0]
    assert [i for i, lines in enumerate(pages) if "LƯU HÀNH NỘI BỘ" in lines] == [0]


@pytest.mark.parametrize(
    "example", ["cong_van_3722_vpcp_cn.yaml", "quyet_dinh_phe_duyet_ke_hoach.yaml"]
)
def test_a_letter_and_a_decision_carry_a_phu_luc_on_its_own_page(
    converter: PdfConverter, tmp_path: Path, example: str
) -> None:
    data = yaml.safe_load((EXAMPLES / example).read_text(encoding="utf-8"))
    data["phu_luc"] = [{"phu_luc": "Danh sách đơn vị", "noi_dung": ["Nội dung phụ lục.", TABLE]}]
    document = vb.from_dict(data)
    pages = pdf_lines(converter, document, tmp_path / f"{Path(example).stem}.docx")
    page = pages[-1]
    assert page[:2] == ["Phụ lục", "DANH SÁCH ĐƠN VỊ"]
    kem_theo = document.context()["phu_luc"][0]["kem_theo"]
    # the italic line, wrapped over two lines
    assert " ".join(page[2:4]) == kem_theo
    assert page[5:] == [
        "Nội dung phụ lục.",
        "Bảng",
        "STT Nhiệm vụ",
        "1 Rà soát",
        "2 Công khai",
        "./.",
    ]
    # nothing of the document on the Phụ lục's page; the document ends with its signature or,
    # for Mẫu 1.3, its attached text, on the page before
    assert pages[-2][-1] != page[0]
    assert all("Phụ lục" not in lines for lines in pages[:-1])

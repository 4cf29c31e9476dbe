"""Công điện, Mẫu 1.6 (NĐ 30/2020, Phụ lục III): the model's rules, the rendered document read
back (the line "… điện:", the recipients, the khẩn marks), its JSON Schema, and its pages through
LibreOffice."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from jsonschema import Draft202012Validator

import vanban as vb
from vanban.cli import main

from .conftest import EXAMPLES, ROOT, problems
from .test_ooxml_order import package_problems
from .test_pdf_layout import pagination_problems, pdf_pages

CONG_DIEN_YAML = EXAMPLES / "cong_dien_ung_pho_bao_2022.yaml"
RECIPIENTS = [
    "- Trưởng các thôn trong xã;",
    "- Công an xã, Ban Chỉ huy Quân sự xã;",
    "- Các ban, ngành, đoàn thể của xã;",
    "- Hợp tác xã dịch vụ nông nghiệp Gia Lương.",
]
BLANK = "\u00a0" * 6


def telegram(**changes: Any) -> dict[str, Any]:
    """A small Công điện of a commune, as a data file would hold it."""
    data: dict[str, Any] = {
        "loai": "cong_dien",
        "co_quan": {
            "ten": "Ủy ban nhân dân xã Gia Lương",
            "viet_tat": "UBND",
            "dia_danh": "Gia Lương",
        },
        "so": 3,
        "ngay": "2022-09-26",
        "trich_yeu": "Về việc chủ động ứng phó với bão số 4",
        "nhan_dien": ["Trưởng các thôn trong xã", "Công an xã"],
        "noi_dung": ["Các thôn, đơn vị tổ chức trực ban 24/24 giờ."],
        "noi_nhan": ["TT Đảng ủy xã"],
        "luu": "VP",
        "chu_ky": {"tap_the": "Ủy ban nhân dân", "chuc_vu": "Chủ tịch", "ho_ten": "Họ và tên"},
    }
    data.update(changes)
    return data


def cong_dien(data: dict[str, Any]) -> vb.CongDien:
    document = vb.from_dict(data)
    assert isinstance(document, vb.CongDien)
    return document


def rendered(document: vb.VanBan) -> docx.document.Document:
    return docx.Document(io.BytesIO(vb.render(document).to_bytes()))


# --- the model ---------------------------------------------------------------------------------------


def test_the_example_is_a_cong_dien_with_every_component() -> None:
    document = vb.load(CONG_DIEN_YAML)
    assert isinstance(document, vb.CongDien)
    assert str(document.so_ky_hieu) == "03/CĐ-UBND"  # Mẫu 1.6, note 3: "Số: …/CĐ-…"
    assert document.do_khan is vb.DoKhan.HOA_TOC
    context = document.context()
    assert context["ten_loai"] == "CÔNG ĐIỆN"
    assert context["trich_yeu"] == "Về việc chủ động ứng phó với bão số 4 và mưa lớn sau bão"
    assert context["dien"] == "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ GIA LƯƠNG điện:"
    assert context["tham_quyen"] == "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ GIA LƯƠNG"
    assert context["nhan_dien"] == RECIPIENTS
    assert context["dia_danh_ngay_thang"] == "Gia Lương, ngày 26 tháng 9 năm 2022"
    assert context["noi_nhan"] == [
        "- Như trên;",
        "- TT Đảng ủy, TT HĐND xã (để báo cáo);",
        "- Ban Chỉ huy PCTT và TKCN huyện;",
        "- Đài truyền thanh xã;",
        "- Lưu: VT, VP.",
    ]
    assert context["chu_ky"] == {"dong": ["CHỦ TỊCH"], "ho_ten": "Họ và tên"}
    body = [doan["dong"] for doan in context["noi_dung"]]
    assert body[2].startswith("1. Tổ chức trực ban 24/24 giờ")
    assert body[-1].endswith("báo cáo Ủy ban nhân dân huyện./.")


def test_without_tham_quyen_the_issuing_body_sends_the_dien() -> None:
    document = cong_dien(telegram())
    assert document.dong_dien == "ỦY BAN NHÂN DÂN XÃ GIA LƯƠNG điện:"  # note 6: the body's name
    assert document.nhan_dien_lines() == ["- Trưởng các thôn trong xã;", "- Công an xã."]
    # one recipient: still a "- " line under "… điện:", ending "."
    assert cong_dien(telegram(nhan_dien=["Công an xã"])).nhan_dien_lines() == ["- Công an xã."]


def test_the_head_s_title_is_printed_in_capitals() -> None:
    document = cong_dien(telegram(tham_quyen="Thủ tướng Chính phủ"))
    assert document.dong_dien == "THỦ TƯỚNG CHÍNH PHỦ điện:"


@pytest.mark.parametrize(
    ("typed", "alone"),
    [
        ("Chủ tịch Ủy ban nhân dân xã điện:", "Chủ tịch Ủy ban nhân dân xã"),
        ("Thủ tướng Chính phủ  điện :", "Thủ tướng Chính phủ"),
        ("ỦY BAN NHÂN DÂN XÃ GIA LƯƠNG ĐIỆN :", "ỦY BAN NHÂN DÂN XÃ GIA LƯƠNG"),
    ],
)
def test_dien_typed_after_the_sender_is_refused(typed: str, alone: str) -> None:
    assert problems(telegram(tham_quyen=typed)) == [
        f"tham_quyen: {typed!r} — vanban writes 'điện:' after the sender of a Công điện (NĐ "
        f"30/2020, Phụ lục III, Mẫu 1.6, note 6); write it alone: {alone!r}"
    ]


def test_a_sender_whose_name_ends_in_dien_is_its_name() -> None:
    document = cong_dien(telegram(tham_quyen="Tổng cục Bưu điện"))
    assert document.dong_dien == "TỔNG CỤC BƯU ĐIỆN điện:"


def test_list_punctuation_typed_into_recipients_is_removed() -> None:
    document = cong_dien(telegram(nhan_dien=["- Trưởng các thôn;", "- Công an xã."]))
    assert document.nhan_dien == ["Trưởng các thôn", "Công an xã"]
    assert document.nhan_dien_lines() == ["- Trưởng các thôn;", "- Công an xã."]


def test_recipients_missing_empty_or_twice_are_refused() -> None:
    assert problems(telegram(nhan_dien=[])) == [
        "nhan_dien: missing — a Công điện names who receives it, one per line under '… điện:': "
        "'tên cơ quan, tổ chức nhận điện' (NĐ 30/2020, Phụ lục III, Mẫu 1.6, note 7)"
    ]
    data = telegram()
    del data["nhan_dien"]
    assert [p.split(":")[0] for p in problems(data)] == ["nhan_dien"]
    assert problems(telegram(nhan_dien=["Công an xã", "công  an xã", "- ;"])) == [
        "nhan_dien[1]: 'công  an xã' is already nhan_dien[0]; each recipient is listed once (NĐ "
        "30/2020, Phụ lục I, mục II.9.d)",
        "nhan_dien[2]: holds only list punctuation; write the recipient",
    ]


def test_noi_nhan_begins_nhu_tren_and_does_not_repeat_a_recipient_of_the_dien() -> None:
    # "Như trên" typed by the clerk is the one vanban writes: printed once, first
    typed = cong_dien(telegram(noi_nhan=["Như trên", "TT Đảng ủy xã"]))
    assert typed.context()["noi_nhan"] == ["- Như trên;", "- TT Đảng ủy xã;", "- Lưu: VT, VP."]
    assert problems(telegram(noi_nhan=["Công an xã", "TT Đảng ủy xã", "TT Đảng ủy xã"])) == [
        "noi_nhan[0]: 'Công an xã' receives the điện (nhan_dien), which 'Như trên' already covers "
        "(NĐ 30/2020, Phụ lục I, mục II.9.a-b: Nơi nhận lists who executes the document; 'Như "
        "trên' stands for those named above it); remove it from noi_nhan",
        "noi_nhan[2]: 'TT Đảng ủy xã' is already noi_nhan[1] ('TT Đảng ủy xã'); each recipient "
        "is listed once (NĐ 30/2020, Phụ lục I, mục II.9.d)",
    ]


def test_a_cong_dien_without_a_body_is_refused() -> None:
    assert problems(telegram(noi_dung=[])) == [
        "noi_dung: empty — a document needs a body (NĐ 30/2020, Điều 8.2.e)"
    ]


def test_the_code_of_another_kind_is_refused() -> None:
    assert cong_dien(telegram(so="03/CĐ-UBND")).so == 3
    [problem] = problems(telegram(so="03/CV-UBND"))
    assert problem.startswith("so: '03/CV-UBND' — ")


# --- the rendered document ---------------------------------------------------------------------------


def test_the_built_in_template_of_cong_dien_is_mau_1_6() -> None:
    path = ROOT / "src" / "vanban" / "templates" / "mau_1_6.docx"
    assert vb.builtin_template("cong_dien") == vb.builtin_template("Công điện") == path
    assert vb.builtin_template("CĐ") == vb.builtin_template("mau_1_6") == path


def test_the_example_reads_back_with_every_component_in_place() -> None:
    example = vb.load(CONG_DIEN_YAML)
    document = rendered(example)
    header = document.tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs][:3] == [
        "UBND HUYỆN GIA LỘC",
        "ỦY BAN NHÂN DÂN",
        "XÃ GIA LƯƠNG",
    ]
    assert [p.text for p in header.cell(1, 0).paragraphs] == ["Số: 03/CĐ-UBND", "HỎA TỐC"]
    # the place-and-date line is every layout's (the sample's ô 4)
    assert header.cell(1, 1).paragraphs[0].text == "Gia Lương, ngày 26 tháng 9 năm 2022"
    body = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert body[:3] == [
        ("Ten loai", "CÔNG ĐIỆN"),
        ("Trich yeu", "Về việc chủ động ứng phó với bão số 4 và mưa lớn sau bão"),
        ("Duong ke", body[2][1]),
    ]
    assert body[3:8] == [
        ("Dien", "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ GIA LƯƠNG điện:"),
        ("Nhan dien", RECIPIENTS[0]),
        ("Nhan dien", RECIPIENTS[1]),
        ("Nhan dien", RECIPIENTS[2]),
        ("Nhan dien cuoi", RECIPIENTS[3]),
    ]
    context = example.context()
    assert [text for _, text in body[8:]] == [doan["dong"] for doan in context["noi_dung"]]
    assert [style for style, _ in body[8:]] == ["Doan", "Doan"] + ["Khoan"] * 3 + ["Khoan cuoi"]
    recipients, signer = document.tables[-1].rows[0].cells
    assert [p.text for p in recipients.paragraphs] == ["Nơi nhận:", *context["noi_nhan"]]
    assert [p.text for p in signer.paragraphs if p.text] == ["CHỦ TỊCH", "Họ và tên"]
    assert package_problems(vb.render(example).to_bytes()) == []


def test_the_dien_line_and_the_recipients_are_set_as_the_sample() -> None:
    styles = rendered(vb.load(CONG_DIEN_YAML)).styles
    dien, muc, cuoi = styles["Dien"], styles["Nhan dien"], styles["Nhan dien cuoi"]
    # "… điện:": 14, regular, upright, centred (the sample's run and paragraph)
    assert (dien.font.size, dien.font.bold, dien.font.italic) == (Pt(14), False, False)
    assert dien.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert dien.paragraph_format.space_before == Pt(12)
    # the recipients: 14, regular, justified, 6 pt apart, from 56.4 mm (3200 twips) into the text
    # area as the sample's list, no first-line indent; the last one 12 pt above the body
    for style in (muc, cuoi):
        assert (style.font.size, style.font.bold, style.font.italic) == (Pt(14), False, False)
        fmt = style.paragraph_format
        assert fmt.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
        assert fmt.left_indent == Mm(3200 / 1440 * 25.4)
        assert fmt.first_line_indent == Cm(0) and fmt.space_before == Pt(6)
        assert fmt.keep_with_next is True
    assert (muc.paragraph_format.space_after, cuoi.paragraph_format.space_after) == (Pt(0), Pt(12))
    assert dien.paragraph_format.keep_with_next is True
    # the body as every layout's: 14, justified, first line indented (Phụ lục I, mục II.6.e)
    doan = styles["Doan"]
    assert doan.paragraph_format.first_line_indent == Cm(1.27)
    assert doan.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY


@pytest.mark.parametrize(
    ("do_khan", "printed", "width_mm"),
    [("khan", "KHẨN", 20), ("thuong_khan", "THƯỢNG KHẨN", 40), ("hoa_toc", "HỎA TỐC", 30)],
)
def test_each_khan_mark_stands_boxed_in_red_under_so(
    do_khan: str, printed: str, width_mm: float
) -> None:
    """Ô 10b, "KHẨN", "THƯỢNG KHẨN", "HỎA TỐC": bold capitals 13, red, in a red single-line box
    about 20, 40 and 30 mm wide, under Số (NĐ 30/2020, Phụ lục I, mục III.2.b; mục IV)."""
    document = rendered(cong_dien(telegram(do_khan=do_khan)))
    cell = document.tables[0].cell(1, 0)
    assert [p.text for p in cell.paragraphs] == ["Số: 03/CĐ-UBND", printed]
    mark = cell.paragraphs[1]
    assert mark.style.name == "Dau chi do"
    assert (mark.style.font.bold, mark.style.font.size) == (True, Pt(13))
    assert mark.style.font.color.rgb == RGBColor(0xFF, 0, 0)
    edges = mark._p.pPr.find(qn("w:pBdr"))
    assert [(e.get(qn("w:val")), e.get(qn("w:color"))) for e in edges] == [("single", "FF0000")] * 4
    fmt = mark.paragraph_format
    room_mm = 63 - 2 * 1.9  # the left header cell less its margins
    assert room_mm - (fmt.left_indent.mm + fmt.right_indent.mm) == pytest.approx(width_mm, abs=0.05)


def test_without_a_mark_nothing_stands_under_so() -> None:
    cell = rendered(cong_dien(telegram())).tables[0].cell(1, 0)
    assert [p.text for p in cell.paragraphs] == ["Số: 03/CĐ-UBND"]


def test_the_other_marks_the_contact_footer_and_a_phu_luc_come_from_the_shared_parts() -> None:
    data = telegram(
        do_mat="mat",
        do_khan="thuong_khan",
        pham_vi_luu_hanh="xem_xong_tra_lai",
        lien_he={"dia_chi": "Thôn Đông, xã Gia Lương", "dien_thoai": "0220 3710 000"},
        ky_hieu_nguoi_soan="PL",
        so_ban_phat_hanh=12,
        phu_luc=[{"phu_luc": "Danh sách hộ cần di dời", "noi_dung": ["Thôn Đông: 12 hộ."]}],
    )
    document = rendered(cong_dien(data))
    assert [p.text for p in document.tables[0].cell(1, 0).paragraphs] == [
        "Số: 03/CĐ-UBND",
        "MẬT",
        "THƯỢNG KHẨN",
    ]
    first_page = document.sections[0]
    assert "XEM XONG TRẢ LẠI" in first_page.first_page_header._element.xml
    assert "Thôn Đông, xã Gia Lương" in first_page.first_page_footer._element.xml
    recipients = next(t for t in document.tables if t.cell(0, 0).paragraphs[0].text == "Nơi nhận:")
    assert recipients.cell(0, 0).paragraphs[-1].text == "- Lưu: VT, VP. PL.(12)."
    texts = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    start = texts.index(("Phu luc", "Phụ lục"))
    assert texts[start + 1 : start + 3] == [
        ("Phu luc tieu de", "DANH SÁCH HỘ CẦN DI DỜI"),
        (
            "Kem theo",
            "(Kèm theo Công điện số 03/CĐ-UBND ngày 26 tháng 9 năm 2022 của Ủy ban nhân dân xã "
            "Gia Lương)",
        ),
    ]
    assert len(document.sections) == 2


# --- JSON Schema and the command line -------------------------------------------------------------


def test_the_schema_validates_the_example_and_refuses_what_the_model_refuses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["schema", "cong_dien"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == vb.CongDien.json_schema()
    assert printed["title"] == "Công điện"
    check = Draft202012Validator(printed)
    example = yaml.safe_load(CONG_DIEN_YAML.read_text(encoding="utf-8"))
    assert list(check.iter_errors(json.loads(json.dumps(example, default=str)))) == []
    data = telegram()
    assert list(check.iter_errors(data)) == []
    for field in ("nhan_dien", "noi_dung"):
        missing = {k: v for k, v in data.items() if k != field}
        assert [e.message for e in check.iter_errors(missing)] == [
            f"'{field}' is a required property"
        ]
        assert [e.json_path for e in check.iter_errors({**data, field: []})] == [f"$.{field}"]
    assert [e.json_path for e in check.iter_errors({**data, "kinh_gui": ["Công an xã"]})] == ["$"]


def test_vanban_render_renders_the_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(CONG_DIEN_YAML), "-o", f"{tmp_path}/"]) == 0
    out = capsys.readouterr().out
    assert out == f"{tmp_path}/cong_dien_ung_pho_bao_2022.docx  (Công điện số 03/CĐ-UBND)\n"


# --- LibreOffice ------------------------------------------------------------------------------------


def long_cong_dien() -> vb.CongDien:
    """The example with a body long enough for two pages."""
    data = yaml.safe_load(CONG_DIEN_YAML.read_text(encoding="utf-8"))
    data["noi_dung"] = [
        *data["noi_dung"][:2],
        *(
            {"van_ban": f"Nhiệm vụ {n}: " + "kiểm tra, chằng chống, báo cáo kịp thời, " * 9}
            for n in range(1, 9)
        ),
    ]
    return cong_dien(data)


def _starts(pdf: Path, texts: tuple[str, ...]) -> dict[str, float]:
    """Where each of ``texts`` starts on page 1 of ``pdf``, in points from the page's left edge."""
    from pypdf import PdfReader

    found: dict[str, float] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text.strip() in texts:
            found[text.strip()] = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return found


@pytest.mark.soffice
def test_the_cong_dien_converts_page_one_unnumbered_and_the_signature_never_alone(
    soffice: str, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from vanban.pdf import PdfConverter

    short = vb.load(CONG_DIEN_YAML)
    long = long_cong_dien()
    with PdfConverter(timeout=120) as converter:
        short_pdf = converter.convert(vb.render(short).save(tmp_path / "cd.docx"))
        long_pdf = converter.convert(vb.render(long).save(tmp_path / "cd_dai.docx"))
    pages = pdf_pages(short_pdf)
    assert len(pages) == 1 and pagination_problems(pages, short) == []
    first = pages[0]
    assert first[0].startswith("UBND HUYỆN GIA LỘC")
    assert "HỎA TỐC" in first and "CÔNG ĐIỆN" in first
    dien = first.index("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ GIA LƯƠNG điện:")
    assert first[dien + 1 : dien + 5] == RECIPIENTS
    # the recipients start 56.4 mm into the text area, whose left margin is 30 mm
    starts = _starts(short_pdf, tuple(RECIPIENTS))
    assert set(starts) == set(RECIPIENTS)
    for x in starts.values():
        assert x == pytest.approx((30 + 3200 / 1440 * 25.4) * 72 / 25.4, abs=1)
    long_pages = pdf_pages(long_pdf)
    assert len(long_pages) >= 2
    assert pagination_problems(long_pages, long) == []
    raw_first = PdfReader(long_pdf).pages[0].extract_text().splitlines()
    assert raw_first[0].strip() != "1"  # no number on page 1 (Phụ lục I, mục I.7)
    second = [line.strip() for line in PdfReader(long_pdf).pages[1].extract_text().splitlines()]
    assert second[0] == "2"

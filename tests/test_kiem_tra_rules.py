"""The checker's rules beyond its foundation (issue 14, item 3): each with a document that breaks
it and one that keeps it, findings matched exactly; the reference plan as its clerk typed it;
documents typed in other offices' ways."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vanban as vb
from vanban.kiem_tra import RULES, Report, check
from vanban.kiem_tra.components import Components, find_components
from vanban.kiem_tra.docx import Docx, read_docx
from vanban.kiem_tra.edits import ReplaceText, SetAlignment, SetRun
from vanban.kiem_tra.rules import CannotEvaluate, NotApplicable
from vanban.kiem_tra.sua import fix

from .conftest import KE_HOACH_YAML
from .kiem_tra_samples import (
    CENTER,
    JUSTIFY,
    RULE,
    W_NS,
    Line,
    Typed,
    commune_closing,
    commune_header,
    other_office,
    plan,
    reference_plan,
    reference_plan_text,
    typed,
)

TITLE = [
    Line("KẾ HOẠCH", 14, bold=True, align=CENTER),
    Line("Cải cách hành chính nhà nước năm 2022", 14, bold=True, align=CENTER),
    RULE,
]
FIRST_BODY = 11
"""The index of the first body paragraph of :func:`plan`: the header table's 8 paragraphs
(agency 2 + rule, Quốc hiệu, Tiêu ngữ + rule, Số, date), the title, the trích yếu and its rule."""


def _read(data: bytes) -> tuple[Docx, Components]:
    doc = read_docx(data)
    return doc, find_components(doc)


def findings(report: Report, rule: str) -> list[tuple[int | None, str, str]]:
    """The findings of ``rule``: paragraph, found, expected."""
    return [(f.paragraph, f.found, f.expected) for f in report.findings if f.rule == rule]


def body(*paragraphs: str) -> Report:
    return check(plan(list(paragraphs)))


def edit(data: bytes, change: object) -> bytes:
    """``data`` opened with python-docx, changed by ``change(document)``, saved."""
    document = docx.Document(io.BytesIO(data))
    change(document)  # type: ignore[operator]
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_plan_typed_as_the_decree_says_checks_clean() -> None:
    report = body("I. MỤC ĐÍCH", "1. Mục đích", "a) Thực hiện tốt.", "b) Báo cáo đúng hạn.")
    assert report.findings == ()
    assert report.not_evaluated == {}
    assert report.compliant
    new = {r.id for r in RULES} - {"kinh_gui.dau"}  # a plan has no Kính gửi
    assert new <= set(report.passed)


# Typing residue ----------------------------------------------------------------------------------


def test_telex_and_vni_residue() -> None:
    report = body("Theo chỉ đạo của huyênj, ddaau tư vào vie65t Nam. Huyênj ủy.")
    assert findings(report, "van_ban.telex") == [
        (FIRST_BODY, "huyênj", "huyện"),
        (FIRST_BODY, "ddaau", "đâu"),
        (FIRST_BODY, "vie65t", "việt"),
        (FIRST_BODY, "Huyênj", "Huyện"),
    ]
    (hit,) = [f for f in report.findings if f.found == "huyênj"]
    assert hit.fix == "suggest" and hit.severity == "canh_bao"
    clean = body("Theo chỉ đạo của huyện, họp qua zoom, web, m2, H5N1 và 4G.")
    assert "van_ban.telex" in clean.passed
    english = body("Sở Nội vụ (Department of Home Affairs) has its own office.")
    assert "van_ban.telex" in english.passed  # "of", "has", "its" in English words


def test_syllables_run_together_in_lower_case() -> None:
    report = body("Trên địa bànxã, xâydựng tínhiệu và video, Title, trả kết quảxã.")
    assert findings(report, "van_ban.dinh_am_tiet") == [
        (FIRST_BODY, "bànxã", "bàn xã"),
        (FIRST_BODY, "xâydựng", "xây dựng"),
        (FIRST_BODY, "quảxã", "quả xã"),
    ]  # "tínhiệu" cuts three ways: a person decides; "video", "Title": foreign words
    assert "van_ban.dinh_am_tiet" in body("Trên địa bàn xã, xây dựng tín hiệu.").passed


def test_stray_single_letters() -> None:
    report = body("Do ngân sách h xã bảo đảm theo điểm b khoản 1, dài 5 m, có liên n quan.")
    assert findings(report, "van_ban.chu_le") == [
        (FIRST_BODY, "sách h xã", "sách xã"),
        (FIRST_BODY, "liên n quan", "liên quan"),
    ]
    assert "van_ban.chu_le" in body("Theo điểm đ khoản 2, dài 5 m, ô 5b và y tế.").passed


def test_a_space_before_punctuation() -> None:
    report = body("Các đơn vị , địa phương báo cáo ; kết quả tốt .")
    assert findings(report, "van_ban.cach_truoc_dau") == [
        (FIRST_BODY, "vị ,", "vị,"),
        (FIRST_BODY, "cáo ;", "cáo;"),
        (FIRST_BODY, "tốt .", "tốt."),
    ]
    (hit, *_) = [f for f in report.findings if f.rule == "van_ban.cach_truoc_dau"]
    assert hit.fix == "safe"
    assert "van_ban.cach_truoc_dau" in body("Thu phí, kiểm tra; báo cáo: xong./.").passed


def test_a_hyphen_spaced_on_one_side() -> None:
    report = body("Kinh tế- xã hội, văn hóa -xã hội; Covid-19, 108/2020/NĐ- CP, kinh tế - xã hội.")
    assert findings(report, "van_ban.gach_noi") == [
        (FIRST_BODY, "tế- xã", "tế - xã"),
        (FIRST_BODY, "hóa -xã", "hóa - xã"),
    ]  # the code's space is trich_dan.ky_hieu's
    assert "van_ban.gach_noi" in body("Kinh tế - xã hội; Covid-19; Tài chính-Kế toán.").passed


def test_typing_rules_attach_their_edits() -> None:
    doc, parts = _read(plan(["Các đơn vị , trên địa bànxã theo chỉ đạo của huyênj."]))
    by_id = {r.id: r for r in RULES}
    text = doc.paragraphs[FIRST_BODY].text
    edits = {
        rule: [e for hit in by_id[rule].evaluate(doc, parts) for e in hit.edits]
        for rule in ("van_ban.cach_truoc_dau", "van_ban.dinh_am_tiet", "van_ban.telex")
    }
    at = text.index(" ,")
    assert edits["van_ban.cach_truoc_dau"] == [ReplaceText(FIRST_BODY, at, at + 1, "")]
    at = text.index("xã theo")
    assert edits["van_ban.dinh_am_tiet"] == [ReplaceText(FIRST_BODY, at, at, " ")]
    at = text.index("huyênj")
    assert edits["van_ban.telex"] == [ReplaceText(FIRST_BODY, at, at + 6, "huyện")]


# Citations ---------------------------------------------------------------------------------------


def test_citation_kind_names() -> None:
    report = body(
        "Theo Nghị đinh số 43/2011/NĐ-CP, Quyết đinh số 05/QĐ-UBND và thông tư số 32/2017/TT-BTTTT."
    )
    assert findings(report, "trich_dan.ten_loai") == [
        (FIRST_BODY, "Nghị đinh số", "Nghị định số"),
        (FIRST_BODY, "Quyết đinh số", "Quyết định số"),
    ]
    assert (
        "trich_dan.ten_loai"
        in body("Theo Nghị định số 43/2011/NĐ-CP và Bản thoả thuận số 2/BTT-UBND.").passed
    )


def test_citation_codes() -> None:
    report = body(
        "Theo Nghị định số 108/2020/NĐ- CP, Nghị định số 117/2013-NĐ-CP, Quyết định số "
        "1847/QĐ - TTg và Nghị quyết số 18-NQ/TW."
    )
    assert findings(report, "trich_dan.ky_hieu") == [
        (FIRST_BODY, "108/2020/NĐ- CP", "108/2020/NĐ-CP"),
        (FIRST_BODY, "117/2013-NĐ-CP", "117/2013/NĐ-CP"),
        (FIRST_BODY, "1847/QĐ - TTg", "1847/QĐ-TTg"),
    ]
    good = body("Theo Kế hoạch số 154/KH-UBND, Nghị quyết số 18-NQ/TW, Nghị định số 30/2020/NĐ-CP.")
    assert "trich_dan.ky_hieu" in good.passed


def test_citation_dates() -> None:
    report = body(
        "Theo Nghị định số 16/2015/NĐ-CP ngày 14/2/2015, Thông tư số 01/2020/TT-BNV, ngày 5/3/2020."
    )
    assert findings(report, "trich_dan.ngay") == [
        (FIRST_BODY, "ngày 14/2/2015", "ngày 14/02/2015"),
        (FIRST_BODY, "ngày 5/3/2020", "ngày 05/3/2020"),
    ]
    good = body(
        "Theo Nghị định số 16/2015/NĐ-CP, ngày 14/02/2015 và Nghị định số 30/2020/NĐ-CP ngày 05 "
        "tháng 3 năm 2020 của Chính phủ."
    )
    assert "trich_dan.ngay" in good.passed


# The body's numbering and headings ---------------------------------------------------------------


def test_numbering_sequences() -> None:
    report = body(
        "I. MỤC ĐÍCH", "1. Mục đích", "a) Một.", "c) Hai.", "f) Ba.", "2.Yêu cầu", "III. NHIỆM VỤ"
    )
    assert findings(report, "than.so_thu_tu") == [
        (FIRST_BODY + 3, "c) (sau a))", "b)"),
        (FIRST_BODY + 4, "f) (sau c))", "d)"),
        (FIRST_BODY + 5, "2.Yêu", "2. Yêu"),
        (FIRST_BODY + 6, "III. (sau I.)", "II."),
    ]
    good = body(
        "I. MỤC ĐÍCH", "1. Mục đích", *(f"{x}) Việc {x}." for x in "abcdđeghiklmnopqrstuvxy"),
        "2. Yêu cầu", "II. NHIỆM VỤ", "1. Chỉ đạo.", "Điều 1. Phạm vi.", "1. Khoản một.",
        "Điều 2. Đối tượng.", "1. Khoản một.",
    )  # fmt: skip
    assert findings(good, "than.so_thu_tu") == []
    assert "than.so_thu_tu" in good.passed
    parts = body(
        "Phần I", "I. MỤC ĐÍCH", "II. YÊU CẦU", "Phần II", "I. NHIỆM VỤ", "1. Việc\u00a0một."
    )  # the Roman numbers start again in each Phần; a no-break space is a space
    assert "than.so_thu_tu" in parts.passed
    assert "than.so_thu_tu" not in body("Một đoạn không đánh số.").applicable


def test_word_numbering_is_not_evaluated() -> None:
    report = check(other_office(auto_numbering=True))
    assert report.not_evaluated == {
        "than.so_thu_tu": "nội dung đánh số tự động của Word (w:numPr): số thứ tự không nằm "
        "trong chữ",
        "than.tieu_de": "nội dung đánh số tự động của Word (w:numPr): số thứ tự không nằm "
        "trong chữ",
    }
    assert not report.compliant
    bulleted = check(other_office(bullets=True))  # Word's bullets are no numbers
    assert bulleted.not_evaluated == {}
    assert "than.so_thu_tu" not in bulleted.applicable  # no number typed, none drawn


def _typed_body(lines: list[Line], **header: list[Line]) -> bytes:
    parts = commune_header()
    parts.update(header)
    return typed(Typed(**parts, body=[*TITLE, *lines], **commune_closing()))


def test_headings_in_capitals_and_bold() -> None:
    report = check(
        _typed_body(
            [
                Line("I. Mục đích, yêu cầu", 14, bold=True, align=JUSTIFY),
                Line("1. Mục đích", 14, align=JUSTIFY),
                Line("2. Nội dung thực hiện trong năm theo kế hoạch của huyện.", 14, align=JUSTIFY),
            ]
        )
    )
    assert findings(report, "than.tieu_de") == [
        (FIRST_BODY, "I. Mục đích, yêu cầu (chữ thường)", "I. MỤC ĐÍCH, YÊU CẦU (đậm)"),
        (FIRST_BODY + 1, "1. Mục đích (không đậm)", "1. Mục đích (đậm)"),
    ]  # a khoản that is a sentence has no title to set in bold
    severities = [f.severity for f in report.findings if f.rule == "than.tieu_de"]
    assert severities == ["loi", "canh_bao"]  # a khoản's title is told by its shape only
    good = body("I. MỤC ĐÍCH", "1. Mục đích", "2. Nội dung thực hiện theo kế hoạch.")
    assert "than.tieu_de" in good.passed


# Kính gửi and the signature ----------------------------------------------------------------------


def test_kinh_gui_punctuation() -> None:
    report = body("Kính gửi", "- Phòng Nội vụ huyện,", "- Phòng Tư pháp huyện", "Nội dung.")
    assert findings(report, "kinh_gui.dau") == [
        (FIRST_BODY, "Kính gửi", "Kính gửi:"),
        (FIRST_BODY + 1, "- Phòng Nội vụ huyện,", "- Phòng Nội vụ huyện;"),
        (FIRST_BODY + 2, "- Phòng Tư pháp huyện", "- Phòng Tư pháp huyện."),
    ]
    for good in (
        body("Kính gửi:", "- Phòng Nội vụ huyện;", "- Phòng Tư pháp huyện.", "Nội dung."),
        body("Kính gửi: Phòng Nội vụ huyện", "Nội dung."),
    ):
        assert "kinh_gui.dau" in good.passed


def test_a_signature_outside_the_table_of_noi_nhan() -> None:
    closing = ["Nơi nhận:", "- UBND huyện;", "- Lưu: VT, VP.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    data = typed(
        Typed(
            **commune_header(),
            body=[*TITLE, Line("Nội dung.", 14, align=JUSTIFY), *(Line(x, 14) for x in closing)],
        )
    )
    report = check(data)
    assert findings(report, "chu_ky.bang") == [
        (
            FIRST_BODY + 4,
            "Nơi nhận và chữ ký ngoài bảng: TM. ỦY BAN NHÂN DÂN",
            "bảng hai cột: Nơi nhận | chữ ký",
        )
    ]
    assert report.findings[[f.rule for f in report.findings].index("chu_ky.bang")].severity == (
        "canh_bao"
    )
    assert "chu_ky.bang" in body("Nội dung.").passed


# Page numbers ------------------------------------------------------------------------------------


def _page_header(alignment: str | None, *, footer: bool = False, first: bool = False) -> object:
    def change(document: docx.document.Document) -> None:
        section = document.sections[0]
        section.different_first_page_header_footer = first
        for part in (section.header, section.footer):
            for p in part.paragraphs:
                p._p.getparent().remove(p._p)
        where = section.footer if footer else section.header
        jc = f'<w:pPr><w:jc w:val="{alignment}"/></w:pPr>' if alignment else ""
        where._element.append(
            parse_xml(
                f'<w:p xmlns:w="{W_NS}">{jc}<w:r><w:rPr><w:sz w:val="24"/></w:rPr>'
                '<w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText>'
                '</w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
            )
        )

    return change


def test_page_numbers() -> None:
    wrong = check(edit(plan(["Nội dung."]), _page_header("left")))
    assert findings(wrong, "trang.so_trang") == [
        (None, "phần 1: số trang canh left", "canh giữa"),
        (None, "phần 1: số trang cỡ 12", "cỡ 13-14"),
        (None, "trang 1 có số trang", "không hiển thị số trang thứ nhất"),
    ]
    footer = check(edit(plan(["Nội dung."]), _page_header("center", footer=True, first=True)))
    assert findings(footer, "trang.so_trang") == [
        (None, "phần 1: số trang ở chân trang", "ở lề trên (đầu trang)")
    ]
    assert "trang.so_trang" in check(plan(["Nội dung."])).passed


def test_a_long_text_without_page_numbers() -> None:
    def no_numbers(document: docx.document.Document) -> None:
        section = document.sections[0]
        section.different_first_page_header_footer = False
        for p in section.header.paragraphs:
            p._p.getparent().remove(p._p)

    long = ["Ủy ban nhân dân xã triển khai thực hiện kế hoạch cải cách hành chính năm 2022."] * 60
    report = check(edit(plan(long), no_numbers))
    ((paragraph, found, expected),) = findings(report, "trang.so_trang")
    assert (paragraph, expected) == (None, "số trang giữa lề trên, từ trang 2")
    assert found.startswith("không có số trang (") and found.endswith("ký tự, hơn một trang)")
    short = check(edit(plan(["Nội dung."]), no_numbers))
    assert "trang.so_trang" not in short.applicable


# Formatting per component --------------------------------------------------------------------------

QUOC_HIEU = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"


def test_sizes() -> None:
    header = commune_header()
    header["nation"][0] = Line(QUOC_HIEU, 14, bold=True, align=CENTER)
    header["so"] = [Line("Số: 49/KH-UBND", 14, align=CENTER)]
    closing = commune_closing()
    closing["noi_nhan"][1] = Line("- UBND huyện;", 12)
    report = check(
        typed(Typed(**header, body=[*TITLE, Line("Nội dung.", 12, align=JUSTIFY)], **closing))
    )
    assert findings(report, "dinh_dang.co_chu") == [
        (3, f"Quốc hiệu “{QUOC_HIEU}”: cỡ 14", "cỡ 12-13"),
        (6, "Số, ký hiệu “Số: 49/KH-UBND”: cỡ 14", "cỡ 13"),
        (FIRST_BODY, "Nội dung “Nội dung.”: cỡ 12", "cỡ 13-14"),
        (FIRST_BODY + 2, "Các nơi nhận “- UBND huyện;”: cỡ 12", "cỡ 11"),
    ]
    (hit,) = [
        h
        for r in RULES
        if r.id == "dinh_dang.co_chu"
        for h in r.evaluate(*_read(typed(Typed(**header, body=TITLE))))
        if "Quốc hiệu" in h.found
    ]
    assert hit.edits == (SetRun(3, 0, len(QUOC_HIEU), "size", 13.0),)


def test_bold_and_italic() -> None:
    header = commune_header()
    header["nation"][0] = Line(QUOC_HIEU, 13, bold=True, italic=True, align=CENTER)
    header["so"] = [Line("Số: 49/KH-UBND", 13, bold=True, align=CENTER)]
    closing = commune_closing()
    closing["noi_nhan"][0] = Line("Nơi nhận:", 12, bold=True)
    title = [Line("KẾ HOẠCH", 14, align=CENTER), *TITLE[1:]]
    report = check(typed(Typed(**header, body=[*title, Line("Nội dung.", 14)], **closing)))
    assert findings(report, "dinh_dang.dam") == [
        (6, "Số, ký hiệu “Số: 49/KH-UBND”: chữ đậm", "chữ không đậm"),
        (8, "Tên loại văn bản “KẾ HOẠCH”: chữ không đậm", "chữ đậm"),
    ]
    assert findings(report, "dinh_dang.nghieng") == [
        (3, f"Quốc hiệu “{QUOC_HIEU}”: chữ nghiêng", "chữ đứng"),
        (FIRST_BODY + 1, "Tiêu đề Nơi nhận “Nơi nhận:”: chữ đứng", "chữ nghiêng"),
    ]


def test_an_authority_typed_in_lower_case_is_not_the_signers_name() -> None:
    # "Tm ỦY BAN NHÂN DÂN" (not bold) over the title, no name under it: the line is the
    # authority (bold, its capitals and dot chu_ky.quyen_han's), never the signer's name
    closing = commune_closing()
    closing["signature"] = [
        Line("Tm ỦY BAN NHÂN DÂN", 14, align=CENTER),
        Line("CHỦ TỊCH", 14, bold=True, align=CENTER),
    ]
    body = [*TITLE, Line("Ủy ban nhân dân xã ban hành kế hoạch.", 14, align=JUSTIFY)]
    report = check(typed(Typed(**commune_header(), body=body, **closing)))
    assert [(f.rule, f.found, f.expected) for f in report.findings] == [
        ("chu_ky.quyen_han", "Tm ỦY BAN NHÂN DÂN", "TM. ỦY BAN NHÂN DÂN"),
        (
            "dinh_dang.dam",
            "Quyền hạn, chức vụ người ký “Tm ỦY BAN NHÂN DÂN”: chữ không đậm",
            "chữ đậm",
        ),
    ]


def test_capitals() -> None:
    header = commune_header()
    header["agency"][0] = Line("Ủy ban nhân dân", 13, align=CENTER)
    closing = commune_closing()
    closing["signature"][1] = Line("Chủ tịch", 14, bold=True, align=CENTER)
    report = check(typed(Typed(**header, body=[*TITLE, Line("Nội dung.", 14)], **closing)))
    assert findings(report, "dinh_dang.in_hoa") == [(0, "Ủy ban nhân dân", "ỦY BAN NHÂN DÂN")]
    # "Chủ tịch" under "TM. ỦY BAN NHÂN DÂN" is not found as a title: chu_ky.quyen_han's part


def test_alignment() -> None:
    title = [Line("KẾ HOẠCH", 14, bold=True), *TITLE[1:]]
    long = " ".join(["Ủy ban nhân dân xã triển khai kế hoạch cải cách hành chính."] * 4)
    report = check(
        typed(Typed(**commune_header(), body=[*title, Line(long, 14)], **commune_closing()))
    )
    assert findings(report, "dinh_dang.can_le") == [
        (8, "Tên loại văn bản “KẾ HOẠCH”: canh trái", "canh giữa"),
        (FIRST_BODY, f"Đoạn nội dung “{long[:39]}…”: canh trái", "canh đều hai lề"),
    ]
    hit = next(
        h for r in RULES if r.id == "dinh_dang.can_le" for h in r.evaluate(*_read(
            typed(Typed(**commune_header(), body=[*title, Line(long, 14)], **commune_closing()))
        ))
    )  # fmt: skip
    assert hit.edits == (SetAlignment(8, "center"),)


def test_the_rules_under_the_header_and_the_title() -> None:
    header = commune_header()
    header["agency"] = header["agency"][:2]
    header["nation"] = header["nation"][:2]
    report = check(typed(Typed(**header, body=[*TITLE[:2], Line("Nội dung.", 14)])))
    assert findings(report, "dinh_dang.duong_ke") == [
        (3, "Tiêu ngữ “Độc lập - Tự do - Hạnh phúc”: không có đường kẻ", "đường kẻ ngang dưới"),
        (
            1,
            "Tên cơ quan, tổ chức ban hành “XÃ GIA LƯƠNG”: không có đường kẻ",
            "đường kẻ ngang dưới",
        ),
        (
            7,
            "Trích yếu nội dung “Cải cách hành chính nhà nước năm 2022”: không có đường kẻ",
            "đường kẻ ngang dưới",
        ),
    ]

    def border_and_picture(document: docx.document.Document) -> None:
        cell = document.tables[0].cell(0, 1)
        ppr = cell.paragraphs[1]._p.get_or_add_pPr()  # the Tiêu ngữ: a bottom border
        ppr.append(parse_xml(f'<w:pBdr xmlns:w="{W_NS}"><w:bottom w:val="single"/></w:pBdr>'))
        for p in document.tables[0].cell(0, 0).paragraphs:  # the agency: underlined
            for run in p.runs:
                run.underline = True
        trich_yeu = document.paragraphs[1]  # the trích yếu: a picture under it
        trich_yeu._p.append(
            parse_xml(
                f'<w:r xmlns:w="{W_NS}" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/'
                'main"><w:drawing><a:graphic><a:graphicData uri="pic"/></a:graphic></w:drawing>'
                "</w:r>"
            )
        )

    read = check(
        edit(typed(Typed(**header, body=[*TITLE[:2], Line("Nội dung.", 14)])), border_and_picture)
    )
    assert findings(read, "dinh_dang.duong_ke") == []
    assert read.not_evaluated == {
        "dinh_dang.duong_ke": "hình vẽ không đọc được dưới: Trích yếu nội dung"
    }
    assert "dinh_dang.duong_ke" in check(plan(["Nội dung."])).passed


# The reference plan, as its clerk typed it ---------------------------------------------------------

REFERENCE_MISTAKES = [
    ("so_ky_hieu.dang", 6, "Số: 49 /KH - UBND", "Số: 49/KH-UBND"),
    (
        "dia_danh_ngay.dang",
        7,
        "Gia Lương, ngày 29  tháng 01 năm 2022",
        "Gia Lương, ngày 29 tháng 01 năm 2022",
    ),
    (
        "noi_nhan.dau",
        97,
        "- Phòng Nội vụ huyện; (Để báo cáo)",
        "- Phòng Nội vụ huyện (Để báo cáo);",
    ),
    ("noi_nhan.dau", 102, "- Lưu: VP.", "- Lưu: VT, VP."),
    ("than.so_thu_tu", 73, "8.Tiếp", "8. Tiếp"),
    ("trich_dan.ten_loai", 68, "Nghị đinh số", "Nghị định số"),
    ("trich_dan.ky_hieu", 48, "108/2020/NĐ- CP", "108/2020/NĐ-CP"),
    ("trich_dan.ky_hieu", 59, "130/2005/NĐ- CP", "130/2005/NĐ-CP"),
    ("trich_dan.ky_hieu", 59, "117/2013-NĐ-CP", "117/2013/NĐ-CP"),
    ("van_ban.lap_tu", 91, "các các", "các"),
    ("van_ban.khoang_trang", 7, "29  tháng", "29 tháng"),
    ("van_ban.khoang_trang", 63, "giá   theo", "giá theo"),
    ("van_ban.khoang_trang", 91, "môn  sử", "môn sử"),
    ("van_ban.khoang_trang", 91, "ban  nhân", "ban nhân"),
    ("van_ban.khoang_trang", 93, "với  công", "với công"),
    ("van_ban.dau_cau_lap", 61, ", ,", ","),
    ("van_ban.kieu_dau", 19, "uỷ", "ủy"),
    ("van_ban.kieu_dau", 84, "Uỷ", "Ủy"),
    ("van_ban.kieu_dau", 89, "hoá", "hóa"),
    ("van_ban.kieu_dau", 91, "Uỷ", "Ủy"),
    ("van_ban.kieu_dau", 103, "UỶ", "ỦY"),
    ("van_ban.dinh_lien", 32, "UBNDhuyện", "UBND huyện"),
    ("van_ban.dinh_lien", 76, "hiệnCCHC", "hiện CCHC"),
    ("van_ban.telex", 65, "huyênj", "huyện"),
    ("van_ban.dinh_am_tiet", 60, "bànxã", "bàn xã"),
    ("van_ban.dinh_am_tiet", 63, "bànxã", "bàn xã"),
    ("van_ban.dinh_am_tiet", 73, "xâydựng", "xây dựng"),
    ("van_ban.dinh_am_tiet", 89, "quảxã", "quả xã"),
    ("van_ban.chu_le", 84, "sách h xã", "sách xã"),
    ("van_ban.chu_le", 92, "liên n quan", "liên quan"),
    ("van_ban.chu_le", 93, "chức c và", "chức và"),
    ("van_ban.gach_noi", 58, "tế- xã", "tế - xã"),
    ("van_ban.gach_noi", 87, "chính- Kế", "chính - Kế"),
    ("van_ban.gach_noi", 89, "HĐND- UBND", "HĐND - UBND"),
    ("van_ban.gach_noi", 94, "Kê- Cơ", "Kê - Cơ"),
]
"""The reference plan's mistakes the checker finds, in the order of its report: rule, paragraph
(counted from 0: the header table's 8, the title, the trích yếu and its rule, then the body),
the text at the place, what is expected."""

REFERENCE_PLACES = {
    "Số: 49 /KH - UBND": "Số: 49 /KH - UBND",
    "8.Tiếp": "8.Tiếp tục triển khai thực hiện hiệu quả kế hoạch",
    "Nghị đinh số": "Nghị đinh số 43/2011/NĐ-CP ngày 13/6/2011",
    "huyênj": "theo chỉ đạo của huyênj.",
    "sách h xã": "do ngân sách h xã bảo đảm",
    "UBNDhuyện": "Huyện ủy, UBNDhuyện, Chủ tịch UBND huyện",
    "quảxã": "trả kết quảxã, đảm bảo",
}
"""A few places, by the text of the paragraph they are found in."""


def test_the_reference_plan_as_typed() -> None:
    text = reference_plan_text()
    if text is None:
        pytest.skip("the reference plan is not beside the repository (shared/reference)")
    report = check(reference_plan(text))
    assert report.not_evaluated == {}
    found = [(f.rule, f.paragraph, f.found, f.expected) for f in report.findings]
    assert found == REFERENCE_MISTAKES
    assert len(found) >= 20
    paragraphs = {f.found: f.context for f in report.findings}
    for mistake, place in REFERENCE_PLACES.items():
        assert place in paragraphs[mistake]
    by_rule = {f.rule for f in report.findings}
    assert not any(rule.startswith(("dinh_dang.", "trang.", "phong_chu.")) for rule in by_rule)


def test_the_same_plan_rendered_by_vanban_has_no_finding() -> None:
    report = check(vb.render(vb.load(KE_HOACH_YAML)).to_bytes())
    assert report.findings == ()
    assert report.compliant


# Documents from other offices ---------------------------------------------------------------------


OTHER_OFFICE_FINDINGS = [
    ("quoc_hieu.chinh_ta", "CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", QUOC_HIEU),
    ("dinh_dang.can_le", "Số, ký hiệu “Số: 12/NV-TCBC”: canh trái", "canh giữa"),
    (
        "dinh_dang.can_le",
        "Đoạn nội dung “Thực hiện Quyết định số 1847/QĐ- TTg ng…”: canh trái",
        "canh đều hai lề",
    ),
    ("than.so_thu_tu", "3. (sau 1.)", "2."),
    ("trich_dan.ky_hieu", "1847/QĐ- TTg", "1847/QĐ-TTg"),
    # old and new tone marks mixed: the old ones are mended to the decree's ("Ủy", "hòa"),
    # "HOÀ" of the Quốc hiệu too (its own rule reports it as well, and mends it first)
    ("van_ban.kieu_dau", "HOÀ", "HÒA"),
    ("van_ban.kieu_dau", "thuỷ", "thủy"),
    ("van_ban.kieu_dau", "Uỷ", "Ủy"),
    ("van_ban.kieu_dau", "thuỷ", "thủy"),
    ("van_ban.cach_truoc_dau", "2022 .", "2022."),
]
"""What the document from another office breaks, but for its font."""


def test_a_document_from_another_office() -> None:
    report = check(other_office())
    assert report.not_evaluated == {}
    assert [(f.rule, f.found, f.expected) for f in report.findings] == [
        ("phong_chu.times_new_roman", "Arial (17 đoạn)", "Times New Roman"),
        *OTHER_OFFICE_FINDINGS,
    ]
    (tone,) = [f for f in report.findings if f.rule == "quoc_hieu.chinh_ta"]
    assert tone.severity == "trinh_bay"  # only the tone's place differs
    # the header in text boxes is found, the date pushed right with tabs read
    assert "dia_danh_ngay.dang" in report.passed and "kinh_gui.dau" in report.passed
    assert "dinh_dang.duong_ke" in report.passed  # the rules drawn as a line shape


def test_a_document_from_another_office_in_times_new_roman() -> None:
    report = check(other_office(font="Times New Roman"))
    assert "phong_chu.times_new_roman" in report.passed
    assert [(f.rule, f.found, f.expected) for f in report.findings] == OTHER_OFFICE_FINDINGS


def test_a_document_from_another_office_fixed(tmp_path: Path) -> None:
    # text boxes, tabs and old tone marks: --fix mends every safe finding, and with --guarded
    # the numbering and the citation too
    result = fix(other_office(), tmp_path / "da-sua.docx", guarded=True)
    assert result.after.findings == () and result.after.compliant
    assert {f.rule for f in result.applied} == {f.rule for f in result.before.findings}
    assert [p.text for p in read_docx(result.out.read_bytes()).paragraphs][7:14] == [
        "Số: 12/NV-TCBC",
        "\t\tGia Lộc, ngày 05 tháng 3 năm 2022",
        "V/v báo cáo công tác thủy lợi",
        "Kính gửi: Ủy ban nhân dân các xã, thị trấn",
        "Thực hiện Quyết định số 1847/QĐ-TTg ngày 27/12/2018 của Thủ tướng Chính phủ, Phòng "
        "Nội vụ đề nghị Ủy ban nhân dân các xã báo cáo:",
        "1. Tình hình công tác thủy lợi năm 2021;",
        "2. Kế hoạch năm 2022.",
    ]


# Edits -------------------------------------------------------------------------------------------

NEW_RULES = {
    "trang.so_trang", "dinh_dang.co_chu", "dinh_dang.dam", "dinh_dang.nghieng",
    "dinh_dang.in_hoa", "dinh_dang.can_le", "dinh_dang.duong_ke", "kinh_gui.dau", "chu_ky.bang",
    "than.so_thu_tu", "than.tieu_de", "trich_dan.ten_loai", "trich_dan.ky_hieu",
    "trich_dan.ngay", "van_ban.telex", "van_ban.dinh_am_tiet", "van_ban.chu_le",
    "van_ban.cach_truoc_dau", "van_ban.gach_noi",
}  # fmt: skip
"""The rules this file covers, beyond the foundation's (tests/test_kiem_tra.py)."""


def _applied(text: str, edits: list[ReplaceText]) -> str:
    for e in sorted(edits, key=lambda e: e.start, reverse=True):
        text = text[: e.start] + e.text + text[e.end :]
    return text


def test_every_new_rule_is_registered() -> None:
    assert {r.id for r in RULES} >= NEW_RULES


def test_safe_and_guarded_rules_attach_edits_that_mend_the_text() -> None:
    header = commune_header()
    header["nation"][0] = Line(QUOC_HIEU, 14, bold=False, align=None)
    header["agency"][0] = Line("Ủy ban nhân dân", 13, bold=True, align=CENTER)
    lines = [
        "Kính gửi",
        "- Phòng Nội vụ huyện,",
        "- Phòng Tư pháp huyện",
        "I. Mục đích",
        "c) Một.",
        "Theo Nghị định số 108/2020/NĐ- CP ngày 5/3/2020, Nghị đinh số 30/2020/NĐ-CP.",
        "Các đơn vị , kinh tế- xã hội, ngân sách h xã trên địa bànxã của huyênj.",
    ]
    data = typed(
        Typed(
            **header,
            body=[*TITLE, *(Line(x, 14, align=JUSTIFY) for x in lines)],
            **commune_closing(),
        )
    )
    doc, parts = _read(data)
    seen = set()
    for r in RULES:
        if r.id not in NEW_RULES:
            continue
        try:
            hits = list(r.evaluate(doc, parts))
        except (NotApplicable, CannotEvaluate):
            continue
        for hit in hits:
            seen.add(r.id)
            if r.fix in ("safe", "guarded") or hit.edits:
                assert hit.edits, (r.id, hit.found)
            texts = [e for e in hit.edits if isinstance(e, ReplaceText)]
            if texts and hit.paragraph is not None:
                mended = _applied(hit.paragraph.text, texts)
                want = hit.expected.removesuffix(" (đậm)")
                assert want in mended, (r.id, mended, want)
    assert seen >= {
        "dinh_dang.co_chu", "dinh_dang.dam", "dinh_dang.in_hoa", "dinh_dang.can_le",
        "kinh_gui.dau", "than.so_thu_tu", "than.tieu_de", "trich_dan.ten_loai",
        "trich_dan.ky_hieu", "trich_dan.ngay", "van_ban.telex", "van_ban.dinh_am_tiet",
        "van_ban.chu_le", "van_ban.cach_truoc_dau", "van_ban.gach_noi",
    }  # fmt: skip


_TYPED_TEXT = st.text(
    alphabet=st.sampled_from(
        list("abcdđeghiklmnopqrstuvxyáàảãạâầấậêếệôồộơớưừựăắ ABCĐIVX0123456789.,;:-()/\u00a0")
    ),
    max_size=60,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TYPED_TEXT, min_size=1, max_size=6))
def test_any_typed_body_is_read_without_a_crash(paragraphs: list[str]) -> None:
    from vanban.text.chars import clean_text

    lines = [clean_text(x) for x in paragraphs]
    report = check(plan(lines))
    ids = {r.id for r in RULES}
    assert all(f.rule in ids for f in report.findings)
    assert set(report.applicable) == set(report.evaluated) | set(report.not_evaluated)

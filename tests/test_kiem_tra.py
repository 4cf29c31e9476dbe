"""The checker (vanban.kiem_tra, issue 14): vanban's own output checks clean for every example and
layout, and a document typed in Word gets exactly the findings it deserves."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import unicodedata
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt
from hypothesis import given
from hypothesis import strategies as st

import vanban as vb
from vanban.kiem_tra import RULES, check
from vanban.kiem_tra.components import find_components
from vanban.kiem_tra.docx import Docx, Paragraph, Run, read_docx
from vanban.typeset.page import FONT

from .conftest import EXAMPLES, KE_HOACH_YAML, ROOT
from .kiem_tra_samples import text_box


def nfd(text: str) -> str:
    """``text`` decomposed, as some input methods and Mac files write it."""
    return unicodedata.normalize("NFD", text)


EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def _rendered(path: Path, **options: bool) -> vb.Rendered:
    return vb.render(vb.load(path), **options)


# vanban's own documents ------------------------------------------------------------------------


@pytest.mark.parametrize("example", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_every_example_checks_clean(example: Path) -> None:
    report = check(_rendered(example).to_bytes())
    assert report.findings == ()
    assert report.not_evaluated == {}
    assert report.compliant
    assert report.failed == ()
    assert set(report.passed) == set(report.applicable) == set(report.evaluated)
    # the rules every layout has: page, font, Quốc hiệu, Tiêu ngữ, Số and the typing rules
    sometimes = {
        "dia_danh_ngay.dang",
        "dia_danh_ngay.nghieng",
        "noi_nhan.dau",
        "noi_nhan.nhu_tren",
        "so_ky_hieu.loai",
        "chu_ky.quyen_han",
        "chu_ky.bang",
        "kinh_gui.dau",
        "than.so_thu_tu",
        "than.tieu_de",
        "trang.so_trang",
    }
    always = {r.id for r in RULES} - sometimes
    assert always <= set(report.applicable)


def test_the_examples_cover_every_layout() -> None:
    layouts = {mau for example in EXAMPLE_FILES for mau in vb.load(example).LOAI.mau}
    assert {"1.1", "1.2", "1.4", "1.5", "1.6", "1.7", "1.8", "1.9", "1.10"} <= layouts


def test_the_attached_text_and_the_copy_check_clean(tmp_path: Path) -> None:
    decision = _rendered(EXAMPLES / "quyet_dinh_phe_duyet_ke_hoach.yaml", kem_theo_rieng=True)
    assert decision.kem_theo is not None
    attached = check(decision.kem_theo.to_bytes())
    assert attached.findings == () and attached.compliant
    # Mẫu 1.3's attached text has no Số and no date: those rules do not apply, nothing is skipped
    assert "so_ky_hieu.dang" not in attached.applicable
    assert "dia_danh_ngay.dang" not in attached.applicable
    original = tmp_path / "ke_hoach.docx"
    _rendered(KE_HOACH_YAML).save(original)
    ban_sao = vb.BanSao.model_validate(
        yaml.safe_load((EXAMPLES / "ban_sao" / "sao_y.yaml").read_text())
    )
    report = check(vb.copy_document(original, ban_sao))
    assert report.findings == () and report.compliant


def test_bien_ban_has_no_date_line_to_check() -> None:
    report = check(_rendered(EXAMPLES / "bien_ban_hoi_nghi_tong_ket_2022.yaml").to_bytes())
    assert "dia_danh_ngay.dang" not in report.applicable
    assert report.compliant


def test_components_of_a_rendered_plan() -> None:
    doc = read_docx(_rendered(KE_HOACH_YAML).to_bytes())
    parts = find_components(doc)
    assert (
        parts.quoc_hieu is not None and parts.quoc_hieu.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    )
    assert parts.so_ky_hieu is not None and parts.so_ky_hieu.text == "Số: 49/KH-UBND"
    assert parts.dia_danh_ngay is not None
    assert parts.dia_danh_ngay.text == "Gia Lương, ngày 29 tháng 01 năm 2022"
    assert parts.ten_loai is not None and parts.ten_loai.text == "KẾ HOẠCH"
    assert parts.noi_nhan is not None and parts.noi_nhan.text == "Nơi nhận:"
    assert parts.noi_nhan_muc[-1].text == "- Lưu: VT, VP."
    assert [p.text for p in parts.chu_ky][:2] == [
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
    ]
    assert parts.dia_danh_ngay.paragraph.italic and parts.so_ky_hieu.paragraph.cell == (0, 1, 0)


# A document typed in Word --------------------------------------------------------------------


def word_document(
    lines: list[str],
    *,
    font: str | None = "Times New Roman",
    a4: bool = True,
    italic: tuple[int, ...] = (),
) -> bytes:
    """A document as a clerk types it in Word: every line a plain paragraph, no table, no
    style of vanban's, each line in the size and weight the decree gives its component
    (:func:`decree_format`); ``italic`` the indexes of lines typed in italics."""
    document = docx.Document()
    if font is not None:
        document.styles["Normal"].font.name = font
    document.styles["Normal"].font.size = Pt(13)
    if a4:
        section = document.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = section.bottom_margin = Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
    state = {"closing": False, "title": False}
    for i, line in enumerate(lines):
        paragraph = document.add_paragraph()
        for k, part in enumerate(line.split("\n")):
            run = paragraph.add_run()
            if k:
                run.add_break()  # Shift+Enter, then the line
            run.add_text(part)
            size, bold, italic_too = decree_format(part, state)
            run.font.size = Pt(size)
            run.bold = bold or None
            # the rules under the Tiêu ngữ, the agency's name and the trích yếu, as underlines
            run.underline = part.startswith(("Độc lập", "XÃ")) or (bold and size == 14) or None
            run.italic = i in italic or italic_too or None
        if i < 8:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif not state["closing"]:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def decree_format(line: str, state: dict[str, bool]) -> tuple[float, bool, bool]:
    """Size, bold, italic of ``line`` as NĐ 30/2020, Phụ lục I, mục II gives its component,
    told by its content; ``state`` remembers whether Nơi nhận or a title came before."""
    line = unicodedata.normalize("NFC", line)
    title, state["title"] = state["title"], False
    letters = [ch for ch in line if ch.isalpha()]
    if line.startswith("Nơi nhận"):
        state["closing"] = True
        return 12, True, True
    if state["closing"]:
        return 11, False, False
    if line.startswith("Số"):
        return 13, False, False
    if letters and all(ch.isupper() for ch in letters):  # Quốc hiệu, agency, title: 13 fits all
        state["title"] = not line.startswith(("CỘNG", "ỦY", "XÃ", "UBND"))
        return 13, True, False
    if line.startswith("Độc lập") or title:  # Tiêu ngữ, trích yếu
        return 14, True, False
    return 14, False, False


GOOD = [
    "ỦY BAN NHÂN DÂN",
    "XÃ GIA LƯƠNG",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 49/KH-UBND",
    "Gia Lương, ngày 29 tháng 01 năm 2022",
    "KẾ HOẠCH",
    "Cải cách hành chính nhà nước năm 2022",
    "Ủy ban nhân dân xã ban hành Kế hoạch cải cách hành chính năm 2022 như sau.",
    "Nơi nhận:",
    "- UBND huyện;",
    "- Lưu: VT, VP.",
]


NEW_TEXT_RULES = {
    "trich_dan.ten_loai",
    "trich_dan.ky_hieu",
    "trich_dan.ngay",
    "van_ban.telex",
    "van_ban.dinh_am_tiet",
    "van_ban.chu_le",
    "van_ban.cach_truoc_dau",
    "van_ban.gach_noi",
}
"""Rules over the whole text, applicable to every document (tests/test_kiem_tra_rules.py)."""
FORMAT_RULES = {"dinh_dang.co_chu", "dinh_dang.dam", "dinh_dang.nghieng", "dinh_dang.in_hoa"}
FORMAT_RULES |= {"dinh_dang.can_le", "dinh_dang.duong_ke"}
"""The per-component formatting rules (size, bold, italic, case, alignment)."""
ONLY_WITH = {"chu_ky.quyen_han", "chu_ky.bang", "kinh_gui.dau", "than.so_thu_tu", "than.tieu_de"}
ONLY_WITH |= {"trang.so_trang"}
"""Rules that apply only when the document has a signature, Kính gửi, a numbered body, or page
numbers or more than a page of text."""


def test_a_good_document_typed_in_word_checks_clean() -> None:
    report = check(word_document(GOOD, italic=(5,)))
    assert report.findings == ()
    assert report.compliant
    # every rule but the signature's (none is typed), Kính gửi's and the numbered body's
    assert set(report.applicable) == {r.id for r in RULES} - ONLY_WITH


def test_a_document_typed_in_word_with_its_mistakes() -> None:
    lines = [
        "ỦY BAN NHÂN DÂN",
        "XÃ GIA LƯƠNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số:49 /KH - UBND",
        "Gia Lương, ngày 5 tháng 1 năm 2022",
        "KẾ HOẠCH",
        "Cải cách hành chính nhà nước năm 2022",
        "Thực hiện các các nhiệm vụ của Uỷ ban nhân dân xã năm 2022.",
        f"Ủy ban nhân dân xã giao {nfd('Văn phòng')} theo dõi.",
        "UBNDhuyện chỉ đạo thực hiệnCCHC  trong năm.",
        "Nơi nhận:",
        "- UBND huyện;",
        "-Đảng ủy xã.",
        "- Lưu VT",
    ]
    report = check(word_document(lines, font="Arial", a4=False))
    found = [(f.rule, f.component, f.paragraph, f.found, f.expected) for f in report.findings]
    assert found == [
        ("trang.kho_giay", "trang", None, "phần 1: 215,9 x 279,4 mm", "210 x 297 mm"),
        ("trang.le", "trang", None, "phần 1: lề trên 25,4 mm", "20-25 mm"),
        ("trang.le", "trang", None, "phần 1: lề dưới 25,4 mm", "20-25 mm"),
        ("trang.le", "trang", None, "phần 1: lề phải 31,7 mm", "15-20 mm"),
        ("phong_chu.times_new_roman", "phong_chu", 0, "Arial (15 đoạn)", "Times New Roman"),
        ("so_ky_hieu.dang", "so_ky_hieu", 4, "Số:49 /KH - UBND", "Số: 49/KH-UBND"),
        (
            "dia_danh_ngay.dang",
            "dia_danh_ngay",
            5,
            "Gia Lương, ngày 5 tháng 1 năm 2022",
            "Gia Lương, ngày 05 tháng 01 năm 2022",
        ),
        (
            "dia_danh_ngay.nghieng",
            "dia_danh_ngay",
            5,
            "chữ đứng",
            "chữ nghiêng",
        ),
        ("noi_nhan.dau", "noi_nhan", 13, "-Đảng ủy xã.", "- Đảng ủy xã;"),
        ("noi_nhan.dau", "noi_nhan", 14, "- Lưu VT", "- Lưu: VT."),
        ("van_ban.lap_tu", "noi_dung", 8, "các các", "các"),
        ("van_ban.khoang_trang", "noi_dung", 10, "hiệnCCHC  trong", "hiệnCCHC trong"),
        ("van_ban.unicode_dung_san", "noi_dung", 9, f"{nfd('Văn')} (Va\\u0306n)", "Văn"),
        ("van_ban.kieu_dau", "noi_dung", 8, "Uỷ", "Ủy"),
        ("van_ban.dinh_lien", "noi_dung", 10, "UBNDhuyện", "UBND huyện"),
        ("van_ban.dinh_lien", "noi_dung", 10, "hiệnCCHC", "hiện CCHC"),
    ]
    assert not report.compliant
    assert report.not_evaluated == {}
    assert set(report.failed) == {f.rule for f in report.findings}
    assert set(report.passed) == {
        "quoc_hieu.chinh_ta",
        "tieu_ngu.chinh_ta",
        "so_ky_hieu.loai",
        "noi_nhan.nhu_tren",
        "van_ban.dau_cau_lap",
        "van_ban.xuong_dong",
        *NEW_TEXT_RULES,
        *FORMAT_RULES,
        "ma_cu.unicode",
    }
    first = report.findings[0]
    assert (first.citation, first.severity, first.fix) == (
        "NĐ 30/2020, Phụ lục I, mục I.1-2",
        "loi",
        "safe",
    )
    assert report.findings[10].context == lines[8]


def test_lines_split_by_hard_line_breaks() -> None:
    # Shift+Enter in Word: the Quốc hiệu and the Tiêu ngữ as one paragraph, Nơi nhận and its items
    lines = [*GOOD[:2], "\n".join(GOOD[2:4]), *GOOD[4:9], "\n".join([*GOOD[9:], "- Lưu VT"])]
    lines[-1] = lines[-1].replace("\n- Lưu: VT, VP.", "")
    report = check(word_document(lines, italic=(4,)))
    assert [(f.rule, f.paragraph, f.found, f.expected) for f in report.findings] == [
        ("noi_nhan.dau", 8, "- Lưu VT", "- Lưu: VT.")
    ]
    parts = find_components(read_docx(word_document(lines)))
    assert parts.tieu_ngu is not None and parts.tieu_ngu.text == "Độc lập - Tự do - Hạnh phúc"
    assert [x.text for x in parts.noi_nhan_muc] == ["- UBND huyện;", "- Lưu VT"]


@pytest.mark.parametrize(
    ("line", "found", "severity"),
    [
        ("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", "quoc_hieu", "trinh_bay"),  # tone placement only
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA  VIỆT NAM", "quoc_hieu", "loi"),
        ("Cộng hòa xã hội chủ nghĩa Việt Nam", "quoc_hieu", "loi"),
        ("Độc lập-Tự do-Hạnh phúc", "tieu_ngu", "loi"),
        ("Độc lập – Tự do – Hạnh phúc", "tieu_ngu", "loi"),
        ("Độc lập - Tự do - Hạnh Phúc", "tieu_ngu", "loi"),
    ],
)
def test_quoc_hieu_and_tieu_ngu_spelled_exactly(line: str, found: str, severity: str) -> None:
    lines = list(GOOD)
    lines[2 if found == "quoc_hieu" else 3] = line
    report = check(word_document(lines, italic=(5,)))
    rule = f"{found}.chinh_ta"
    assert [(f.rule, f.found, f.severity) for f in report.findings if f.rule == rule] == [
        (rule, line, severity)
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Gia Lương, ngày 29 tháng 6 năm 2019", None),
        ("Gia Lương, ngày 05 tháng 02 năm 2022", None),
        ("Phường 12, ngày 15 tháng 10 năm 2022", None),
        ("Gia Lương, ngày 29 tháng 06 năm 2019", "Gia Lương, ngày 29 tháng 6 năm 2019"),
        ("Gia Lương ngày 9 tháng 2 năm 2022", "Gia Lương, ngày 09 tháng 02 năm 2022"),
        ("Gia Lương,  ngày 29  tháng 01 năm 2022", "Gia Lương, ngày 29 tháng 01 năm 2022"),
        ("Gia Lương, ngày 30 tháng 02 năm 2022", "một ngày có thật"),
    ],
)
def test_the_date_line(line: str, expected: str | None) -> None:
    lines = list(GOOD)
    lines[5] = line
    report = check(word_document(lines, italic=(5,)))
    hits = [f.expected for f in report.findings if f.rule == "dia_danh_ngay.dang"]
    assert hits == ([] if expected is None else [expected])


@pytest.mark.parametrize(
    ("items", "wrong"),
    [
        (["- UBND huyện;", "- Lưu: VT, VP (2)."], []),
        (["– UBND huyện;", "- Lưu: VT, VP."], [("– UBND huyện;", "- UBND huyện;")]),
        (
            ["- UBND huyện,", "- Lưu: VT, VP"],
            [("- UBND huyện,", "- UBND huyện;"), ("- Lưu: VT, VP", "- Lưu: VT, VP.")],
        ),
        (["- UBND huyện;", "- Lưu: VP."], [("- Lưu: VP.", "- Lưu: VT, VP.")]),
        (
            ["- Phòng Nội vụ huyện; (để báo cáo)", "- Lưu: VT, VP."],
            [("- Phòng Nội vụ huyện; (để báo cáo)", "- Phòng Nội vụ huyện (để báo cáo);")],
        ),
        (["- Phòng Nội vụ huyện (để báo cáo);", "- Lưu: VT, VP."], []),
    ],
)
def test_noi_nhan_punctuation(items: list[str], wrong: list[tuple[str, str]]) -> None:
    report = check(word_document([*GOOD[:10], *items], italic=(5,)))
    assert [(f.found, f.expected) for f in report.findings if f.rule == "noi_nhan.dau"] == wrong


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Các đơn vị thực hiện dần dần từng bước, từ từ.", []),  # reduplication on purpose
        ("Ban Kinh tế - Xã hội Hội đồng nhân dân xã.", []),  # a name opens with a capital
        ("CÁC CÁC đơn vị; Các các đơn vị.", ["CÁC CÁC", "Các các"]),
    ],
)
def test_doubled_words(text: str, found: list[str]) -> None:
    report = check(word_document([*GOOD[:8], text], italic=(5,)))
    assert [f.found for f in report.findings if f.rule == "van_ban.lap_tu"] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Tờ trình số 15/TTr-UBND, Quy định 03/QyĐ-UBND, bản 02/TrS-VP, gửi TTg.", []),
        ("UBNDXã Gia Lương và HĐNDhuyện", [("UBNDXã", "UBND Xã"), ("HĐNDhuyện", "HĐND huyện")]),
        ("bànxã thực hiệnCCHC", [("hiệnCCHC", "hiện CCHC")]),  # "bànxã" needs a dictionary
    ],
)
def test_syllables_run_together(text: str, found: list[tuple[str, str]]) -> None:
    report = check(word_document([*GOOD[:8], text], italic=(5,)))
    assert [
        (f.found, f.expected) for f in report.findings if f.rule == "van_ban.dinh_lien"
    ] == found


def test_a_theme_font_is_the_font_the_theme_names() -> None:
    report = check(word_document(GOOD, font=None, italic=(5,)))
    fonts = [f.found for f in report.findings if f.rule == "phong_chu.times_new_roman"]
    # python-docx's template sets no font but the theme's minor font, which its theme names Cambria
    assert fonts == ["Cambria (12 đoạn)"]


def test_a_rule_that_cannot_be_evaluated_is_never_passed() -> None:
    lines = [line for line in GOOD if "CỘNG HÒA" not in line and "Độc lập" not in line]
    report = check(word_document(lines, italic=(3,)))
    assert report.findings == ()
    assert set(report.not_evaluated) == {"quoc_hieu.chinh_ta", "tieu_ngu.chinh_ta"}
    assert not report.compliant
    assert report.to_dict()["compliant"] is False


def test_the_json_form_is_stable() -> None:
    report = check(word_document([*GOOD[:8], "các các"], italic=(5,)), name="x.docx")
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert list(data) == ["schema", "source", "compliant", "counts", "rules", "findings"]
    assert data["schema"] == 1 and data["source"] == "x.docx"
    assert data["counts"] == {
        # no Nơi nhận: none of its two rules; no signature, Kính gửi or numbered body
        "applicable": len(RULES) - 2 - len(ONLY_WITH),
        "evaluated": len(RULES) - 2 - len(ONLY_WITH),
        "passed": len(RULES) - 3 - len(ONLY_WITH),
        "failed": 1,
        "not_evaluated": 0,
        "findings": 1,
    }
    assert data["findings"] == [
        {
            "rule": "van_ban.lap_tu",
            "title": next(r.title for r in RULES if r.id == "van_ban.lap_tu"),
            "citation": "lỗi đánh máy, không phải quy định của NĐ 30/2020",
            "severity": "canh_bao",
            "component": "noi_dung",
            "paragraph": 8,
            "context": "các các",
            "found": "các các",
            "expected": "các",
            "fix": "suggest",
        }
    ]


# Reading safely ----------------------------------------------------------------------------


def test_a_file_that_is_not_a_docx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "not.docx"
    path.write_bytes(b"plain text")
    with pytest.raises(vb.PackageError, match=r"not\.docx: not a \.docx \(zip\) file"):
        check(path)
    with pytest.raises(vb.PackageError, match=r"not\.docx: not a \.docx \(zip\) file"):
        check(str(path))


def test_a_doctype_is_refused() -> None:
    data = word_document(GOOD)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                content = content.replace(
                    b"?>", b'?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>', 1
                )
            target.writestr(info, content)
    with pytest.raises(vb.PackageError, match=r"word/document\.xml: declares a DOCTYPE"):
        check(out.getvalue(), name="evil.docx")


def test_vanban_check_is_lazy() -> None:
    from vanban import kiem_tra

    assert vb.check is kiem_tra.check
    probe = "import sys, vanban; print('vanban.kiem_tra' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True
    )
    assert result.stdout.strip() == "False"


def test_rules_have_ids_citations_and_examples() -> None:
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    for r in RULES:
        assert r.citation and r.title and r.example and "→" in r.example
        assert r.severity in ("loi", "canh_bao", "trinh_bay")
        assert r.fix in ("safe", "guarded", "suggest", "none")


# The command line ----------------------------------------------------------------------------


def test_vanban_check_exit_codes_and_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from vanban.cli import main

    clean = tmp_path / "ke-hoach.docx"
    _rendered(KE_HOACH_YAML).save(clean)
    assert main(["check", str(clean)]) == 0
    assert capsys.readouterr().out == f"{clean}: đạt (38 quy tắc áp dụng, 38 đạt, 0 không đạt)\n"

    typed = tmp_path / "go-tay.docx"
    typed.write_bytes(word_document([*GOOD[:4], "Số:49 /KH - UBND", *GOOD[5:]], italic=(5,)))
    assert main(["check", str(typed)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{typed}: không đạt (33 quy tắc áp dụng, 32 đạt, 1 không đạt)",
        "  Số, ký hiệu",
        "    so_ky_hieu.dang: “Số:” rồi số và ký hiệu: không có khoảng trắng quanh “/” và “-”, "
        "số dưới 10 có số 0 đứng trước, ký hiệu in hoa (NĐ 30/2020, Phụ lục I, mục II.3)",
        "      [lỗi] đoạn 5: có “Số:49 /KH - UBND”, cần “Số: 49/KH-UBND”",
    ]

    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"PK\x03\x04 not really")
    missing = tmp_path / "khong-co.docx"
    assert main(["check", str(broken), str(missing), str(clean)]) == 2
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"vanban: {broken}: not a .docx (zip) file: File is not a zip file",
        f"vanban: {missing}: No such file or directory",
    ]
    assert "Traceback" not in captured.err
    assert captured.out.startswith(f"{clean}: đạt")


@pytest.mark.parametrize(
    ("fail_on", "status"), [(None, 1), ("trinh_bay", 1), ("canh_bao", 1), ("loi", 0)]
)
def test_fail_on_sets_the_least_severe_finding_that_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fail_on: str | None, status: int
) -> None:
    from vanban.cli import main

    typed = tmp_path / "go-tay.docx"  # one warning: a word typed twice
    typed.write_bytes(word_document([*GOOD[:8], "các các"], italic=(5,)))
    option = [] if fail_on is None else ["--fail-on", fail_on]
    assert main(["check", *option, str(typed)]) == status
    assert "[cảnh báo]" in capsys.readouterr().out  # reported whatever the exit status


def test_fail_on_style_only_findings(tmp_path: Path) -> None:
    from vanban.cli import main

    typed = tmp_path / "go-tay.docx"  # one style finding: two spaces between words
    typed.write_bytes(word_document([*GOOD[:8], "Thực hiện  nhiệm vụ"], italic=(5,)))
    assert main(["check", str(typed)]) == 1
    assert main(["check", "--fail-on", "canh_bao", str(typed)]) == 0
    with pytest.raises(SystemExit):
        main(["check", "--fail-on", "nang", str(typed)])


def test_vanban_check_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from vanban.cli import main

    typed = tmp_path / "go-tay.docx"
    typed.write_bytes(word_document([*GOOD[:8], "các các"], italic=(5,)))
    missing = tmp_path / "khong-co.docx"
    assert main(["check", "--json", str(typed), str(missing)]) == 2
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["schema", "reports", "errors", "summary"]
    assert data["errors"] == [
        {"source": str(missing), "error": f"{missing}: No such file or directory"}
    ]
    (report,) = data["reports"]
    assert report["source"] == str(typed) and report["compliant"] is False
    assert [f["rule"] for f in report["findings"]] == ["van_ban.lap_tu"]


def test_the_docs_list_every_rule_as_the_code_states_it() -> None:
    page = (ROOT / "docs" / "kiem-tra.md").read_text(encoding="utf-8")
    rows = [line for line in page.splitlines() if line.startswith("| `")]
    assert rows == [
        f"| `{r.id}` | {r.title} | {r.citation} | {r.severity} | {r.example} | {r.fix} |"
        for r in RULES
    ]


def _text_box(lines: list[str]) -> str:
    """A floating text box holding ``lines`` in bold Times New Roman; the rule under the Tiêu
    ngữ and the agency's name typed as an underline."""
    underlined = tuple(x for x in lines if x.startswith(("Độc", "XÃ")))
    return text_box([(x, True, False) for x in lines], FONT, underlined=underlined)


def test_a_header_in_floating_text_boxes() -> None:
    from docx.oxml import parse_xml

    document = docx.Document(io.BytesIO(word_document(GOOD[4:], italic=(1,))))
    body = document.element.body
    body.insert(0, parse_xml(_text_box(GOOD[2:4])))
    body.insert(0, parse_xml(_text_box(GOOD[:2])))
    out = io.BytesIO()
    document.save(out)
    doc = read_docx(out.getvalue())
    assert [p.text for p in doc.paragraphs[:6]] == ["", *GOOD[:2], "", *GOOD[2:4]]
    report = check(out.getvalue())
    assert report.findings == ()
    assert report.compliant


PLACES = ("Gia Lương", "Hà Nội", "Phường 12", "Thành phố Hồ Chí Minh", "Đặc khu Phú Quốc")


def _date_hits(line: str) -> list[str]:
    """What ``dia_danh_ngay.dang`` expects of a header whose date line is ``line``."""
    header = [*GOOD[:5], line]
    doc = Docx(
        "x.docx",
        tuple(
            Paragraph(i, text, None, None, (Run(text, FONT, 13.0, False, i == 5),), None)
            for i, text in enumerate(header)
        ),
        (),
    )
    rule = next(r for r in RULES if r.id == "dia_danh_ngay.dang")
    return [hit.expected for hit in rule.evaluate(doc, find_components(doc))]


@given(st.dates(date(1945, 9, 2), date(2100, 12, 31)), st.sampled_from(PLACES))
def test_the_date_line_agrees_with_the_renderer(when: date, place: str) -> None:
    right = vb.dia_danh_ngay_thang(place, when)
    assert _date_hits(right) == []
    bare = f"{place}, ngày {when.day} tháng {when.month} năm {when.year}"
    assert _date_hits(bare) == ([] if bare == right else [right])
    assert _date_hits(right.replace(", ngày", " ,ngày")) == [right]


def test_a_decomposed_header_is_found_and_reported_once() -> None:
    lines = [*GOOD[:4], nfd(GOOD[4]), nfd(GOOD[5]), *GOOD[6:]]
    report = check(word_document(lines, italic=(5,)))
    assert [(f.rule, f.paragraph, f.expected) for f in report.findings] == [
        ("van_ban.unicode_dung_san", 4, "Số"),
        ("van_ban.unicode_dung_san", 5, "Lương"),
    ]
    assert "so_ky_hieu.dang" in report.passed and "dia_danh_ngay.dang" in report.passed


@pytest.mark.parametrize(
    ("title", "so", "found"),
    [
        ("KẾ HOẠCH", "Số: 49/KH-UBND", []),
        ("KẾ HOẠCH", "Số: 49/BC-UBND", [("BC (KẾ HOẠCH)", "KH")]),
        ("TỜ TRÌNH", "Số: 15/TTr-UBND", []),
        ("TỜ TRÌNH", "Số: 15/TTR-UBND", []),  # the case is so_ky_hieu.dang's finding
        ("QUY ĐỊNH", "Số: 03/QĐ-UBND", [("QĐ (QUY ĐỊNH)", "QyĐ")]),
    ],
)
def test_the_code_names_the_kind_of_the_title(
    title: str, so: str, found: list[tuple[str, str]]
) -> None:
    lines = [*GOOD[:4], so, GOOD[5], title, *GOOD[7:]]
    report = check(word_document(lines, italic=(5,)))
    hits = [(f.found, f.expected) for f in report.findings if f.rule == "so_ky_hieu.loai"]
    assert hits == found
    assert "so_ky_hieu.loai" in report.applicable


@pytest.mark.parametrize(
    ("kinh_gui", "title", "found"),
    [
        (True, "TỜ TRÌNH", []),
        (False, "KẾ HOẠCH", ["- Như trên;"]),
        (False, "GIẤY GIỚI THIỆU", []),  # "Như trên": the office the people are sent to
    ],
)
def test_nhu_tren_only_for_recipients_named_above(
    kinh_gui: bool, title: str, found: list[str]
) -> None:
    abbreviation = {"TỜ TRÌNH": "TTr", "KẾ HOẠCH": "KH", "GIẤY GIỚI THIỆU": "GGT"}[title]
    body = ["Kính gửi: Ủy ban nhân dân huyện Gia Lộc."] if kinh_gui else []
    lines = [
        *GOOD[:4],
        f"Số: 49/{abbreviation}-UBND",
        GOOD[5],
        title,
        *body,
        GOOD[8],
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT, VP.",
    ]
    report = check(word_document(lines, italic=(5,)))
    assert [f.found for f in report.findings if f.rule == "noi_nhan.nhu_tren"] == found


def test_the_signers_authority() -> None:
    document = docx.Document(io.BytesIO(word_document(GOOD[:9], italic=(5,))))
    table = document.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run("Nơi nhận:")
    for text in ("- UBND huyện;", "- Lưu: VT, VP."):
        left.add_paragraph(text)
    right.paragraphs[0].add_run("Tm Ủy ban nhân dân")
    for text in ("KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "Họ và tên"):
        right.add_paragraph(text)
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            for run in paragraph.runs:
                run.font.name = "Times New Roman"
    out = io.BytesIO()
    document.save(out)
    report = check(out.getvalue())
    found = [
        (f.rule, f.component, f.found, f.expected)
        for f in report.findings
        if f.rule not in FORMAT_RULES  # the cells are typed without size or weight
    ]
    assert found == [("chu_ky.quyen_han", "chu_ky", "Tm Ủy ban nhân dân", "TM. ỦY BAN NHÂN DÂN")]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Thu phí, kiểm tra; báo cáo./.", []),
        (
            "Thu phí, , kiểm tra;; báo cáo",
            [("van_ban.dau_cau_lap", ", ,"), ("van_ban.dau_cau_lap", ";;")],
        ),
        (
            "Thực hiện kế hoạch của\nhuyện Gia Lộc.",
            [("van_ban.xuong_dong", "của↵huyện")],
        ),
    ],
)
def test_punctuation_and_line_breaks(text: str, found: list[tuple[str, str]]) -> None:
    report = check(word_document([*GOOD[:8], text, *GOOD[9:]], italic=(5,)))
    assert [(f.rule, f.found) for f in report.findings] == found


def test_line_breaks_in_the_header_and_nơi_nhận_are_not_flagged() -> None:
    lines = [*GOOD[:2], "\n".join(GOOD[2:4]), *GOOD[4:9], "\n".join(GOOD[9:])]
    report = check(word_document(lines, italic=(4,)))
    assert report.findings == ()
    assert "van_ban.xuong_dong" in report.passed

"""``vanban check --fix`` (vanban.kiem_tra.sua, issue 14 item 4): a document typed in Word with
its mistakes is fixed where the grade allows, the fixed file checks clean for those rules, only
the document part changes, and a signed or tracked document is checked but never fixed."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import unicodedata
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from docx.shared import Pt
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import vanban as vb
from vanban.errors import FixError
from vanban.kiem_tra import check
from vanban.kiem_tra.docx import W, open_docx, read_docx
from vanban.kiem_tra.edits import ReplaceText, SetAlignment, SetRun
from vanban.kiem_tra.sua import FixResult, apply, fix, package_bytes
from vanban.pdf import PdfConverter

from .conftest import KE_HOACH_YAML
from .kiem_tra_samples import (
    CENTER,
    JUSTIFY,
    LINE_SHAPE,
    RULE,
    Line,
    Typed,
    body_line,
    commune_closing,
    commune_header,
    plan,
    reference_plan,
    reference_plan_text,
    text_box,
    typed,
)

FONT = "Times New Roman"


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def members(data: bytes) -> list[tuple[str, int, bytes]]:
    """Every member of a package in order: name, compression method, content."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(i.filename, i.compress_type, archive.read(i)) for i in archive.infolist()]


def changed_members(before: bytes, after: bytes) -> list[str]:
    old, new = members(before), members(after)
    assert [m[0] for m in old] == [m[0] for m in new]  # the same names in the same order
    return [a[0] for a, b in zip(old, new, strict=True) if a != b]


def texts(data: bytes) -> list[str]:
    return [p.text for p in read_docx(data).paragraphs]


# Safe mistakes, fixed ---------------------------------------------------------------------------


def safe_mistakes() -> bytes:
    """A plan typed in Arial on Word's Letter page, with a mistake of every safe rule: the
    Quốc hiệu's tone, the Tiêu ngữ's dashes, the Số line's spaces (and bold), the date's zeros
    (and upright), "Tm", the size of a Nơi nhận line, "Nơi nhận:" upright, the Số line not
    centred, a double space, old and new tone marks mixed, decomposed text, a cited date without
    its zero, a space before a comma, a hyphen spaced on one side. Everything else as the decree
    says."""
    header = commune_header()
    header["so"] = [Line("Số:49 /KH - UBND", 13, bold=True)]
    header["nation"][:2] = [
        Line("CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, bold=True, align=CENTER),
        Line("Độc lập-Tự do-Hạnh phúc", 14, bold=True, align=CENTER),
    ]
    header["date"] = [Line("Gia Lương, ngày 5 tháng 1 năm 2022", 14, align=CENTER)]
    closing = commune_closing(["- UBND huyện;", "- Lưu: VT, VP."])
    closing["noi_nhan"][:2] = [Line("Nơi nhận:", 12, bold=True), Line("- UBND huyện;", 13)]
    closing["signature"][0] = Line("Tm ỦY BAN NHÂN DÂN", 14, bold=True, align=CENTER)
    sentence = (
        ("Thực hiện nhiệm vụ của Uỷ ban  ", False),
        ("nhân dân", True),
        (" xã năm 2022.", False),
    )
    body = [
        Line("KẾ HOẠCH", 14, bold=True, align=CENTER),
        Line("Cải cách hành chính nhà nước năm 2022", 14, bold=True, align=CENTER),
        RULE,
        Line("", 14, align=JUSTIFY, indent=True, runs=sentence),
        body_line(f"Ủy ban nhân dân xã giao {nfd('Văn phòng')} theo dõi."),
        body_line("Theo Nghị định số 16/2015/NĐ-CP ngày 14/2/2015 , kinh tế- xã hội."),
    ]
    return typed(Typed(**header, body=body, **closing, font="Arial", a4=False))


FIXED_TEXTS = [
    "ỦY BAN NHÂN DÂN",
    "XÃ GIA LƯƠNG",
    RULE.text,
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    RULE.text,
    "Số: 49/KH-UBND",
    "Gia Lương, ngày 05 tháng 01 năm 2022",
    "KẾ HOẠCH",
    "Cải cách hành chính nhà nước năm 2022",
    RULE.text,
    "Thực hiện nhiệm vụ của Ủy ban nhân dân xã năm 2022.",
    "Ủy ban nhân dân xã giao Văn phòng theo dõi.",
    "Theo Nghị định số 16/2015/NĐ-CP ngày 14/02/2015, kinh tế - xã hội.",
    "Nơi nhận:",
    "- UBND huyện;",
    "- Lưu: VT, VP.",
    "TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH",
    "",
    "Đoàn Thanh Bình",
]


def test_every_safe_mistake_is_fixed_and_nothing_else_changes(tmp_path: Path) -> None:
    source = tmp_path / "go-tay.docx"
    source.write_bytes(safe_mistakes())
    result = fix(source, tmp_path / "da-sua.docx")
    assert isinstance(result, FixResult)
    assert [f.rule for f in result.applied] == [
        "trang.kho_giay",
        "trang.le",
        "trang.le",
        "trang.le",
        "phong_chu.times_new_roman",
        "quoc_hieu.chinh_ta",
        "tieu_ngu.chinh_ta",
        "so_ky_hieu.dang",
        "dia_danh_ngay.dang",
        "dia_danh_ngay.nghieng",
        "chu_ky.quyen_han",
        "dinh_dang.co_chu",
        "dinh_dang.dam",
        "dinh_dang.nghieng",
        "dinh_dang.can_le",
        "trich_dan.ngay",
        "van_ban.khoang_trang",
        "van_ban.unicode_dung_san",
        "van_ban.kieu_dau",
        "van_ban.cach_truoc_dau",
        "van_ban.gach_noi",
    ]
    # every finding was safe and was fixed; "HOÀ" twice: the Quốc hiệu's edit mended it first
    assert [(f.rule, f.found) for f in result.before.findings if f not in result.applied] == [
        ("van_ban.kieu_dau", "HOÀ")
    ]
    assert result.after.findings == () and result.after.compliant
    assert result.skipped == ()
    assert result.after.source == str(tmp_path / "da-sua.docx")
    fixed = result.out.read_bytes()
    assert check(fixed).compliant
    # the text changed only where a rule said so
    assert texts(fixed) == FIXED_TEXTS
    # only the document part was written again: every other member byte for byte, in order
    assert result.changed == ("word/document.xml",)
    assert changed_members(source.read_bytes(), fixed) == ["word/document.xml"]
    # the page: A4, the margins moved to the nearest the decree allows (twips, as Word stores)
    section = etree.fromstring(dict((m[0], m[2]) for m in members(fixed))["word/document.xml"])
    size = section.find(f".//{{{W}}}pgSz")
    margins = section.find(f".//{{{W}}}pgMar")
    assert size is not None and margins is not None
    assert (size.get(f"{{{W}}}w"), size.get(f"{{{W}}}h")) == ("11906", "16838")
    assert [margins.get(f"{{{W}}}{side}") for side in ("top", "bottom", "left", "right")] == [
        "1417",  # 25,4 mm -> 25 mm
        "1417",
        "1800",  # 31,75 mm: inside 30-35 mm, kept
        "1134",  # 31,75 mm -> 20 mm
    ]
    # formatting: the runs keep theirs; a replacement takes the run where its span starts
    doc = read_docx(fixed)
    assert {r.font for p in doc.paragraphs for r in p.words} == {"Times New Roman"}
    sentence = doc.paragraphs[11]
    assert [(r.text, r.bold) for r in sentence.runs if r.text] == [
        ("Thực hiện nhiệm vụ của ", False),
        ("Ủy", False),
        (" ban", False),
        (" ", False),
        ("nhân dân", True),
        (" xã năm 2022.", False),
    ]
    # the Số line written again took its run's bold, which dinh_dang.dam then took away
    so, date = doc.paragraphs[6], doc.paragraphs[7]
    assert (so.text, so.bold, so.runs[0].size) == ("Số: 49/KH-UBND", False, 13.0)
    assert (date.italic, date.runs[0].size) == (True, 14.0)
    noi_nhan, item = doc.paragraphs[14], doc.paragraphs[15]
    assert (noi_nhan.bold, noi_nhan.italic, item.runs[0].size) == (True, True, 11.0)


def test_the_styles_and_the_paragraphs_not_edited_stay_as_they_were(tmp_path: Path) -> None:
    source = plan(["Ủy ban nhân dân  xã", "Không sửa đoạn này."])
    # an element and a namespace vanban does not know, in the body
    part = dict((m[0], m[2]) for m in members(source))["word/document.xml"]
    marked = part.replace(
        b"<w:body>", b'<w:body><x:keep xmlns:x="urn:example:keep" x:a="1">kept</x:keep>'
    )
    source = replace_member(source, "word/document.xml", marked)
    result = fix(source, tmp_path / "out.docx")
    assert [f.rule for f in result.applied] == ["van_ban.khoang_trang"]
    fixed = result.out.read_bytes()
    assert changed_members(source, fixed) == ["word/document.xml"]
    old = etree.fromstring(marked)
    new = etree.fromstring(dict((m[0], m[2]) for m in members(fixed))["word/document.xml"])
    assert new.nsmap == old.nsmap and dict(new.attrib) == dict(old.attrib)  # mc:Ignorable
    assert new.get("{http://schemas.openxmlformats.org/markup-compatibility/2006}Ignorable")
    body_old, body_new = old[0], new[0]
    assert len(body_old) == len(body_new)
    for before, after in zip(body_old, body_new, strict=True):
        if "nhân dân" not in etree.tostring(before, encoding="unicode"):  # not the one edited
            assert etree.tostring(before) == etree.tostring(after)
    assert texts(fixed)[11:13] == ["Ủy ban nhân dân xã", "Không sửa đoạn này."]


def replace_member(data: bytes, name: str, content: bytes, *, add: bool = False) -> bytes:
    """The package with member ``name`` replaced by ``content`` (or added after the others)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(out, "w") as new:
        for info in old.infolist():
            new.writestr(info, content if info.filename == name else old.read(info))
        if add:
            new.writestr(name, content)
    return out.getvalue()


def test_a_header_in_text_boxes_and_overlapping_fixes(tmp_path: Path) -> None:
    from docx.oxml import parse_xml

    rest = [
        Line("Gia Lương, ngày 29 tháng 01 năm 2022", 14, italic=True, align=CENTER),
        Line("KẾ HOẠCH", 14, bold=True, align=CENTER),
        Line("Cải cách hành chính năm 2022", 14, bold=True, align=CENTER),
        RULE,
    ]
    document = docx.Document(io.BytesIO(typed(Typed([], [], [], [], body=rest))))
    body = document.element.body
    # the Số line holds two findings whose fixes overlap: the second waits for the next pass
    body.insert(0, parse_xml(text_box([("Số:49 /KH  -  UBND", False, False)], FONT)))
    body.insert(0, parse_xml(LINE_SHAPE))  # the rule under the Tiêu ngữ, drawn
    nation = [("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False)]
    body.insert(0, parse_xml(text_box([*nation, ("Độc lập-Tự do-Hạnh Phúc", True, False)], FONT)))
    out = io.BytesIO()
    document.save(out)
    source = out.getvalue()
    result = fix(source, tmp_path / "out.docx")
    assert [(f.rule, f.found) for f in result.applied] == [
        ("tieu_ngu.chinh_ta", "Độc lập-Tự do-Hạnh Phúc"),
        ("so_ky_hieu.dang", "Số:49 /KH  -  UBND"),
    ]
    assert [(f.rule, f.found) for f in result.before.findings] == [
        ("tieu_ngu.chinh_ta", "Độc lập-Tự do-Hạnh Phúc"),
        ("so_ky_hieu.dang", "Số:49 /KH  -  UBND"),
        ("van_ban.khoang_trang", "/KH  -"),
        ("van_ban.khoang_trang", "-  UBND"),
    ]
    # the double spaces went with the Số line's own fix
    assert result.skipped == () and result.after.compliant
    fixed = result.out.read_bytes()
    assert texts(fixed)[:6] == [
        "",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "",
        "",
        "Số: 49/KH-UBND",
    ]
    # the copy older readers see (mc:Fallback) is left as it was
    part = dict((m[0], m[2]) for m in members(fixed))["word/document.xml"].decode()
    assert part.count("Số:49 /KH  -  UBND") == 1 and part.count("Số: 49/KH-UBND") == 1


# Grades -----------------------------------------------------------------------------------------

GUARDED_BODY = [
    "Thu phí, , kiểm tra của \nhuyện và các các xã.",
    "1. Theo Nghị định số 108/2020/NĐ- CP ngày 31/8/2020.",
    "3. Báo cáo kết quả.",
]
GUARDED_ITEMS = ["-UBND huyện.", "- Lưu VT"]
GUARDED = "sửa có kiểm soát: chỉ sửa khi chạy với --guarded"
SUGGEST = "chỉ gợi ý: người viết quyết định"


def guarded_mistakes() -> bytes:
    """A plan typed as the decree says but for mistakes of guarded rules (Nơi nhận's
    punctuation, a gap in the numbering, a space in a cited code, a doubled comma, a line break
    inside a paragraph) and a doubled word (suggest only)."""
    return plan(GUARDED_BODY, items=GUARDED_ITEMS)


def test_guarded_fixes_only_when_asked(tmp_path: Path) -> None:
    source = guarded_mistakes()
    plain = fix(source, tmp_path / "safe.docx")
    assert plain.applied == ()
    assert [(s.finding.rule, s.finding.found, s.reason) for s in plain.skipped] == [
        ("noi_nhan.dau", "-UBND huyện.", GUARDED),
        ("noi_nhan.dau", "- Lưu VT", GUARDED),
        ("than.so_thu_tu", "3. (sau 1.)", GUARDED),
        ("trich_dan.ky_hieu", "108/2020/NĐ- CP", GUARDED),
        ("van_ban.lap_tu", "các các", SUGGEST),
        ("van_ban.dau_cau_lap", ", ,", GUARDED),
        ("van_ban.xuong_dong", "của↵huyện", GUARDED),
    ]
    # nothing applied: the output is the source, byte for byte
    assert plain.out.read_bytes() == source and plain.changed == ()
    guarded = fix(source, tmp_path / "guarded.docx", guarded=True)
    assert [f.rule for f in guarded.applied] == [
        "noi_nhan.dau",
        "noi_nhan.dau",
        "than.so_thu_tu",
        "trich_dan.ky_hieu",
        "van_ban.dau_cau_lap",
        "van_ban.xuong_dong",
    ]
    assert [f.rule for f in guarded.after.findings] == ["van_ban.lap_tu"]  # words: suggest
    assert texts(guarded.out.read_bytes())[11:17] == [
        "Thu phí, kiểm tra của huyện và các các xã.",
        "1. Theo Nghị định số 108/2020/NĐ-CP ngày 31/8/2020.",
        "2. Báo cáo kết quả.",
        "Nơi nhận:",
        "- UBND huyện;",
        "- Lưu: VT.",
    ]


def test_a_quoc_hieu_line_holding_more_is_not_cut_down(tmp_path: Path) -> None:
    # the Tiêu ngữ typed on the Quốc hiệu's line: reported, not "fixed" by dropping it
    line = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc"
    header = commune_header()
    header["nation"] = [Line(line, 13, bold=True, align=CENTER), RULE]
    result = fix(typed(Typed(**header, body=[])), tmp_path / "out.docx")
    assert texts(result.out.read_bytes())[3] == line
    left = {s.finding.rule: s.reason for s in result.skipped}
    assert left["quoc_hieu.chinh_ta"] == "quy tắc không tính được cách sửa ở chỗ này"


# Refused: signed, tracked -----------------------------------------------------------------------

RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
ORIGIN = f"{RELS}/digital-signature/origin"


def signed_by_part(data: bytes) -> bytes:
    return replace_member(data, "_xmlsignatures/origin.sigs", b"", add=True)


def signed_by_relationship(data: bytes) -> bytes:
    rels = dict((m[0], m[2]) for m in members(data))["_rels/.rels"]
    rels = rels.replace(
        b"</Relationships>",
        f'<Relationship Id="rIdSig" Type="{ORIGIN}" Target="_xmlsignatures/origin.sigs"/>'
        "</Relationships>".encode(),
    )
    return replace_member(data, "_rels/.rels", rels)


def tracked(tag: str) -> Callable[[bytes], bytes]:
    def change(data: bytes) -> bytes:
        part = dict((m[0], m[2]) for m in members(data))["word/document.xml"]
        who = b'w:id="9" w:author="A" w:date="2022-01-29T00:00:00Z"'
        if tag == "ins":
            part = re.sub(rb"(<w:r>.*?</w:r>)", rb"<w:ins " + who + rb">\1</w:ins>", part, count=1)
        else:
            part = part.replace(b"<w:rPr>", b"<w:rPr><w:rPrChange " + who + b"/>", 1)
        return replace_member(data, "word/document.xml", part)

    return change


@pytest.mark.parametrize(
    ("spoil", "reason"),
    [
        (signed_by_part, r"is digitally signed \(_xmlsignatures/origin\.sigs\)"),
        (signed_by_relationship, r"is digitally signed \(_xmlsignatures/origin\.sigs\)"),
        (tracked("ins"), r"holds 1 tracked change"),
        (tracked("rPrChange"), r"holds 1 tracked change"),
    ],
    ids=["signature-part", "signature-relationship", "w:ins", "w:rPrChange"],
)
def test_a_signed_or_tracked_document_is_checked_never_fixed(
    tmp_path: Path, spoil: Callable[[bytes], bytes], reason: str
) -> None:
    source = tmp_path / "ky.docx"
    # a plan as the decree says, but in Arial
    source.write_bytes(spoil(plan(["Ủy ban nhân dân xã ban hành kế hoạch."], font="Arial")))
    out = tmp_path / "out.docx"
    with pytest.raises(FixError, match=rf"^{re.escape(str(source))}: {reason}") as refused:
        fix(source, out)
    assert not out.exists()
    report = refused.value.report
    assert report is not None and [f.rule for f in report.findings] == ["phong_chu.times_new_roman"]
    # the command line: the check, then the refusal, exit 2, no traceback
    run = vanban("check", str(source), "--fix", str(out))
    assert run.returncode == 2 and not out.exists()
    assert run.stdout.startswith(f"{source}: không đạt (")
    assert re.search(rf"^vanban: {re.escape(str(source))}: {reason}", run.stderr)
    assert "Traceback" not in run.stderr


def vanban(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "vanban", *args], capture_output=True, text=True, check=False
    )


# The command line -------------------------------------------------------------------------------


def test_the_command_fixes_one_file_and_checks_the_copy(tmp_path: Path) -> None:
    source = tmp_path / "go-tay.docx"
    source.write_bytes(original := guarded_mistakes())
    out = tmp_path / "da-sua.docx"
    run = vanban("check", str(source), "--fix", str(out), "--guarded")
    assert run.returncode == 1, run.stderr  # "các các" is left: a word, a person decides
    assert run.stdout.splitlines()[:9] == [
        f"{source} → {out}: đã sửa 6, còn 1",
        "  đã sửa noi_nhan.dau: đoạn 16: “-UBND huyện.” → “- UBND huyện;”",
        "  đã sửa noi_nhan.dau: đoạn 17: “- Lưu VT” → “- Lưu: VT.”",
        "  đã sửa than.so_thu_tu: đoạn 14: “3. (sau 1.)” → “2.”",
        "  đã sửa trich_dan.ky_hieu: đoạn 13: “108/2020/NĐ- CP” → “108/2020/NĐ-CP”",
        "  đã sửa van_ban.dau_cau_lap: đoạn 12: “, ,” → “,”",
        "  đã sửa van_ban.xuong_dong: đoạn 12: “của↵huyện” → “của huyện”",
        "  chưa sửa van_ban.lap_tu: đoạn 12: “các các” (chỉ gợi ý: người viết quyết định)",
        f"{out}: không đạt (38 quy tắc áp dụng, 37 đạt, 1 không đạt)",
    ]
    # OUT exists: not replaced without --force; never the input
    again = vanban("check", str(source), "--fix", str(out))
    assert again.returncode == 2
    assert again.stderr == (
        f"vanban: {out}: exists already; choose another name, or replace it (--force)\n"
    )
    assert vanban("check", str(source), "--fix", str(out), "--force").returncode == 1
    same = vanban("check", str(source), "--fix", str(source), "--force")
    assert same.returncode == 2 and "is the file being fixed" in same.stderr
    assert source.read_bytes() == original
    two = vanban("check", str(source), str(out), "--fix", str(tmp_path / "x.docx"))
    assert (two.returncode, two.stderr) == (2, "vanban: --fix takes one FILE.docx, not 2\n")
    alone = vanban("check", str(source), "--guarded")
    assert (alone.returncode, alone.stderr) == (
        2,
        "vanban: --guarded and --force go with --fix OUT.docx\n",
    )


def test_the_command_fix_in_json(tmp_path: Path) -> None:
    source = tmp_path / "go-tay.docx"
    source.write_bytes(guarded_mistakes())
    run = vanban("check", str(source), "--fix", str(tmp_path / "out.docx"), "--json")
    data = json.loads(run.stdout)
    assert list(data) == ["schema", "reports", "errors", "summary", "fix"]
    assert data["fix"]["applied"] == [] and data["fix"]["guarded"] is False
    assert [s["rule"] for s in data["fix"]["skipped"]] == [
        "noi_nhan.dau",
        "noi_nhan.dau",
        "than.so_thu_tu",
        "trich_dan.ky_hieu",
        "van_ban.lap_tu",
        "van_ban.dau_cau_lap",
        "van_ban.xuong_dong",
    ]
    assert data["fix"]["skipped"][0]["reason"] == "sửa có kiểm soát: chỉ sửa khi chạy với --guarded"
    assert data["reports"][0]["source"] == str(tmp_path / "out.docx")


# Spans across runs ------------------------------------------------------------------------------

ALPHABET = "aăbđeêoơuưyỦủạẠ ,.\t"


def runs_document(pieces: list[str]) -> bytes:
    """One paragraph, one run per piece; run i is 10 + i points, bold when i is odd."""
    document = docx.Document()
    paragraph = document.add_paragraph()
    for i, piece in enumerate(pieces):
        run = paragraph.add_run(piece)
        run.font.size = Pt(10 + i)
        run.bold = i % 2 == 1
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def characters(data: bytes) -> list[tuple[str, float | None, bool, bool]]:
    """Each character of the first paragraph with its size, bold and italic."""
    paragraph = read_docx(data).paragraphs[0]
    return [(ch, r.size, r.bold, r.italic) for r in paragraph.runs for ch in r.text]


@st.composite
def split_text(draw: st.DrawFn) -> tuple[str, list[str], int, int]:
    text = draw(st.text(alphabet=ALPHABET, min_size=1, max_size=24))
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(text) - 1)), max_size=6)))
    cuts = [c for c in cuts if 0 < c < len(text)]
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, len(text)))
    return text, pieces, start, end


@settings(max_examples=60, deadline=None)
@given(split_text(), st.text(alphabet=ALPHABET + "\n", max_size=8))
def test_a_replacement_across_runs(case: tuple[str, list[str], int, int], new: str) -> None:
    text, pieces, start, end = case
    source = runs_document(pieces)
    before = characters(source)
    opened = open_docx(source)
    apply(opened, [ReplaceText(0, start, end, new)])
    after = characters(package_bytes(opened))
    assert "".join(c[0] for c in after) == text[:start] + new + text[end:]
    # the characters outside the span keep their formatting
    assert after[:start] == before[:start]
    assert after[start + len(new) :] == before[end:]
    # the new text takes the formatting of the run where the span starts (an insertion: the run
    # ending there, else the one starting there)
    if new:
        where = start if start < end else max(start - 1, 0)
        assert {c[1:] for c in after[start : start + len(new)]} == {before[where][1:]}


@settings(max_examples=40, deadline=None)
@given(split_text())
def test_a_run_property_across_runs(case: tuple[str, list[str], int, int]) -> None:
    text, pieces, start, end = case
    source = runs_document(pieces)
    before = characters(source)
    opened = open_docx(source)
    apply(opened, [SetRun(0, start, end, "italic", True)])
    after = characters(package_bytes(opened))
    assert [c[0] for c in after] == list(text)
    assert [c[3] for c in after] == [start <= i < end for i in range(len(text))]
    assert [c[:3] for c in after] == [c[:3] for c in before]


def test_run_and_paragraph_properties_in_the_schema_order() -> None:
    document = docx.Document()
    run = document.add_paragraph().add_run("Ủy ban nhân dân")
    rpr = run._r.get_or_add_rPr()
    fonts = rpr.makeelement(f"{{{W}}}rFonts", {f"{{{W}}}asciiTheme": "minorHAnsi"})
    fonts.set(f"{{{W}}}hAnsiTheme", "minorHAnsi")
    rpr.append(fonts)
    for tag in ("color", "lang"):
        rpr.append(rpr.makeelement(f"{{{W}}}{tag}", {f"{{{W}}}val": "FF0000"}))
    out = io.BytesIO()
    document.save(out)
    opened = open_docx(out.getvalue())
    assert (
        opened.docx.paragraphs[0].runs[0].font == "Cambria"
    )  # python-docx: the theme's minor font
    apply(
        opened,
        [
            SetRun(0, 0, 6, "font", "Times New Roman"),
            SetRun(0, 0, 6, "size", 13.5),
            SetRun(0, 0, 6, "bold", True),
            SetRun(0, 7, 15, "italic", True),
            SetAlignment(0, "both"),
        ],
    )
    fixed = package_bytes(opened)
    paragraph = read_docx(fixed).paragraphs[0]
    assert paragraph.alignment == "both"
    assert [(r.text, r.font, r.size, r.bold, r.italic) for r in paragraph.runs] == [
        ("Ủy ban", "Times New Roman", 27 / 2, True, False),
        (" ", "Cambria", 11.0, False, False),
        ("nhân dân", "Cambria", 11.0, False, True),
    ]
    # Word refuses properties out of order (ECMA-376 Part 1, §17.3.2.28)
    tree = etree.fromstring(dict((m[0], m[2]) for m in members(fixed))["word/document.xml"])
    orders = [[etree.QName(child).localname for child in rpr] for rpr in tree.iter(f"{{{W}}}rPr")]
    assert orders == [
        ["rFonts", "b", "color", "sz", "szCs", "lang"],
        ["rFonts", "color", "lang"],
        ["rFonts", "i", "color", "lang"],
    ]


def test_a_document_vanban_made_is_copied_unchanged(tmp_path: Path) -> None:
    source = vb.render(vb.load(KE_HOACH_YAML)).to_bytes()
    result = fix(source, tmp_path / "out.docx")
    assert (result.applied, result.skipped, result.changed) == ((), (), ())
    assert result.out.read_bytes() == source


# LibreOffice opens the fixed file --------------------------------------------------------------


def test_libreoffice_opens_the_fixed_file(soffice: str, tmp_path: Path) -> None:
    source = tmp_path / "go-tay.docx"
    source.write_bytes(safe_mistakes())
    result = fix(source, tmp_path / "da-sua.docx")
    with PdfConverter(timeout=300) as converter:
        pdf = converter.convert(result.out)
    shown = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = " ".join(shown.split())  # the header's cells wrap their lines
    for line in FIXED_TEXTS:
        assert line in words
    assert "Uỷ" not in shown and "HOÀ" not in shown
    size = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"Page size:\s+595\.3\d* x 841\.8\d* pts \(A4\)", size.stdout)


# The reference plan as typed --------------------------------------------------------------------


SAFE_RULES_OF_THE_PLAN = {
    "trang.kho_giay",
    "trang.le",
    "phong_chu.times_new_roman",
    "so_ky_hieu.dang",
    "dia_danh_ngay.dang",
    "van_ban.khoang_trang",
    "van_ban.kieu_dau",
    "van_ban.gach_noi",
}
"""The safe rules the reference plan as typed breaks, on Word's page, in Arial."""
FORMATTING_RULES = {
    "dia_danh_ngay.nghieng",
    "dinh_dang.co_chu",
    "dinh_dang.dam",
    "dinh_dang.nghieng",
    "dinh_dang.can_le",
}
"""And those it breaks too when every line is typed at 12 pt, upright, not bold, left-aligned."""


@pytest.mark.parametrize("formatted", [True, False], ids=["formatted", "plain"])
def test_the_reference_plan_as_typed_is_fixed_for_every_safe_rule(
    tmp_path: Path, formatted: bool
) -> None:
    text = reference_plan_text()
    if text is None:
        pytest.skip("the reference plan is not beside the repository (shared/reference)")
    source = reference_plan(text, font="Arial", a4=False, formatted=formatted)
    result = fix(source, tmp_path / "ke-hoach.docx")
    safe_before = {f.rule for f in result.before.findings if f.fix == "safe"}
    assert safe_before == SAFE_RULES_OF_THE_PLAN | (set() if formatted else FORMATTING_RULES)
    # every safe finding fixed: none left in the fixed file, none skipped
    assert [f for f in result.after.findings if f.fix == "safe"] == []
    assert [s for s in result.skipped if s.finding.fix == "safe"] == []
    assert {f.rule for f in result.applied} == safe_before
    fixed = texts(result.out.read_bytes())
    assert fixed[6:8] == ["Số: 49/KH-UBND", "Gia Lương, ngày 29 tháng 01 năm 2022"]
    assert len(fixed) == len(texts(source))
    assert changed_members(source, result.out.read_bytes()) == ["word/document.xml"]
    # the findings left are those a person decides (suggest) or confirms (guarded)
    assert {f.fix for f in result.after.findings} == {"guarded", "suggest"}

"""Công văn, Mẫu 1.5 (NĐ 30/2020, Phụ lục III): the model's rules, the rendered letter read back,
its JSON Schema, and its pages through LibreOffice."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import vanban as vb
from vanban.cli import main

from .conftest import EXAMPLES, ROOT, problems
from .test_ooxml_order import package_problems
from .test_pdf_layout import pagination_problems, pdf_pages

CONG_VAN_YAML = EXAMPLES / "cong_van_3722_vpcp_cn.yaml"
V_V = "V/v bảo đảm cung ứng điện trong các tháng cao điểm mùa khô năm 2022"
LIEN_HE = "Địa chỉ: Số 1 Hoàng Hoa Thám, Ba Đình, Hà Nội; Website: vpcp.chinhphu.vn"


def example_data() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(CONG_VAN_YAML.read_text(encoding="utf-8"))
    return data


def letter(**changes: Any) -> dict[str, Any]:
    """A small Công văn of a commune, as a data file would hold it."""
    data: dict[str, Any] = {
        "loai": "cong_van",
        "co_quan": {
            "ten": "Ủy ban nhân dân xã Gia Lương",
            "viet_tat": "UBND",
            "dia_danh": "Gia Lương",
        },
        "so": 12,
        "don_vi_soan_thao": "VP",
        "ngay": "2022-03-15",
        "trich_yeu": "rà soát hồ sơ thủ tục hành chính",
        "kinh_gui": ["Ủy ban nhân dân huyện Gia Lộc"],
        "noi_dung": ["Ủy ban nhân dân xã báo cáo như sau.", "Trân trọng."],
        "noi_nhan": ["TT Đảng ủy xã"],
        "chu_ky": {
            "tap_the": "Ủy ban nhân dân",
            "chuc_vu": "Chủ tịch",
            "ho_ten": "Đoàn Thanh Bình",
        },
    }
    data.update(changes)
    return data


# --- the model ------------------------------------------------------------------------------------


def test_the_example_is_a_cong_van_with_every_component() -> None:
    document = vb.load(CONG_VAN_YAML)
    assert isinstance(document, vb.CongVan)
    context = document.context()
    assert str(document.so_ky_hieu) == context["so_ky_hieu"] == "3722/VPCP-CN"
    assert context["co_quan"]["dong"] == ["VĂN PHÒNG CHÍNH PHỦ"]
    assert context["dia_danh_ngay_thang"] == "Hà Nội, ngày 10 tháng 6 năm 2022"
    assert context["v_v"] == V_V
    assert context["kinh_gui"] == [
        "- Bộ Công Thương;",
        "- Ủy ban Quản lý vốn nhà nước tại doanh nghiệp;",
        "- Tập đoàn Điện lực Việt Nam.",
    ]
    assert context["noi_nhan"][0] == "- Như trên;"
    assert context["noi_nhan"][-1] == "- Lưu: VT, CN (2)."  # luu defaults to the drafting unit
    assert context["chu_ky"]["dong"] == ["KT. BỘ TRƯỞNG, CHỦ NHIỆM", "PHÓ CHỦ NHIỆM"]
    assert context["noi_dung"][-1]["dong"].endswith("biết, thực hiện./.")
    assert context["lien_he"] == LIEN_HE


def test_chu_ky_writes_the_kt_form_of_the_office() -> None:
    chu_ky = vb.ChuKy.ky_thay("Bộ trưởng, Chủ nhiệm", chuc_vu="Phó Chủ nhiệm", ho_ten="Họ và tên")
    assert chu_ky.dong == ["KT. BỘ TRƯỞNG, CHỦ NHIỆM", "PHÓ CHỦ NHIỆM"]


def test_the_code_has_no_kind_abbreviation_and_the_unit_last() -> None:
    document = vb.CongVan.from_dict(letter(so=5))
    assert str(document.so_ky_hieu) == "05/UBND-VP"
    assert document.luu == "VP"
    assert vb.CongVan.from_dict(letter(luu="VX")).context()["noi_nhan"][-1] == "- Lưu: VT, VX."


def test_a_written_code_gives_the_drafting_unit() -> None:
    data = letter(so="12/UBND-VX")
    del data["don_vi_soan_thao"]
    document = vb.CongVan.from_dict(data)
    assert (document.so, document.don_vi_soan_thao, document.luu) == (12, "VX", "VX")
    assert str(document.so_ky_hieu) == "12/UBND-VX"


@pytest.mark.parametrize(
    ("so", "message"),
    [
        (
            "12/UBND-VX",
            "so: '12/UBND-VX' names the drafting unit 'VX', don_vi_soan_thao says 'VP': write one "
            "of them (NĐ 30/2020, Phụ lục I, mục II.3.b: a Công văn's ký hiệu is <issuer>-<drafting "
            "unit>)",
        ),
        (
            "49/KH-UBND",
            "so: '49/KH-UBND' is the code of a Kế hoạch (ký hiệu KH); a Công văn's code has no kind "
            "abbreviation: '49/<issuer>-<unit>' (NĐ 30/2020, Phụ lục I, mục II.3.b: a Công văn's ký "
            "hiệu is <issuer>-<drafting unit>)",
        ),
        (
            "12/UBTP-VP",
            "so: '12/UBTP-VP' is a code of 'UBTP', and this Công văn's issuer is 'UBND' (NĐ "
            "30/2020, Phụ lục I, mục II.3.b: a Công văn's ký hiệu is <issuer>-<drafting unit>); "
            "write so: 12 or so: '12/UBND-VP'",
        ),
    ],
)
def test_a_written_code_of_another_unit_or_kind_is_refused(so: str, message: str) -> None:
    assert problems(letter(so=so)) == [message]


def test_without_kinh_gui_is_refused_citing_the_rule() -> None:
    data = letter()
    del data["kinh_gui"]
    expected = [
        "kinh_gui: missing — a Công văn is addressed to whoever handles it: 'Kính gửi: …' (NĐ "
        "30/2020, Phụ lục I, mục II.9.b: a Công văn's recipients are in two parts, 'Kính gửi' "
        "(those who handle it) and Nơi nhận, which begins 'Như trên'; Phụ lục III, Mẫu 1.5); "
        "list the recipients under kinh_gui"
    ]
    assert problems(data) == expected
    assert problems(letter(kinh_gui=[])) == expected


def test_without_the_drafting_unit_is_refused_citing_the_rule() -> None:
    data = letter()
    del data["don_vi_soan_thao"]
    # luu, which defaults to the drafting unit, is missing with it
    assert problems(data) == [
        "luu: missing — the unit of the archive line '- Lưu: VT, <unit>.' is don_vi_soan_thao "
        "unless luu says otherwise (NĐ 30/2020, Phụ lục I, mục II.9.d; Mẫu 1.5, note 8)",
        "don_vi_soan_thao: missing — the abbreviation of the drafting unit or field, e.g. 'CN' "
        "in '3722/VPCP-CN' (NĐ 30/2020, Phụ lục I, mục II.3.b: a Công văn's ký hiệu is "
        "<issuer>-<drafting unit>)",
    ]
    assert problems(letter(don_vi_soan_thao="vp")) == [  # luu defaults to it, and is refused too
        "luu: 'vp' — ký hiệu is written in capitals: 'VP' (NĐ 30/2020, Phụ lục I, mục II.3.c)",
        "don_vi_soan_thao: 'vp' — ký hiệu is written in capitals: 'VP' (NĐ 30/2020, Phụ lục I, "
        "mục II.3.c)",
    ]


@pytest.mark.parametrize(
    "typed",
    [
        "V/v rà soát hồ sơ",
        "v/v rà soát hồ sơ",
        "V/V: rà soát hồ sơ",
        "V / v rà soát hồ sơ",
        "Về việc rà soát hồ sơ",
        "về việc: rà soát hồ sơ",
    ],
)
def test_v_v_typed_into_trich_yeu_is_refused(typed: str) -> None:
    assert problems(letter(trich_yeu=typed)) == [
        f"trich_yeu: {typed!r} — NĐ 30/2020, Phụ lục I, mục II.5.b: vanban writes 'V/v' before "
        "the trích yếu of a Công văn (ô 5b); write the subject alone: 'rà soát hồ sơ'"
    ]


SUBJECT = st.text(alphabet="abcdeđghiklmnopqrstuvxyáàảãạâấầơưệ /", min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(SUBJECT)
def test_v_v_is_written_once_whatever_the_subject(subject: str) -> None:
    """Any subject is printed after one "V/v"; the same subject typed after "V/v" is refused."""
    subject = " ".join(subject.split())
    assume(subject and not re.match(r"(?i)(v\s*/\s*v|về\s+việc)\b", subject))
    document = vb.CongVan.from_dict(letter(trich_yeu=subject))
    assert document.context()["v_v"] == "V/v " + subject
    for typed in ("V/v " + subject, "v/v: " + subject, "Về việc " + subject):
        [message] = problems(letter(trich_yeu=typed))
        assert message.startswith(f"trich_yeu: {typed!r} — NĐ 30/2020, Phụ lục I, mục II.5.b")
        assert message.endswith(f"write the subject alone: {subject!r}")


@pytest.mark.parametrize("subject", ["vận động viên tham gia hội thao", "về đích sớm"])
def test_a_subject_starting_like_v_v_is_kept(subject: str) -> None:
    assert vb.CongVan.from_dict(letter(trich_yeu=subject)).context()["v_v"] == "V/v " + subject


def test_kinh_gui_recipients_are_not_repeated_in_noi_nhan() -> None:
    messages = problems(letter(noi_nhan=["UBND huyện Gia Lộc", "Ủy ban nhân dân huyện Gia Lộc"]))
    assert len(messages) == 1 and messages[0].startswith("noi_nhan[1]: 'Ủy ban nhân dân huyện")
    document = vb.CongVan.from_dict(letter(noi_nhan=["Như trên", "TT Đảng ủy xã"]))
    assert document.context()["noi_nhan"] == ["- Như trên;", "- TT Đảng ủy xã;", "- Lưu: VT, VP."]


def test_one_recipient_stands_on_the_kinh_gui_line_several_under_it() -> None:
    one = vb.CongVan.from_dict(letter(kinh_gui=["- Ủy ban nhân dân huyện Gia Lộc;"]))
    assert one.context()["kinh_gui"] == ["Ủy ban nhân dân huyện Gia Lộc"]
    two = vb.CongVan.from_dict(letter(kinh_gui=["Phòng Nội vụ huyện", "Phòng Tư pháp huyện"]))
    assert two.context()["kinh_gui"] == ["- Phòng Nội vụ huyện;", "- Phòng Tư pháp huyện."]


def test_lien_he_in_the_decree_s_order_and_checked() -> None:
    lien_he = vb.LienHe(
        fax="0220 3851 001",
        dien_thoai="0220 3851 000",
        website="gialuong.gov.vn",
        email="ubnd@gialuong.gov.vn",
        dia_chi="Thôn Cốc, xã Gia Lương",
    )
    assert lien_he.dong == (
        "Địa chỉ: Thôn Cốc, xã Gia Lương; Email: ubnd@gialuong.gov.vn; Website: gialuong.gov.vn; "
        "Điện thoại: 0220 3851 000; Fax: 0220 3851 001"
    )
    assert problems(letter(lien_he={})) == [
        "lien_he: lien_he holds nothing: give at least one of dia_chi, email, website, "
        "dien_thoai, fax, or leave lien_he out (Phụ lục I, mục III.4)"
    ]
    assert problems(letter(lien_he={"email": "ubnd at gialuong"})) == [
        "lien_he.email: 'ubnd at gialuong' is not an e-mail address (name@domain)"
    ]
    assert problems(letter(lien_he={"dien_thoai": "gọi văn thư"}))[0].startswith(
        "lien_he.dien_thoai: 'gọi văn thư' is not a telephone number"
    )


# --- the rendered letter ----------------------------------------------------------------------------


def rendered(document: vb.VanBan) -> docx.document.Document:
    return docx.Document(io.BytesIO(vb.render(document).to_bytes()))


def test_the_built_in_template_of_cong_van_is_mau_1_5() -> None:
    path = ROOT / "src" / "vanban" / "templates" / "mau_1_5.docx"
    assert vb.builtin_template("cong_van") == vb.builtin_template("Công văn") == path
    assert vb.builtin_template("mau_1_5") == path


def test_the_example_reads_back_with_every_component_in_its_cell() -> None:
    document = rendered(vb.load(CONG_VAN_YAML))
    header = document.tables[0]
    assert header.cell(0, 0).paragraphs[0].text == "VĂN PHÒNG CHÍNH PHỦ"
    number = header.cell(1, 0).paragraphs
    assert [(p.style.name, p.text) for p in number] == [
        ("So ky hieu", "Số: 3722/VPCP-CN"),
        ("Trich yeu cong van", V_V),
    ]
    v_v = number[1].style
    assert (v_v.font.size, v_v.font.bold, v_v.font.italic) == (Pt(12), False, False)
    assert v_v.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert v_v.paragraph_format.space_before == Pt(6)
    assert [p.text for p in header.cell(1, 1).paragraphs] == ["Hà Nội, ngày 10 tháng 6 năm 2022"]
    body = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    styles = {style for style, _ in body}
    assert not styles & {"Ten loai", "Trich yeu", "Can cu"}  # no tên loại line, no căn cứ
    assert all("CÔNG VĂN" not in text for _, text in body)
    assert body[:4] == [
        ("Kinh gui tieu de", "Kính gửi:"),
        ("Kinh gui muc", "- Bộ Công Thương;"),
        ("Kinh gui muc", "- Ủy ban Quản lý vốn nhà nước tại doanh nghiệp;"),
        ("Kinh gui muc cuoi", "- Tập đoàn Điện lực Việt Nam."),
    ]
    assert body[-1] == (
        "Doan cuoi",
        "Văn phòng Chính phủ thông báo để các cơ quan, đơn vị biết, thực hiện./.",
    )
    recipients, signer = document.tables[-1].rows[0].cells
    assert [p.text for p in recipients.paragraphs][:2] == ["Nơi nhận:", "- Như trên;"]
    assert [p.text for p in signer.paragraphs if p.text] == [
        "KT. BỘ TRƯỞNG, CHỦ NHIỆM",
        "PHÓ CHỦ NHIỆM",
        "Họ và tên",
    ]


def test_the_kinh_gui_list_is_close_to_its_label_and_apart_from_the_body() -> None:
    """As the sample of Mẫu 1.5 sets it: no space between "Kính gửi:" and its lines; the body
    starts below the last line as far as below a one-recipient Kính gửi (6 pt)."""
    styles = rendered(vb.load(CONG_VAN_YAML)).styles
    label, line, last, one = (
        styles[name].paragraph_format
        for name in ("Kinh gui tieu de", "Kinh gui muc", "Kinh gui muc cuoi", "Kinh gui")
    )
    assert (label.space_before, label.space_after, label.keep_with_next) == (Pt(12), Pt(0), True)
    assert label.left_indent == one.left_indent
    assert line.space_after == Pt(0)
    assert last.space_after == one.space_after == Pt(6)
    assert last.left_indent == line.left_indent > label.left_indent


def test_one_recipient_renders_on_the_kinh_gui_line() -> None:
    document = rendered(vb.CongVan.from_dict(letter()))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[0] == "Kính gửi: Ủy ban nhân dân huyện Gia Lộc"


def test_the_contact_footer_is_in_the_first_page_footer_only() -> None:
    document = rendered(vb.load(CONG_VAN_YAML))
    section = document.sections[0]
    assert section.different_first_page_header_footer is True
    [line] = section.first_page_footer.paragraphs
    assert (line.text, line.style.name) == (LIEN_HE, "Lien he")
    assert line.style.font.size == Pt(11) and not line.style.font.bold
    top = line._p.pPr.find(qn("w:pBdr")).find(qn("w:top"))
    # the full-width solid rule (mục III.4), ½ pt as in the decree's Word file of Mẫu 1.5
    assert (top.get(qn("w:val")), top.get(qn("w:sz"))) == ("single", "4")
    assert line.paragraph_format.left_indent is None and line.paragraph_format.right_indent is None
    # pages 2 and on: the page number in the header, no footer at all
    assert section.footer.is_linked_to_previous is True
    assert "PAGE" in section.header._element.xml
    assert all(not p.text for p in section.first_page_header.paragraphs)


def test_without_lien_he_the_first_page_footer_is_empty_and_has_no_rule() -> None:
    document = rendered(vb.CongVan.from_dict(letter()))
    [line] = document.sections[0].first_page_footer.paragraphs
    assert line.text == ""
    assert line._p.pPr.find(qn("w:pBdr")) is None


def test_the_rendered_example_keeps_the_ooxml_order() -> None:
    assert package_problems(vb.render(vb.load(CONG_VAN_YAML)).to_bytes()) == []


# --- JSON Schema and the command line ------------------------------------------------------------


def schema() -> dict[str, Any]:
    return vb.CongVan.json_schema()


def test_the_schema_validates_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "cong_van"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == schema()
    check = Draft202012Validator(printed)
    data = json.loads(json.dumps(example_data(), default=str))
    assert list(check.iter_errors(data)) == []


def test_the_schema_refuses_what_the_model_refuses() -> None:
    check = Draft202012Validator(schema())
    data = json.loads(json.dumps(letter(), default=str))
    assert list(check.iter_errors(data)) == []
    assert "luu" not in schema()["required"]
    for field in ("kinh_gui", "don_vi_soan_thao"):
        missing = {k: v for k, v in data.items() if k != field}
        assert [e.message for e in check.iter_errors(missing)] == [
            f"'{field}' is a required property"
        ]
    assert [e.json_path for e in check.iter_errors({**data, "kinh_gui": []})] == ["$.kinh_gui"]
    assert [e.json_path for e in check.iter_errors({**data, "don_vi_soan_thao": None})] == [
        "$.don_vi_soan_thao"
    ]
    assert [e.json_path for e in check.iter_errors({**data, "loai": "ke_hoach"})] == ["$.loai"]


def test_vanban_render_renders_the_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(CONG_VAN_YAML), "-o", f"{tmp_path}/"]) == 0
    out = capsys.readouterr().out
    assert out == f"{tmp_path}/cong_van_3722_vpcp_cn.docx  (Công văn số 3722/VPCP-CN)\n"


# --- LibreOffice ------------------------------------------------------------------------------------


def long_letter() -> vb.CongVan:
    """The example with a body long enough for two pages."""
    data = example_data()
    data["noi_dung"] = data["noi_dung"][:-1] * 3 + data["noi_dung"][-1:]
    document = vb.from_dict(data)
    assert isinstance(document, vb.CongVan)
    return document


@pytest.mark.soffice
def test_the_example_converts_with_every_component_on_page_one(
    soffice: str, tmp_path: Path
) -> None:
    from vanban.pdf import PdfConverter

    short = vb.load(CONG_VAN_YAML)
    long = long_letter()
    with PdfConverter(timeout=120) as converter:
        pages = pdf_pages(converter.convert(vb.render(short).save(tmp_path / "cv.docx")))
        long_pages = pdf_pages(converter.convert(vb.render(long).save(tmp_path / "cv_dai.docx")))
    assert pagination_problems(pages, short) == []
    first = pages[0]
    assert first[0].startswith("VĂN PHÒNG CHÍNH PHỦ")
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first[0]
    # Số, then "V/v …" under it (wrapped in the left cell), then the date line of the right cell
    assert first[1:6] == [
        "Số: 3722/VPCP-CN",
        "V/v bảo đảm cung ứng điện trong",
        "các tháng cao điểm mùa khô năm",
        "2022",
        "Hà Nội, ngày 10 tháng 6 năm 2022",
    ]
    assert "Kính gửi:" in first and "- Tập đoàn Điện lực Việt Nam." in first
    assert first[-1] == LIEN_HE  # ô 13 at the foot of page 1
    last = pages[-1]
    before = last[: last.index("Nơi nhận:")]
    assert before[-1].endswith("biết, thực hiện./.")
    # Two pages: no number on page 1, "2" on page 2; ô 13 on page 1 only; the signature keeps
    # body text above it.
    assert len(long_pages) >= 2
    assert pagination_problems(long_pages, long) == []
    assert long_pages[0][-1] == LIEN_HE
    assert all(LIEN_HE not in page for page in long_pages[1:])
    assert all(line not in ("1", "2") for line in long_pages[0])
    from pypdf import PdfReader

    reader = PdfReader(tmp_path / "cv_dai.pdf")
    second = [line.strip() for line in reader.pages[1].extract_text().splitlines() if line.strip()]
    assert second[0] == "2"


PYTHON_LETTER = """\
from datetime import date

import vanban as vb

cv = vb.CongVan(
    co_quan=vb.CoQuan(ten="Văn phòng Chính phủ", viet_tat="VPCP", dia_danh="Hà Nội"),
    so=3722,
    don_vi_soan_thao="CN",
    ngay=date(2022, 6, 10),
    trich_yeu="bảo đảm cung ứng điện",
    kinh_gui=["Bộ Công Thương"],
    noi_dung=[vb.Doan("Nội dung.")],
    noi_nhan=[vb.NoiNhan("Thủ tướng, các Phó Thủ tướng Chính phủ")],
    chu_ky=vb.ChuKy.ky_thay("Bộ trưởng, Chủ nhiệm", chuc_vu="Phó Chủ nhiệm", ho_ten="Họ và tên"),
    lien_he=vb.LienHe(website="vpcp.chinhphu.vn"),
)
wrong = vb.LienHe(fax=1)
"""


def test_mypy_sees_luu_as_optional_and_checks_lien_he(tmp_path: Path) -> None:
    """luu defaults to the drafting unit, so Python code may leave it out as a data file does."""
    script = tmp_path / "cong_van.py"
    script.write_text(PYTHON_LETTER, encoding="utf-8")
    result = subprocess.run(
        [
            *(sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml")),
            *("--no-error-summary", "--hide-error-context", str(script)),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    errors = [
        line.split(": error: ")[1] for line in result.stdout.splitlines() if ": error: " in line
    ]
    assert errors == [
        'Argument "fax" to "LienHe" has incompatible type "int"; expected "str | None"  [arg-type]'
    ], result.stdout + result.stderr
    assert vb.CongVan.from_dict(letter()).luu == "VP"

"""Giấy giới thiệu, Mẫu 1.8 (NĐ 30/2020, Phụ lục III): the model's rules, the fixed parts of the
sample (no trích yếu; Nơi nhận "- Như trên;" "- Lưu: VT."), the rendered letter read back, its
JSON Schema, its records (register, metadata) and its pages through LibreOffice."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import vanban as vb
from vanban.cli import main
from vanban.typeset.metrics import short_rule

from .conftest import EXAMPLES, ROOT, problems
from .test_ooxml_order import package_problems
from .test_pdf_layout import pagination_problems, pdf_pages

GGT_YAML = EXAMPLES / "giay_gioi_thieu_dia_chinh_2022.yaml"
ISSUER = "Ủy ban nhân dân xã Gia Lương trân trọng giới thiệu:"
CITE = "NĐ 30/2020, Phụ lục III, Mẫu 1.8"
DE_NGHI = "Đề nghị Quý cơ quan tạo điều kiện để {} có tên ở trên hoàn thành nhiệm vụ."


def letter(**changes: Any) -> dict[str, Any]:
    """A small Giấy giới thiệu of a commune, as a data file would hold it."""
    data: dict[str, Any] = {
        "loai": "giay_gioi_thieu",
        "co_quan": {
            "ten": "Ủy ban nhân dân xã Gia Lương",
            "viet_tat": "UBND",
            "dia_danh": "Gia Lương",
        },
        "so": 12,
        "ngay": "2022-03-10",
        "gioi_thieu": [{"ho_ten": "Họ và tên", "chuc_vu": "Công chức Tư pháp - Hộ tịch xã"}],
        "duoc_cu_den": "Phòng Tư pháp huyện Gia Lộc",
        "ve_viec": "liên hệ công tác",
        "gia_tri_den": "2022-03-31",
        "chu_ky": {"tap_the": "Ủy ban nhân dân", "chuc_vu": "Chủ tịch", "ho_ten": "Họ và tên"},
    }
    data.update(changes)
    return data


def ggt(data: dict[str, Any]) -> vb.GiayGioiThieu:
    document = vb.from_dict(data)
    assert isinstance(document, vb.GiayGioiThieu)
    return document


# --- the model ---------------------------------------------------------------------------------------


def test_one_person_without_gioi_tinh_keeps_the_sample_s_ong_ba() -> None:
    document = ggt(letter())
    assert str(document.so_ky_hieu) == "12/GGT-UBND"
    assert document.loi_gioi_thieu() == [
        ISSUER,
        "Ông (bà) Họ và tên",  # no colon after "Ông (bà)", as the sample
        "Chức vụ: Công chức Tư pháp - Hộ tịch xã",
        "Được cử đến: Phòng Tư pháp huyện Gia Lộc",
        "Về việc: liên hệ công tác",
        DE_NGHI.format("ông (bà)"),
        "Giấy này có giá trị đến hết ngày 31 tháng 3 năm 2022./.",
    ]


@pytest.mark.parametrize(
    ("gioi_tinh", "line", "xung_ho"),
    [("nam", "Ông Họ và tên", "ông"), ("Nữ", "Bà Họ và tên", "bà"), ("nu", "Bà Họ và tên", "bà")],
)
def test_gioi_tinh_picks_ong_or_ba_on_the_line_and_in_the_request(
    gioi_tinh: str, line: str, xung_ho: str
) -> None:
    person = {"ho_ten": "Họ và tên", "chuc_vu": "Công chức Tư pháp - Hộ tịch xã"}
    lines = ggt(letter(gioi_thieu=[{**person, "gioi_tinh": gioi_tinh}])).loi_gioi_thieu()
    assert lines[1] == line
    assert lines[5] == DE_NGHI.format(xung_ho)


def test_the_example_is_a_delegation_each_person_on_the_sample_s_two_lines() -> None:
    document = vb.load(GGT_YAML)
    assert isinstance(document, vb.GiayGioiThieu)
    assert document.loi_gioi_thieu() == [
        ISSUER,
        "Ông Họ và tên",
        "Chức vụ: Công chức Địa chính - Xây dựng xã Gia Lương",
        "Bà Họ và tên",
        "Chức vụ: Trưởng thôn Đông, xã Gia Lương",
        "Được cử đến: Phòng Tài nguyên và Môi trường huyện Gia Lộc",
        "Về việc: liên hệ, hoàn thiện hồ sơ đề nghị cấp Giấy chứng nhận quyền sử dụng đất cho các "
        "hộ gia đình thôn Đông",
        DE_NGHI.format("các ông (bà)"),
        "Giấy này có giá trị đến hết ngày 31 tháng 3 năm 2022./.",
    ]


def test_nơi_nhận_is_exactly_the_sample_s_and_ô_12_may_follow() -> None:
    assert ggt(letter()).context()["noi_nhan"] == ["- Như trên;", "- Lưu: VT."]
    marked = ggt(letter(ky_hieu_nguoi_soan="TP", so_ban_phat_hanh=2))
    assert marked.context()["noi_nhan"] == ["- Như trên;", "- Lưu: VT. TP.(2)."]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "trich_yeu",
            "Giới thiệu công chức",
            "trich_yeu: 'Giới thiệu công chức' — a Giấy giới thiệu has no trích yếu (NĐ 30/2020, "
            "Phụ lục III, Mẫu 1.8): what it is about goes in ve_viec; leave trich_yeu out",
        ),
        (
            "noi_nhan",
            ["Như trên"],
            "noi_nhan: ['Như trên'] — the Nơi nhận of a Giấy giới thiệu is exactly '- Như trên;' "
            "(the office of 'Được cử đến') and '- Lưu: VT.' (NĐ 30/2020, Phụ lục III, Mẫu 1.8), "
            "which vanban writes; leave noi_nhan out",
        ),
        (
            "luu",
            "VP",
            "luu: 'VP' — the Nơi nhận of a Giấy giới thiệu is exactly '- Như trên;' (the office of "
            "'Được cử đến') and '- Lưu: VT.' (NĐ 30/2020, Phụ lục III, Mẫu 1.8), which vanban "
            "writes, with no drafting unit; leave luu out",
        ),
        (
            "so_ban_luu",
            2,
            "so_ban_luu: 2 — the Nơi nhận of a Giấy giới thiệu is exactly '- Như trên;' (the "
            "office of 'Được cử đến') and '- Lưu: VT.' (NĐ 30/2020, Phụ lục III, Mẫu 1.8), which "
            "vanban writes, with no count of copies; leave so_ban_luu out",
        ),
    ],
)
def test_the_fixed_parts_of_the_sample_are_refused_as_data(
    field: str, value: Any, message: str
) -> None:
    assert problems(letter(**{field: value})) == [message]


def test_validity_ends_after_the_day_of_issue() -> None:
    for last in ("2022-03-10", "2022-03-01"):
        assert problems(letter(gia_tri_den=last)) == [
            f"gia_tri_den: {last} — a Giấy giới thiệu is valid until a day after it is issued on "
            f"2022-03-10 (ngay): 'Giấy này có giá trị đến hết ngày …' ({CITE})"
        ]
    assert ggt(letter(gia_tri_den="11/03/2022")).gia_tri_den == date(2022, 3, 11)
    data = letter()
    del data["gia_tri_den"]
    assert [p.split(":")[0] for p in problems(data)] == ["gia_tri_den"]


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=date(1900, 1, 1), max_value=date(9998, 12, 1)),
    st.integers(min_value=-400, max_value=400),
)
def test_any_validity_after_the_day_of_issue_is_printed_and_any_other_refused(
    issued: date, days: int
) -> None:
    last = issued + timedelta(days=days)
    data = letter(ngay=issued.isoformat(), gia_tri_den=last.isoformat())
    if days <= 0:
        assert [p.split(" — ")[0] for p in problems(data)] == [f"gia_tri_den: {last.isoformat()}"]
        return
    lines = ggt(data).loi_gioi_thieu()
    assert lines[-1] == f"Giấy này có giá trị đến hết {vb.ngay_thang(last)}./."


def test_a_draft_checks_its_year_now_and_its_day_when_the_register_numbers_it(
    tmp_path: Path,
) -> None:
    draft = letter(nam=2022, gia_tri_den="2022-03-31")
    del draft["so"], draft["ngay"]
    assert problems({**draft, "gia_tri_den": "2021-12-31"}) == [
        "gia_tri_den: 2021-12-31 — the draft is issued in 2022 (nam), so its validity ends after "
        f"1 January 2022 at the earliest: 'Giấy này có giá trị đến hết ngày …' ({CITE})"
    ]
    document = ggt(draft)  # no day of issue yet: nothing else to compare
    with vb.Register.create(tmp_path / "so.db", co_quan=document.co_quan) as register:
        with pytest.raises(vb.ValidationError) as caught:
            register.issue(document, ngay=date(2022, 4, 1))
        assert [str(p) for p in caught.value.problems] == [
            "gia_tri_den: 2022-03-31 — a Giấy giới thiệu is valid until a day after it is issued "
            f"on 2022-04-01 (ngay): 'Giấy này có giá trị đến hết ngày …' ({CITE})"
        ]
        assert register.rows(2022) == []  # nothing written
        issued = register.issue(document, ngay=date(2022, 3, 10))
        row = register.find("01/GGT-UBND", nam=2022)
    assert issued.ngay == date(2022, 3, 10)
    # the register's records: the kind and what it is (no trích yếu in the sample), the office
    # "Như trên" stands for, and the archive "VT"
    assert row is not None
    assert row.ten_loai_trich_yeu == (
        "Giấy giới thiệu ông (bà) Họ và tên đến Phòng Tư pháp huyện Gia Lộc"
    )
    assert (row.noi_nhan, row.don_vi_nhan_ban_luu) == ("Phòng Tư pháp huyện Gia Lộc", "VT")


def test_labels_and_titles_typed_into_the_data_are_refused() -> None:
    person = {"ho_ten": "Ông (bà) Họ và tên", "chuc_vu": "Chức vụ: Công chức Văn hóa - Xã hội"}
    assert problems(
        letter(
            gioi_thieu=[person],
            duoc_cu_den="Được cử đến: Phòng Tư pháp huyện",
            ve_viec="Về việc liên hệ công tác",
        )
    ) == [
        "gioi_thieu[0].ho_ten: 'Ông (bà) Họ và tên' — vanban writes 'Ông (bà)' before the name "
        f"({CITE}), 'Ông' or 'Bà' from gioi_tinh ('nam' or 'nu'); write the name alone: "
        "'Họ và tên'",
        "gioi_thieu[0].chuc_vu: 'Chức vụ: Công chức Văn hóa - Xã hội' — vanban writes 'Chức vụ:' "
        f"before it ({CITE}); write it alone: 'Công chức Văn hóa - Xã hội'",
        "duoc_cu_den: 'Được cử đến: Phòng Tư pháp huyện' — vanban writes 'Được cử đến:' before "
        f"it ({CITE}); write it alone: 'Phòng Tư pháp huyện'",
        "ve_viec: 'Về việc liên hệ công tác' — vanban writes 'Về việc:' before it "
        f"({CITE}); write it alone: 'liên hệ công tác'",
    ]
    for typed in ("Bà: Họ và tên", "ông/bà Họ và tên"):
        person = {"ho_ten": typed, "chuc_vu": "Công chức"}
        assert problems(letter(gioi_thieu=[person]))[0].startswith(
            f"gioi_thieu[0].ho_ten: {typed!r} — vanban writes 'Ông (bà)'"
        )
    # the family name Ông is a name, not a title
    person = {"ho_ten": "Ông Văn Họ", "chuc_vu": "Công chức"}
    assert ggt(letter(gioi_thieu=[person])).loi_gioi_thieu()[1] == "Ông (bà) Ông Văn Họ"


def test_gioi_tinh_people_and_duplicates() -> None:
    person = {"ho_ten": "Họ và tên", "chuc_vu": "Công chức"}
    assert problems(letter(gioi_thieu=[{**person, "gioi_tinh": "ông"}])) == [
        "gioi_thieu[0].gioi_tinh: 'ông' is not one of 'nam' (Ông), 'nu' (Bà) (NĐ 30/2020, Phụ "
        "lục III, Mẫu 1.8: 'Ông (bà)')"
    ]
    assert problems(letter(gioi_thieu=[])) == [
        "gioi_thieu: missing — whom the Giấy giới thiệu introduces: 'họ và tên, chức vụ và đơn vị "
        f"công tác của người được giới thiệu' ({CITE}, note 5)"
    ]
    twice = [person, {"ho_ten": "họ và  tên", "chuc_vu": "công chức"}]
    assert problems(letter(gioi_thieu=twice)) == [
        "gioi_thieu[1]: 'họ và  tên' is already gioi_thieu[0]"
    ]
    # the same name with another title is another person
    other = {"ho_ten": "Họ và tên", "chuc_vu": "Trưởng thôn Đông"}
    assert len(ggt(letter(gioi_thieu=[person, other])).gioi_thieu) == 2


def test_the_dump_reads_back_without_the_fixed_parts() -> None:
    document = ggt(letter())
    dumped = document.model_dump(mode="json")
    assert not {"trich_yeu", "noi_nhan", "luu", "so_ban_luu"} & set(dumped)
    assert vb.from_dict(dumped) == document
    assert vb.GiayGioiThieu.from_json(document.model_dump_json()) == document
    # what the records need for a trích yếu is written from the data
    assert document.trich_yeu == "ông (bà) Họ và tên đến Phòng Tư pháp huyện Gia Lộc"
    record = document.metadata(page_amount=1)
    assert record.subject == document.trich_yeu
    assert [organ.organ_name for organ in record.to] == ["Phòng Tư pháp huyện Gia Lộc"]


# --- the rendered letter -------------------------------------------------------------------------


def rendered(document: vb.VanBan) -> docx.document.Document:
    return docx.Document(io.BytesIO(vb.render(document).to_bytes()))


def test_the_built_in_template_of_giay_gioi_thieu_is_mau_1_8() -> None:
    path = ROOT / "src" / "vanban" / "templates" / "mau_1_8.docx"
    assert vb.builtin_template("giay_gioi_thieu") == vb.builtin_template("Giấy giới thiệu") == path
    assert vb.builtin_template("GGT") == vb.builtin_template("mau_1_8") == path


def test_the_example_reads_back_with_every_component_in_place() -> None:
    example = vb.load(GGT_YAML)
    assert isinstance(example, vb.GiayGioiThieu)
    document = rendered(example)
    header = document.tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs][:3] == [
        "UBND HUYỆN GIA LỘC",
        "ỦY BAN NHÂN DÂN",
        "XÃ GIA LƯƠNG",
    ]
    assert header.cell(1, 0).paragraphs[0].text == "Số: 12/GGT-UBND"
    assert header.cell(1, 1).paragraphs[0].text == "Gia Lương, ngày 10 tháng 3 năm 2022"
    body = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    # "GIẤY GIỚI THIỆU" and its rule, no trích yếu (the rule: 2/5 of the tên loại, mục II.5.b)
    assert body[:3] == [
        ("Ten loai", "GIẤY GIỚI THIỆU"),
        ("Duong ke", short_rule(["GIẤY GIỚI THIỆU"], 14, bold=True, max_width_pt=1000)),
        ("Gioi thieu", ISSUER),
    ]
    assert not [p for p in document.paragraphs if p.style.name == "Trich yeu"]
    expected = example.loi_gioi_thieu()[1:]
    assert [text for _, text in body[3:]] == expected
    # "Ông (bà) …" is kept with its "Chức vụ: …" (style "Nguoi gioi thieu", keep with next)
    assert [style for style, _ in body[3:]] == [
        *(["Nguoi gioi thieu", "Doan"] * 2),
        *["Doan"] * (len(expected) - 5),
        "Doan cuoi",
    ]
    person = document.styles["Nguoi gioi thieu"]
    assert person.paragraph_format.keep_with_next is True
    assert (person.font.size, person.font.bold, person.paragraph_format.first_line_indent) == (
        Pt(14),
        False,
        Cm(1.27),
    )
    styles = document.styles
    ten_loai, gioi_thieu, doan = styles["Ten loai"], styles["Gioi thieu"], styles["Doan"]
    # the sample: "GIẤY GIỚI THIỆU" bold, centred; the issuer's line 14, regular, centred; the
    # lines 14, regular, justified, first line indented (1 cm in the sample; mục II.6.e: 1-1.27)
    assert (ten_loai.font.bold, ten_loai.paragraph_format.alignment) == (
        True,
        WD_ALIGN_PARAGRAPH.CENTER,
    )
    assert (gioi_thieu.font.size, gioi_thieu.font.bold, gioi_thieu.font.italic) == (
        Pt(14),
        False,
        False,
    )
    assert gioi_thieu.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert gioi_thieu.paragraph_format.first_line_indent == Cm(0)
    assert (doan.font.size, doan.font.bold, doan.font.italic) == (Pt(14), False, False)
    assert doan.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert doan.paragraph_format.first_line_indent == Cm(1.27)
    recipients, signer = document.tables[-1].rows[0].cells
    assert [p.text for p in recipients.paragraphs] == ["Nơi nhận:", "- Như trên;", "- Lưu: VT."]
    assert [p.text for p in signer.paragraphs if p.text] == [
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Họ và tên",
    ]
    assert document.core_properties.title == example.trich_yeu
    assert package_problems(vb.render(example).to_bytes()) == []


def test_the_marks_the_contact_footer_and_a_phu_luc_come_from_the_shared_parts() -> None:
    data = letter(
        do_khan="khan",
        pham_vi_luu_hanh="xem_xong_tra_lai",
        lien_he={"dia_chi": "Thôn Đông, xã Gia Lương", "dien_thoai": "0220 3710 000"},
        ky_hieu_nguoi_soan="TP",
        so_ban_phat_hanh=2,
        phu_luc=[{"phu_luc": "Danh sách hồ sơ", "noi_dung": ["Hồ sơ của các hộ gia đình."]}],
    )
    document = rendered(ggt(data))
    section = document.sections[0]
    assert "XEM XONG TRẢ LẠI" in section.first_page_header._element.xml
    assert "KHẨN" in document.tables[0]._element.xml
    [footer] = section.first_page_footer.paragraphs
    assert footer.style.name == "Lien he" and "Thôn Đông, xã Gia Lương" in footer.text
    recipients = document.tables[-1].rows[0].cells[0]
    assert [p.text for p in recipients.paragraphs][1:] == ["- Như trên;", "- Lưu: VT. TP.(2)."]
    texts = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    start = texts.index(("Phu luc", "Phụ lục"))
    assert texts[start + 1 : start + 3] == [
        ("Phu luc tieu de", "DANH SÁCH HỒ SƠ"),
        (
            "Kem theo",
            "(Kèm theo Giấy giới thiệu số 12/GGT-UBND ngày 10 tháng 3 năm 2022 của Ủy ban nhân "
            "dân xã Gia Lương)",
        ),
    ]
    assert len(document.sections) == 2


# --- JSON Schema and the command line -------------------------------------------------------------


def test_the_schema_validates_the_example_and_refuses_the_fixed_parts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["schema", "giay_gioi_thieu"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == vb.GiayGioiThieu.json_schema()
    Draft202012Validator.check_schema(printed)
    check = Draft202012Validator(printed)
    example = yaml.safe_load(GGT_YAML.read_text(encoding="utf-8"))
    assert list(check.iter_errors(json.loads(json.dumps(example, default=str)))) == []
    data = letter()
    assert list(check.iter_errors(data)) == []
    for field in ("gioi_thieu", "duoc_cu_den", "ve_viec", "gia_tri_den"):
        missing = {k: v for k, v in data.items() if k != field}
        assert [e.message for e in check.iter_errors(missing)] == [
            f"'{field}' is a required property"
        ]
    for field, value in [("trich_yeu", "Giới thiệu"), ("noi_nhan", ["Như trên"]), ("luu", "VP")]:
        assert [e.validator for e in check.iter_errors({**data, field: value})] == [
            "additionalProperties"
        ]
    assert [e.json_path for e in check.iter_errors({**data, "gioi_thieu": []})] == ["$.gioi_thieu"]
    person = {"ho_ten": "Họ và tên", "chuc_vu": "Công chức", "gioi_tinh": "ong"}
    assert [e.json_path for e in check.iter_errors({**data, "gioi_thieu": [person]})] == [
        "$.gioi_thieu[0].gioi_tinh"
    ]
    assert "NoiNhan" not in printed["$defs"]


def test_vanban_render_renders_the_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(GGT_YAML), "-o", f"{tmp_path}/"]) == 0
    out = capsys.readouterr().out
    assert out == (
        f"{tmp_path}/giay_gioi_thieu_dia_chinh_2022.docx  (Giấy giới thiệu số 12/GGT-UBND)\n"
    )


# --- LibreOffice ------------------------------------------------------------------------------------


def long_delegation() -> vb.GiayGioiThieu:
    """The example with a delegation long enough for two pages."""
    data = yaml.safe_load(GGT_YAML.read_text(encoding="utf-8"))
    data["gioi_thieu"] = [
        {"ho_ten": "Họ và tên", "chuc_vu": f"Trưởng thôn số {n}, xã Gia Lương"}
        for n in range(1, 15)
    ]
    return ggt(data)


@pytest.mark.soffice
def test_the_letter_converts_page_one_unnumbered_and_the_signature_never_alone(
    soffice: str, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from vanban.pdf import PdfConverter

    short = vb.load(GGT_YAML)
    long = long_delegation()
    with PdfConverter(timeout=120) as converter:
        pages = pdf_pages(converter.convert(vb.render(short).save(tmp_path / "ggt.docx")))
        long_pdf = converter.convert(vb.render(long).save(tmp_path / "ggt_dai.docx"))
    long_pages = pdf_pages(long_pdf)
    assert len(pages) == 1 and pagination_problems(pages, short) == []
    first = pages[0]
    assert first[0].startswith("UBND HUYỆN GIA LỘC")
    # pypdf reads the rule under a line as the end of that line
    assert first[first.index(ISSUER) - 1].startswith("GIẤY GIỚI THIỆU__")
    before = first[: first.index("Nơi nhận:")]
    assert before[-1] == "Giấy này có giá trị đến hết ngày 31 tháng 3 năm 2022./."
    assert len(long_pages) == 2
    assert pagination_problems(long_pages, long) == []
    # a person's "Ông (bà) …" never ends a page without its "Chức vụ: …" (14 people put the
    # 14th person's name at the foot of page 1 before the lines were kept together)
    assert not long_pages[0][-1].startswith("Ông (bà)")
    assert long_pages[1][0].startswith("Ông (bà)")
    raw_first = PdfReader(long_pdf).pages[0].extract_text().splitlines()
    assert raw_first[0].strip() != "1"  # no number on page 1 (Phụ lục I, mục I.7)
    second = [line.strip() for line in PdfReader(long_pdf).pages[1].extract_text().splitlines()]
    assert second[0] == "2"

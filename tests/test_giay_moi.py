"""Giấy mời, Mẫu 1.7 (NĐ 30/2020, Phụ lục III): the time helpers, the model's rules, the rendered
invitation read back, its JSON Schema, the batch example and its pages through LibreOffice."""

from __future__ import annotations

import io
import json
import runpy
from datetime import date, datetime, timedelta
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

from .conftest import EXAMPLES, ROOT, problems
from .test_ooxml_order import package_problems
from .test_pdf_layout import pagination_problems, pdf_pages

GIAY_MOI_YAML = EXAMPLES / "giay_moi_hop_tong_ket_2022.yaml"
BATCH = EXAMPLES / "giay_moi"
ISSUER = "Ủy ban nhân dân xã Gia Lương trân trọng kính mời:"


def invitation(**changes: Any) -> dict[str, Any]:
    """A small Giấy mời of a commune, as a data file would hold it."""
    data: dict[str, Any] = {
        "loai": "giay_moi",
        "co_quan": {
            "ten": "Ủy ban nhân dân xã Gia Lương",
            "viet_tat": "UBND",
            "dia_danh": "Gia Lương",
        },
        "so": 7,
        "ngay": "2022-03-01",
        "trich_yeu": "Họp giao ban tháng 3",
        "kinh_moi": ["Trưởng thôn Đông"],
        "toi_du": "họp giao ban tháng 3 năm 2022",
        "thoi_gian": "2022-03-07 08:00",
        "dia_diem": "Hội trường Ủy ban nhân dân xã",
        "noi_nhan": ["TT Đảng ủy xã"],
        "luu": "VP",
        "chu_ky": {"tap_the": "Ủy ban nhân dân", "chuc_vu": "Chủ tịch", "ho_ten": "Họ và tên"},
    }
    data.update(changes)
    return data


def lines(data: dict[str, Any]) -> list[str]:
    document = vb.from_dict(data)
    assert isinstance(document, vb.GiayMoi)
    return document.loi_moi()


# --- the time helpers -------------------------------------------------------------------------------


def test_thoi_diem_writes_time_weekday_and_date() -> None:
    assert vb.thoi_diem(datetime(2022, 3, 7, 8, 0)) == (
        "08 giờ 00 phút, thứ Hai, ngày 07 tháng 3 năm 2022"
    )
    assert vb.thoi_diem(datetime(2022, 1, 2, 14, 5)) == (
        "14 giờ 05 phút, Chủ nhật, ngày 02 tháng 01 năm 2022"
    )
    assert vb.gio_phut(datetime(2022, 1, 2, 8, 5), gio_hai_so=True) == "08 giờ 05 phút"
    assert vb.gio_phut(datetime(2022, 1, 2, 8, 5)) == "8 giờ 05 phút"  # unchanged by default
    with pytest.raises(TypeError, match="thoi_diem expects a datetime, got date"):
        vb.thoi_diem(date(2022, 3, 7))  # type: ignore[arg-type]


def test_khoang_thoi_gian_writes_the_date_once_on_one_day() -> None:
    start = datetime(2022, 3, 7, 8, 0)
    assert vb.khoang_thoi_gian(start, datetime(2022, 3, 7, 11, 30)) == (
        "từ 08 giờ 00 phút đến 11 giờ 30 phút, thứ Hai, ngày 07 tháng 3 năm 2022"
    )
    assert vb.khoang_thoi_gian(start, datetime(2022, 3, 8, 17, 0)) == (
        "từ 08 giờ 00 phút, thứ Hai, ngày 07 tháng 3 năm 2022 đến 17 giờ 00 phút, thứ Ba, "
        "ngày 08 tháng 3 năm 2022"
    )
    with pytest.raises(ValueError, match="it must end after it starts"):
        vb.khoang_thoi_gian(start, start)


def test_parse_thoi_diem_reads_a_moment_iso_or_day_first() -> None:
    from vanban.text import parse_thoi_diem

    for written in ("2022-03-07 08:00", "2022-03-07T08:00:00", "07/03/2022 08:00", "7/3/2022 8h00"):
        assert parse_thoi_diem(written) == datetime(2022, 3, 7, 8, 0)
    with pytest.raises(ValueError, match="is not a date and time; write 2022-03-07 08:00"):
        parse_thoi_diem("07/03/2022")
    with pytest.raises(ValueError, match="'25:00' is not a time of day"):
        parse_thoi_diem("07/03/2022 25:00")
    with pytest.raises(ValueError, match="the day does not exist: February 2022 has 28 days"):
        parse_thoi_diem("30/02/2022 08:00")


MOMENTS = st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(9998, 12, 31))


@settings(max_examples=200, deadline=None)
@given(MOMENTS, st.integers(min_value=1, max_value=60 * 24 * 5))
def test_every_span_names_both_ends_or_is_refused(start: datetime, minutes: int) -> None:
    start = start.replace(second=0, microsecond=0)
    end = start + timedelta(minutes=minutes)
    text = vb.khoang_thoi_gian(start, end)
    assert text.startswith(f"từ {vb.gio_phut(start, gio_hai_so=True)}")
    assert text.endswith(vb.ngay_thang(end))
    assert f"đến {vb.gio_phut(end, gio_hai_so=True)}" in text
    assert vb.thu(start) in text and vb.thu(end) in text
    with pytest.raises(ValueError):
        vb.khoang_thoi_gian(end, start)


@settings(max_examples=200, deadline=None)
@given(MOMENTS)
def test_a_moment_written_either_way_reads_back(moment: datetime) -> None:
    from vanban.text import parse_thoi_diem

    moment = moment.replace(second=0, microsecond=0)
    day_first = f"{moment.day}/{moment.month}/{moment.year:04d} {moment.hour}:{moment.minute:02d}"
    iso = f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d} {moment:%H:%M}"
    assert parse_thoi_diem(iso) == moment
    assert parse_thoi_diem(day_first) == moment


# --- the model ---------------------------------------------------------------------------------------


def test_the_example_is_a_giay_moi_with_every_component() -> None:
    document = vb.load(GIAY_MOI_YAML)
    assert isinstance(document, vb.GiayMoi)
    assert str(document.so_ky_hieu) == "15/GM-UBND"
    assert document.loi_moi() == [
        ISSUER,
        "- Thường trực Đảng ủy, Hội đồng nhân dân xã;",
        "- Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam xã;",
        "- Bí thư chi bộ, Trưởng thôn các thôn.",
        "Tới dự Hội nghị tổng kết công tác năm 2022, triển khai nhiệm vụ năm 2023 của Ủy ban "
        "nhân dân xã.",
        "Chủ trì: Chủ tịch Ủy ban nhân dân xã",
        "Thời gian: từ 08 giờ 00 phút đến 11 giờ 30 phút, thứ Ba, ngày 27 tháng 12 năm 2022",
        "Địa điểm: Hội trường Ủy ban nhân dân xã Gia Lương",
        "Đề nghị các đại biểu nghiên cứu dự thảo báo cáo gửi kèm và tham dự đầy đủ, đúng giờ./.",
    ]


def test_one_guest_stands_on_the_line_and_the_place_ends_without_notes() -> None:
    assert lines(invitation()) == [
        f"{ISSUER} Trưởng thôn Đông",
        "Tới dự họp giao ban tháng 3 năm 2022.",
        "Thời gian: 08 giờ 00 phút, thứ Hai, ngày 07 tháng 3 năm 2022",
        "Địa điểm: Hội trường Ủy ban nhân dân xã./.",  # no chu_tri: no line; "./." last
    ]


def test_list_punctuation_typed_into_guests_is_removed() -> None:
    assert lines(invitation(kinh_moi=["- Trưởng thôn Đông;", "- Trưởng thôn Đoài."]))[:3] == [
        ISSUER,
        "- Trưởng thôn Đông;",
        "- Trưởng thôn Đoài.",
    ]


@pytest.mark.parametrize(
    "typed",
    [
        "Kính mời Trưởng thôn Đông",
        "kính mời: Trưởng thôn Đông",
        "Trân trọng kính mời Trưởng thôn Đông",
    ],
)
def test_kinh_moi_typed_into_a_guest_is_refused(typed: str) -> None:
    assert problems(invitation(kinh_moi=["Trưởng thôn Đoài", typed])) == [
        f"kinh_moi[1]: {typed!r} — vanban writes '… trân trọng kính mời:' before the guests (NĐ "
        "30/2020, Phụ lục III, Mẫu 1.7, note 6); write the guest alone: 'Trưởng thôn Đông'"
    ]


def test_a_guest_named_twice_or_no_guest_is_refused() -> None:
    assert problems(invitation(kinh_moi=["Trưởng thôn Đông", "trưởng thôn đông"])) == [
        "kinh_moi[1]: 'trưởng thôn đông' is already kinh_moi[0]"
    ]
    assert problems(invitation(kinh_moi=[])) == [
        "kinh_moi: missing — whom the Giấy mời invites: 'tên cơ quan, tổ chức hoặc họ và tên, "
        "chức vụ, đơn vị công tác của người được mời' (NĐ 30/2020, Phụ lục III, Mẫu 1.7, note 6)"
    ]


def test_tới_dự_typed_into_the_meeting_is_refused() -> None:
    assert problems(invitation(toi_du="Tới dự họp giao ban")) == [
        "toi_du: 'Tới dự họp giao ban' — vanban writes 'Tới dự' before the meeting's name (NĐ "
        "30/2020, Phụ lục III, Mẫu 1.7); write it alone: 'họp giao ban'"
    ]


def test_a_meeting_that_ends_before_it_starts_is_refused() -> None:
    span = {"bat_dau": "2022-03-07 14:00", "ket_thuc": "2022-03-07 08:00"}
    assert problems(invitation(thoi_gian=span)) == [
        "thoi_gian: ket_thuc: 2022-03-07 08:00:00 — the meeting ends before it starts "
        "(2022-03-07 14:00:00); the end of 'Thời gian' is after its start (NĐ 30/2020, Phụ lục "
        "III, Mẫu 1.7)"
    ]


def test_a_meeting_before_the_invitation_or_without_an_hour_is_refused() -> None:
    assert problems(invitation(thoi_gian="2022-02-28 08:00")) == [
        "thoi_gian: the meeting starts on 2022-02-28, before the Giấy mời is issued on "
        "2022-03-01 (ngay); an invitation is issued before its meeting (NĐ 30/2020, Phụ lục III, "
        "Mẫu 1.7)"
    ]
    # a YAML date without an hour (thoi_gian: 2022-03-07) is a date, not a moment
    assert problems(invitation(thoi_gian=date(2022, 3, 7))) == [
        "thoi_gian: 2022-03-07 — a meeting's time has an hour: write '2022-03-07 08:00' (NĐ "
        "30/2020, Phụ lục III, Mẫu 1.7, 'Thời gian')"
    ]


def test_a_csv_cell_may_write_the_time_day_first() -> None:
    span = {"bat_dau": "07/03/2022 08:00", "ket_thuc": "07/03/2022 11h30"}
    assert lines(invitation(thoi_gian=span))[2] == (
        "Thời gian: từ 08 giờ 00 phút đến 11 giờ 30 phút, thứ Hai, ngày 07 tháng 3 năm 2022"
    )
    assert problems(invitation(thoi_gian="07/03/2022")) == [
        "thoi_gian.bat_dau: '07/03/2022' is not a date and time; write 2022-03-07 08:00 or "
        "07/03/2022 08:00"
    ]


def test_without_time_or_place_is_refused() -> None:
    data = invitation()
    del data["thoi_gian"], data["dia_diem"]
    assert [p.split(":")[0] for p in problems(data)] == ["thoi_gian", "dia_diem"]


# --- the rendered invitation ---------------------------------------------------------------------


def rendered(document: vb.VanBan) -> docx.document.Document:
    return docx.Document(io.BytesIO(vb.render(document).to_bytes()))


def test_the_built_in_template_of_giay_moi_is_mau_1_7() -> None:
    path = ROOT / "src" / "vanban" / "templates" / "mau_1_7.docx"
    assert vb.builtin_template("giay_moi") == vb.builtin_template("Giấy mời") == path
    assert vb.builtin_template("GM") == vb.builtin_template("mau_1_7") == path


def test_the_example_reads_back_with_every_component_in_place() -> None:
    document = rendered(vb.load(GIAY_MOI_YAML))
    header = document.tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs][:3] == [
        "UBND HUYỆN GIA LỘC",
        "ỦY BAN NHÂN DÂN",
        "XÃ GIA LƯƠNG",
    ]
    assert header.cell(1, 0).paragraphs[0].text == "Số: 15/GM-UBND"
    assert header.cell(1, 1).paragraphs[0].text == "Gia Lương, ngày 20 tháng 12 năm 2022"
    body = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    assert body[:2] == [
        ("Ten loai", "GIẤY MỜI"),
        ("Trich yeu", "Hội nghị tổng kết công tác năm 2022, triển khai nhiệm vụ năm 2023"),
    ]
    assert body[2][0] == "Duong ke"
    expected = vb.load(GIAY_MOI_YAML).loi_moi()  # type: ignore[attr-defined]
    assert [text for _, text in body[3:]] == expected
    assert [style for style, _ in body[3:]] == ["Doan"] * (len(expected) - 1) + ["Doan cuoi"]
    styles = document.styles
    ten_loai, trich_yeu, doan = styles["Ten loai"], styles["Trich yeu"], styles["Doan"]
    # "GIẤY MỜI" and the trích yếu bold, centred (Phụ lục I, mục II.5.b); the lines 14, regular,
    # justified, first line indented (the sample: 1 cm; the body's 1.27 cm, mục II.6.e: 1-1.27)
    assert (ten_loai.font.bold, trich_yeu.font.bold) == (True, True)
    assert ten_loai.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert trich_yeu.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert (doan.font.size, doan.font.bold, doan.font.italic) == (Pt(14), False, False)
    assert doan.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert doan.paragraph_format.first_line_indent == Cm(1.27)
    recipients, signer = document.tables[-1].rows[0].cells
    assert [p.text for p in recipients.paragraphs] == [
        "Nơi nhận:",
        "- TT Đảng ủy xã (để báo cáo);",
        "- Các thôn;",
        "- Lưu: VT, VP.",
    ]
    assert [p.text for p in signer.paragraphs if p.text] == [
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Họ và tên",
    ]
    assert package_problems(vb.render(vb.load(GIAY_MOI_YAML)).to_bytes()) == []


def test_the_marks_and_the_contact_footer_come_from_the_shared_parts() -> None:
    data = invitation(
        do_khan="khan",
        pham_vi_luu_hanh="tra_lai_sau_khi_hop",
        lien_he={"dia_chi": "Thôn Đông, xã Gia Lương", "dien_thoai": "0220 3710 000"},
        ky_hieu_nguoi_soan="PL",
        so_ban_phat_hanh=12,
    )
    document = rendered(vb.from_dict(data))
    section = document.sections[0]
    assert "TRẢ LẠI SAU KHI HỌP" in section.first_page_header._element.xml
    assert "KHẨN" in document.tables[0]._element.xml
    [footer] = section.first_page_footer.paragraphs
    assert footer.style.name == "Lien he" and "Thôn Đông, xã Gia Lương" in footer.text
    recipients = document.tables[-1].rows[0].cells[0]
    assert recipients.paragraphs[-1].text == "- Lưu: VT, VP. PL.(12)."


# --- JSON Schema and the command line -------------------------------------------------------------


def test_the_schema_validates_the_example_and_refuses_what_the_model_refuses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["schema", "giay_moi"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == vb.GiayMoi.json_schema()
    check = Draft202012Validator(printed)
    example = yaml.safe_load(GIAY_MOI_YAML.read_text(encoding="utf-8"))
    assert list(check.iter_errors(json.loads(json.dumps(example, default=str)))) == []
    data = invitation()
    assert list(check.iter_errors(data)) == []  # one moment as text
    for field in ("kinh_moi", "toi_du", "thoi_gian", "dia_diem"):
        missing = {k: v for k, v in data.items() if k != field}
        assert [e.message for e in check.iter_errors(missing)] == [
            f"'{field}' is a required property"
        ]
    assert [e.json_path for e in check.iter_errors({**data, "kinh_moi": []})] == ["$.kinh_moi"]
    assert [e.json_path for e in check.iter_errors({**data, "thoi_gian": "mai"})] == ["$.thoi_gian"]
    span = {"bat_dau": "2022-03-07 08:00", "ket_thuc": "2022-03-07T11:30:00"}
    assert list(check.iter_errors({**data, "thoi_gian": span})) == []
    # a moment has an hour, in the schema as in the model
    no_hour = {**data, "thoi_gian": "2022-03-07"}
    assert [e.json_path for e in check.iter_errors(no_hour)] == ["$.thoi_gian"]
    assert list(check.iter_errors({**data, "thoi_gian": {"bat_dau": "2022-03-07"}})) != []


def test_vanban_render_renders_the_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(GIAY_MOI_YAML), "-o", f"{tmp_path}/"]) == 0
    out = capsys.readouterr().out
    assert out == f"{tmp_path}/giay_moi_hop_tong_ket_2022.docx  (Giấy mời số 15/GM-UBND)\n"


# --- the batch example ------------------------------------------------------------------------------


def test_the_batch_example_makes_one_invitation_per_guest_under_one_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    script = runpy.run_path(str(BATCH / "lam_giay_moi.py"))
    report = script["main"](tmp_path)
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("6 written, 0 failed in ")
    assert out[1] == "numbers: 01/GM-UBND"
    guests = (BATCH / "khach_moi.csv").read_text(encoding="utf-8").splitlines()[1:]
    made = sorted((tmp_path / "giay_moi").glob("*.docx"))
    assert [path.name for path in made] == [f"{i:03d}-{g}.docx" for i, g in enumerate(guests, 1)]
    for path, guest in zip(made, guests, strict=True):
        document = docx.Document(str(path))
        assert document.tables[0].cell(1, 0).paragraphs[0].text == "Số: 01/GM-UBND"
        texts = [p.text for p in document.paragraphs if p.text]
        assert f"{ISSUER} {guest}" in texts
    # one document, a copy per guest: the register counts the copies (Điều 17.1.a)
    with vb.Register(tmp_path / "so-dang-ky.db") as register:
        assert register.find("01/GM-UBND", nam=2022).so_luong_ban == len(guests)
    assert len(report.numbers) == 1


# --- LibreOffice ------------------------------------------------------------------------------------


def long_invitation() -> vb.GiayMoi:
    """The example with notes long enough for two pages."""
    data = yaml.safe_load(GIAY_MOI_YAML.read_text(encoding="utf-8"))
    note = data["luu_y"][0]
    data["luu_y"] = [
        f"{note} Mục {n}: " + "nội dung cần chuẩn bị trước hội nghị, " * 8 for n in range(1, 9)
    ]
    document = vb.from_dict(data)
    assert isinstance(document, vb.GiayMoi)
    return document


@pytest.mark.soffice
def test_the_invitation_converts_page_one_unnumbered_and_the_signature_never_alone(
    soffice: str, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from vanban.pdf import PdfConverter

    short = vb.load(GIAY_MOI_YAML)
    long = long_invitation()
    with PdfConverter(timeout=120) as converter:
        pages = pdf_pages(converter.convert(vb.render(short).save(tmp_path / "gm.docx")))
        long_pdf = converter.convert(vb.render(long).save(tmp_path / "gm_dai.docx"))
    long_pages = pdf_pages(long_pdf)
    assert len(pages) == 1 and pagination_problems(pages, short) == []
    first = pages[0]
    assert first[0].startswith("UBND HUYỆN GIA LỘC")
    assert "GIẤY MỜI" in first and ISSUER in first
    before = first[: first.index("Nơi nhận:")] if "Nơi nhận:" in first else first
    assert before[-1].endswith("đúng giờ./.")
    assert len(long_pages) >= 2
    assert pagination_problems(long_pages, long) == []
    raw_first = PdfReader(long_pdf).pages[0].extract_text().splitlines()
    assert raw_first[0].strip() != "1"  # no number on page 1 (Phụ lục I, mục I.7)
    second = [line.strip() for line in PdfReader(long_pdf).pages[1].extract_text().splitlines()]
    assert second[0] == "2"


def test_a_phu_luc_follows_on_its_own_page_tied_to_the_invitation() -> None:
    """A Giấy mời may carry a Phụ lục (the programme, NĐ 30/2020, Điều 8.3.a): the shared part."""
    data = invitation(phu_luc=[{"phu_luc": "Chương trình hội nghị", "noi_dung": ["08 giờ 00."]}])
    document = rendered(vb.from_dict(data))
    texts = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    start = texts.index(("Phu luc", "Phụ lục"))
    assert texts[start + 1 : start + 3] == [
        ("Phu luc tieu de", "CHƯƠNG TRÌNH HỘI NGHỊ"),
        (
            "Kem theo",
            "(Kèm theo Giấy mời số 07/GM-UBND ngày 01 tháng 3 năm 2022 của Ủy ban nhân dân xã "
            "Gia Lương)",
        ),
    ]
    assert len(document.sections) == 2

"""Giấy nghỉ phép, Mẫu 1.10 (NĐ 30/2020, Phụ lục III): the model's rules, the working days counted
on the calendar, the rendered leave read back, its JSON Schema and its pages through LibreOffice."""

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
from vanban.typeset.metrics import rule_width_pt, text_width_pt

from .conftest import EXAMPLES, ROOT, problems
from .test_ooxml_order import package_problems
from .test_pdf_layout import pagination_problems, pdf_pages

GNP_YAML = EXAMPLES / "giay_nghi_phep_nghi_hang_nam_2022.yaml"
CITE = "NĐ 30/2020, Phụ lục III, Mẫu 1.10"
XAC_NHAN = "Xác nhận của cơ quan (tổ chức) hoặc chính quyền địa phương nơi nghỉ phép (nếu cần)"


def leave(**changes: Any) -> dict[str, Any]:
    """A small Giấy nghỉ phép of a commune, as a data file would hold it."""
    data: dict[str, Any] = {
        "loai": "giay_nghi_phep",
        "co_quan": {
            "ten": "Ủy ban nhân dân xã Gia Lương",
            "viet_tat": "UBND",
            "dia_danh": "Gia Lương",
        },
        "so": 3,
        "ngay": "2022-03-01",
        "ngay_don": "2022-02-25",
        "ho_ten": "Họ và tên",
        "chuc_vu": "Công chức Văn phòng - Thống kê",
        "tu_ngay": "2022-03-07",
        "den_ngay": "2022-03-11",
        "noi_nghi": "xã Gia Lương",
        "so_ngay": 5,
        "tinh_vao": "nghỉ việc riêng",
        "luu": "VP",
        "chu_ky": {"tap_the": "Ủy ban nhân dân", "chuc_vu": "Chủ tịch", "ho_ten": "Họ và tên"},
    }
    data.update(changes)
    return data


def made(data: dict[str, Any]) -> vb.GiayNghiPhep:
    document = vb.from_dict(data)
    assert isinstance(document, vb.GiayNghiPhep)
    return document


# --- the model ---------------------------------------------------------------------------------------


def test_the_example_writes_the_sample_s_lines() -> None:
    document = vb.load(GNP_YAML)
    assert isinstance(document, vb.GiayNghiPhep)
    assert str(document.so_ky_hieu) == "12/GNP-UBND"
    assert document.noi_dung_giay() == [
        "Xét Đơn đề nghị nghỉ phép ngày 25/8/2022 của ông (bà) Họ và tên,",
        "Ủy ban nhân dân xã Gia Lương cấp cho:",
        "Ông (bà): Họ và tên",
        "Chức vụ: Công chức Tư pháp - Hộ tịch, Ủy ban nhân dân xã Gia Lương",
        # 31/8, 5/9, 6/9: 1-2/9/2022 are the Quốc khánh holidays, 3-4/9 a weekend
        "Được nghỉ phép trong thời gian 03 ngày làm việc kể từ ngày 31/8/2022 đến hết ngày "
        "06/9/2022 tại thành phố Đà Lạt, tỉnh Lâm Đồng.",
        "Số ngày nghỉ phép nêu trên được tính vào thời gian nghỉ phép năm 2022./.",
    ]
    # the person first in Nơi nhận (note 8), then the others, the archive line last (note 9)
    assert document.context()["noi_nhan"] == [
        "- Ông (bà) Họ và tên;",
        "- Văn phòng HĐND và UBND xã;",
        "- Lưu: VT, VP.",
    ]


def test_a_number_of_days_is_written_on_two_digits_and_tinh_counts_working_days() -> None:
    assert made(leave()).thoi_gian == "05 ngày"
    assert made(leave(so_ngay=12, den_ngay="2022-03-20")).thoi_gian == "12 ngày"
    # 07/03/2022 (Monday) to 11/03/2022: five working days
    assert made(leave(so_ngay="tinh")).thoi_gian == "05 ngày làm việc"
    # over Giỗ Tổ Hùng Vương (10/4/2022, a Sunday: the Monday after is off, Điều 111.3), 30/4
    # and 1/5 (a weekend: 2/5 and 3/5 off)
    span = made(
        leave(so_ngay="tinh", ngay="2022-04-01", tu_ngay="2022-04-04", den_ngay="2022-05-06")
    )
    assert span.so_ngay_lam_viec() == 22  # 25 weekdays, 11/4, 2/5 and 3/5 off
    assert span.thoi_gian == "22 ngày làm việc"


def test_an_office_calendar_counts_its_own_days_off() -> None:
    document = made(leave(so_ngay="tinh"))
    # a copy over other dates counts them, not the original's period
    assert document.model_copy(update={"den_ngay": date(2022, 3, 8)}).thoi_gian == (
        "02 ngày làm việc"
    )
    assert document.thoi_gian == "05 ngày làm việc"
    office = vb.LichLamViec(ngay_nghi={date(2022, 3, 8): "ngày nghỉ của cơ quan"})
    assert (document.so_ngay_lam_viec(), document.so_ngay_lam_viec(office)) == (5, 4)


@settings(max_examples=60, deadline=None)
@given(
    st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 1)),
    st.integers(min_value=0, max_value=40),
)
def test_the_working_days_are_those_of_the_calendar_within_the_period(
    start: date, length: int
) -> None:
    end = start + timedelta(days=length)
    lich = vb.LichLamViec()
    expected = sum(lich.is_working_day(start + timedelta(days=i)) for i in range(length + 1))
    data = leave(so_ngay="tinh", ngay=None, so=None, nam=start.year, ngay_don=start.isoformat())
    data.update(tu_ngay=start.isoformat(), den_ngay=end.isoformat())
    del data["ngay"], data["so"]
    if expected == 0:
        assert problems(data) == [
            f"so_ngay: 'tinh' — from {start.isoformat()} to {end.isoformat()} there is no "
            "working day (weekly rest days and public holidays: Nghị định 45/2013, Điều 3; Bộ "
            "luật Lao động 2019, Điều 112); write the number of days"
        ]
    else:
        document = made(data)
        assert document.so_ngay_lam_viec(lich) == expected
        assert document.thoi_gian == f"{expected:02d} ngày làm việc"


def test_a_leave_that_ends_before_it_starts_is_refused() -> None:
    assert problems(leave(den_ngay="2022-03-06")) == [
        "den_ngay: 2022-03-06 — the leave ends before it starts (tu_ngay: 2022-03-07); 'kể từ "
        f"ngày … đến hết ngày …' runs forward ({CITE})"
    ]
    one_day = made(leave(den_ngay="2022-03-07", so_ngay=1))  # a leave of one day
    assert "kể từ ngày 07/3/2022 đến hết ngày 07/3/2022" in one_day.noi_dung_giay()[4]


def test_an_application_dated_after_the_leave_permit_is_refused() -> None:
    assert problems(leave(ngay_don="2022-03-02")) == [
        "ngay_don: 2022-03-02 — the application is dated after the Giấy nghỉ phép that answers "
        "it (ngay: 2022-03-01); 'Xét Đơn đề nghị nghỉ phép ngày …' cites an application already "
        f"made ({CITE})"
    ]
    assert made(leave(ngay_don="2022-03-01")).ngay_don == date(2022, 3, 1)  # the same day


def test_more_days_than_the_period_or_no_day_is_refused() -> None:
    assert problems(leave(so_ngay=6)) == [
        "so_ngay: 6 — more days than the period holds: from 2022-03-07 to 2022-03-11 is 5 "
        f"day(s) ({CITE}: 'trong thời gian … kể từ ngày … đến hết ngày …')"
    ]
    assert problems(leave(so_ngay=0)) == ["so_ngay: 0 — a leave is at least 1 day; or write 'tinh'"]
    assert problems(leave(so_ngay=True)) == ["so_ngay: True — write a number of days, or 'tinh'"]
    assert made(leave(so_ngay="Tinh")).so_ngay == "tinh"


def test_a_trich_yeu_is_refused_and_the_register_gets_the_derived_one() -> None:
    assert problems(leave(trich_yeu="Cho phép nghỉ phép")) == [
        "trich_yeu: 'Cho phép nghỉ phép' — a Giấy nghỉ phép has no trích yếu (NĐ 30/2020, Phụ lục "
        "III, Mẫu 1.10: 'GIẤY NGHỈ PHÉP' and the rule only); remove it (vanban keeps 'cấp cho "
        "ông (bà) <ho_ten>' for the register)"
    ]
    document = made(leave())
    assert document.trich_yeu == "cấp cho ông (bà) Họ và tên"
    assert "trich_yeu" not in document.model_dump()


def test_ong_ba_typed_before_the_name_is_refused() -> None:
    for typed in ("Ông (bà) Họ và tên", "Bà: Họ và tên", "ông(bà): Họ và tên", "Ông/bà Họ và tên"):
        assert problems(leave(ho_ten=typed)) == [
            f"ho_ten: {typed!r} — vanban writes 'Ông (bà):' before the name ({CITE}, note 5), "
            "'Ông' or 'Bà' from gioi_tinh ('nam' or 'nu'); write the name alone: 'Họ và tên'"
        ]


@pytest.mark.parametrize(("gioi_tinh", "title"), [("nu", "Bà"), ("Nam", "Ông"), (None, "Ông (bà)")])
def test_gioi_tinh_names_the_person_as_the_office_writes_it(
    gioi_tinh: str | None, title: str
) -> None:
    """The sample's "ông (bà)" is one of the two, as in Giấy giới thiệu (Mẫu 1.8)."""
    document = made(leave(gioi_tinh=gioi_tinh))
    lines = document.noi_dung_giay()
    assert lines[0].endswith(f" của {title.lower()} Họ và tên,")
    assert lines[2] == f"{title}: Họ và tên"
    assert document.noi_nhan[0].ten == f"{title} Họ và tên"
    assert document.trich_yeu == f"cấp cho {title.lower()} Họ và tên"
    assert made(document.model_dump(mode="json")) == document
    assert problems(leave(gioi_tinh="khac")) == [
        f"gioi_tinh: 'khac' is not one of 'nam' (Ông), 'nu' (Bà) ({CITE}: 'ông (bà)')"
    ]


def test_the_person_is_written_once_first_in_noi_nhan_and_the_data_round_trips() -> None:
    typed = ["- Văn phòng HĐND và UBND xã;", "Ông (bà) Họ và tên", "họ và tên"]
    document = made(leave(noi_nhan=typed))
    assert [item.ten for item in document.noi_nhan] == [
        "Ông (bà) Họ và tên",
        "Văn phòng HĐND và UBND xã",
    ]
    assert vb.from_dict(document.model_dump()) == document
    assert problems(leave(noi_nhan="Văn phòng")) == [
        "noi_nhan: 'Văn phòng' — Input should be a valid list"
    ]
    assert vb.from_dict(json.loads(document.model_dump_json())) == document


def test_without_a_required_field_each_is_named() -> None:
    data = leave()
    for field in ("ngay_don", "ho_ten", "chuc_vu", "tu_ngay", "den_ngay", "noi_nghi", "so_ngay"):
        del data[field]
    del data["tinh_vao"]
    assert [p.split(":")[0] for p in problems(data)] == [
        "ngay_don",
        "ho_ten",
        "chuc_vu",
        "tu_ngay",
        "den_ngay",
        "noi_nghi",
        "so_ngay",
        "tinh_vao",
    ]


def test_the_register_records_the_person_and_the_derived_trich_yeu(tmp_path: Path) -> None:
    data = leave()
    del data["so"], data["ngay"]
    draft = made(data)
    with vb.Register.create(tmp_path / "so.db", co_quan=draft.co_quan) as register:
        issued = register.issue(draft, ngay=date(2022, 3, 1))
        row = register.find(str(issued.so_ky_hieu), nam=2022)
        again = register.van_ban(str(issued.so_ky_hieu), nam=2022)
    assert again == issued  # stored as data and read back, the person not doubled
    assert row is not None
    assert str(issued.so_ky_hieu) == "01/GNP-UBND"
    assert row.ten_loai_trich_yeu == "Giấy nghỉ phép cấp cho ông (bà) Họ và tên"
    assert row.noi_nhan == "Ông (bà) Họ và tên"


# --- the rendered leave ------------------------------------------------------------------------------


def rendered(document: vb.VanBan) -> docx.document.Document:
    return docx.Document(io.BytesIO(vb.render(document).to_bytes()))


def test_the_built_in_template_of_giay_nghi_phep_is_mau_1_10() -> None:
    path = ROOT / "src" / "vanban" / "templates" / "mau_1_10.docx"
    assert vb.builtin_template("giay_nghi_phep") == vb.builtin_template("GNP") == path
    assert vb.builtin_template("mau_1_10") == path


def test_the_example_reads_back_with_every_component_in_place() -> None:
    example = vb.load(GNP_YAML)
    assert isinstance(example, vb.GiayNghiPhep)
    document = rendered(example)
    header = document.tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs][:3] == [
        "UBND HUYỆN GIA LỘC",
        "ỦY BAN NHÂN DÂN",
        "XÃ GIA LƯƠNG",
    ]
    assert header.cell(1, 0).paragraphs[0].text == "Số: 12/GNP-UBND"
    assert header.cell(1, 1).paragraphs[0].text == "Gia Lương, ngày 29 tháng 8 năm 2022"
    body = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    # "GIẤY NGHỈ PHÉP" and the rule under it: no trích yếu (the sample has none)
    assert body[0] == ("Ten loai", "GIẤY NGHỈ PHÉP")
    # the rule 2/5 as long as the title (1/3-1/2: Phụ lục I, mục II.5.b), as under a trích yếu
    assert body[1][0] == "Duong ke" and set(body[1][1]) == {"_"}
    title = text_width_pt("GIẤY NGHỈ PHÉP", 14, bold=True)
    assert title / 3 < rule_width_pt(body[1][1]) < title / 2
    lines = example.noi_dung_giay()
    assert (
        body[2:]
        == [
            ("Doan", lines[0]),
            ("Doan tiep", lines[1]),  # "<issuer> cấp cho:" at the margin, as the sample
            *[("Doan", line) for line in lines[2:-1]],
            ("Doan cuoi", lines[-1]),
        ]
    )
    styles = document.styles
    doan, tiep = styles["Doan"], styles["Doan tiep"]
    # the lines: 14, regular, justified; the first line indented, but for "… cấp cho:"
    for style in (doan, tiep):
        assert (style.font.size, style.font.bold, style.font.italic) == (Pt(14), False, False)
        assert style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert doan.paragraph_format.first_line_indent == Cm(1.27)
    assert tiep.paragraph_format.first_line_indent == Cm(0)
    assert styles["Ten loai"].font.bold and styles["Ten loai"].font.size == Pt(14)
    signature = document.tables[1]
    assert len(document.tables) == 2 and len(signature.rows) == 2
    recipients, signer = signature.rows[0].cells
    assert [p.text for p in recipients.paragraphs] == [
        "Nơi nhận:",
        "- Ông (bà) Họ và tên;",
        "- Văn phòng HĐND và UBND xã;",
        "- Lưu: VT, VP.",
    ]
    assert [p.text for p in signer.paragraphs if p.text] == [
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Họ và tên",
    ]
    # the confirmation box, the sample's words: left, under Nơi nhận, 70.6 mm wide as the sample's
    left, right = signature.rows[1].cells
    assert [p.text for p in left.paragraphs if p.text] == [XAC_NHAN, "(Chữ ký, dấu)", "Họ và tên"]
    assert [p.text for p in right.paragraphs] == [""]
    assert {
        round(left.width.mm - p.paragraph_format.right_indent.mm, 1) for p in left.paragraphs
    } == {70.6}
    xac_nhan = styles["Xac nhan"]
    assert (xac_nhan.font.size, xac_nhan.font.italic, xac_nhan.font.bold) == (Pt(11), True, False)
    assert xac_nhan.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    name = next(p for p in left.paragraphs if p.text == "Họ và tên")
    assert (name.style.name, name.style.font.bold, name.style.font.size) == (
        "Ho ten ky",
        True,
        Pt(14),
    )
    # the box keeps with the signature: both rows never split, the signature's lines keep with
    # the box (Word); LibreOffice moves them together (the PDF test below)
    assert [row._tr.trPr.xml.count("cantSplit") for row in signature.rows] == [1, 1]
    assert all(p.paragraph_format.keep_with_next for p in signer.paragraphs)
    assert package_problems(vb.render(example).to_bytes()) == []


def test_without_xac_nhan_there_is_no_box() -> None:
    document = rendered(made(leave(xac_nhan=False)))
    assert len(document.tables) == 2 and len(document.tables[1].rows) == 1
    assert XAC_NHAN not in document.element.xml
    assert XAC_NHAN in rendered(made(leave())).element.xml


def test_the_marks_the_contact_footer_and_a_phu_luc_come_from_the_shared_parts() -> None:
    data = leave(
        do_mat="mat",
        pham_vi_luu_hanh="luu_hanh_noi_bo",
        lien_he={"dia_chi": "Thôn Đông, xã Gia Lương", "dien_thoai": "0220 3710 000"},
        ky_hieu_nguoi_soan="PL",
        so_ban_phat_hanh=2,
        phu_luc=[{"phu_luc": "Lịch trực thay", "noi_dung": ["Công chức Tư pháp - Hộ tịch."]}],
    )
    document = rendered(made(data))
    section = document.sections[0]
    assert "LƯU HÀNH NỘI BỘ" in section.first_page_header._element.xml
    assert "MẬT" in document.tables[0]._element.xml
    [footer] = section.first_page_footer.paragraphs
    assert footer.style.name == "Lien he" and "Thôn Đông, xã Gia Lương" in footer.text
    assert document.tables[1].rows[0].cells[0].paragraphs[-1].text == "- Lưu: VT, VP. PL.(2)."
    texts = [(p.style.name, p.text) for p in document.paragraphs if p.text]
    start = texts.index(("Phu luc", "Phụ lục"))
    assert texts[start + 1 : start + 3] == [
        ("Phu luc tieu de", "LỊCH TRỰC THAY"),
        (
            "Kem theo",
            "(Kèm theo Giấy nghỉ phép số 03/GNP-UBND ngày 01 tháng 3 năm 2022 của Ủy ban nhân dân "
            "xã Gia Lương)",
        ),
    ]
    assert len(document.sections) == 2
    # the confirmation box stays with the document, before the Phụ lục
    assert document.tables[1].rows[1].cells[0].paragraphs[1].text == XAC_NHAN


# --- JSON Schema and the command line -------------------------------------------------------------


def test_the_schema_validates_the_example_and_refuses_what_the_model_refuses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["schema", "giay_nghi_phep"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == vb.GiayNghiPhep.json_schema()
    assert "trich_yeu" not in printed["properties"]
    assert "noi_nhan" not in printed["required"]
    check = Draft202012Validator(printed)
    example = yaml.safe_load(GNP_YAML.read_text(encoding="utf-8"))
    assert list(check.iter_errors(json.loads(json.dumps(example, default=str)))) == []
    data = leave()
    assert list(check.iter_errors(data)) == []
    for field in ("ngay_don", "ho_ten", "tu_ngay", "den_ngay", "noi_nghi", "so_ngay", "tinh_vao"):
        missing = {k: v for k, v in data.items() if k != field}
        assert [e.message for e in check.iter_errors(missing)] == [
            f"'{field}' is a required property"
        ]
    assert list(check.iter_errors({**data, "so_ngay": "tinh"})) == []
    for wrong in (0, "mai", 2.5):
        assert [e.json_path for e in check.iter_errors({**data, "so_ngay": wrong})] == ["$.so_ngay"]
    assert [e.json_path for e in check.iter_errors({**data, "trich_yeu": "x"})] == ["$"]


def test_vanban_render_renders_the_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(GNP_YAML), "-o", f"{tmp_path}/"]) == 0
    out = capsys.readouterr().out
    assert out == (
        f"{tmp_path}/giay_nghi_phep_nghi_hang_nam_2022.docx  (Giấy nghỉ phép số 12/GNP-UBND)\n"
    )


# --- LibreOffice ------------------------------------------------------------------------------------


def long_leave(places: int) -> vb.GiayNghiPhep:
    """The example with a place of leave of ``places`` parts: 17 pushes the confirmation box past
    page 1 (Liberation Serif), 48 the last line of the body too."""
    data = yaml.safe_load(GNP_YAML.read_text(encoding="utf-8"))
    data["noi_nghi"] = ", ".join(
        f"địa điểm nghỉ phép thứ {n} thuộc tỉnh Lâm Đồng" for n in range(1, places + 1)
    )
    return made(data)


@pytest.mark.soffice
def test_the_leave_converts_page_one_unnumbered_and_the_signature_and_box_never_alone(
    soffice: str, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from vanban.pdf import PdfConverter

    short = vb.load(GNP_YAML)
    longer = {places: long_leave(places) for places in (17, 48)}
    with PdfConverter(timeout=120) as converter:
        pages = pdf_pages(converter.convert(vb.render(short).save(tmp_path / "gnp.docx")))
        pdfs = {
            places: converter.convert(vb.render(document).save(tmp_path / f"gnp_{places}.docx"))
            for places, document in longer.items()
        }
    assert len(pages) == 1 and pagination_problems(pages, short) == []
    first = pages[0]
    assert first[0].startswith("UBND HUYỆN GIA LỘC")
    assert any(line.startswith("GIẤY NGHỈ PHÉP") for line in first)  # the rule follows it
    assert first[first.index("Nơi nhận:") - 1].endswith("năm 2022./.")
    assert first[-5:] == [
        "Xác nhận của cơ quan (tổ chức) hoặc",
        "chính quyền địa phương nơi nghỉ phép",
        "(nếu cần)",
        "(Chữ ký, dấu)",
        "Họ và tên",
    ]
    for places, pdf in pdfs.items():
        long_pages = pdf_pages(pdf)
        assert len(long_pages) == 2, places
        assert pagination_problems(long_pages, longer[places]) == [], places
        # the box on the signature's page, never alone
        assert "(Chữ ký, dấu)" in long_pages[-1] and "Nơi nhận:" in long_pages[-1], places
        raw_first = PdfReader(pdf).pages[0].extract_text().splitlines()
        assert raw_first[0].strip() != "1"  # no number on page 1 (Phụ lục I, mục I.7)
        second = [line.strip() for line in PdfReader(pdf).pages[1].extract_text().splitlines()]
        assert second[0] == "2"

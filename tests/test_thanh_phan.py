"""The optional components of NĐ 30/2020, Điều 8.3 on every layout: độ mật and độ khẩn (ô 10a,
10b), phạm vi lưu hành (ô 11), the drafter's code and copies issued (ô 12): the model's rules,
each layout's render read back, the OOXML order, and page 1 through LibreOffice."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from docx.shared import RGBColor
from hypothesis import given
from hypothesis import strategies as st

import vanban as vb
from vanban.models.thanh_phan import DoKhan, DoMat, PhamViLuuHanh
from vanban.typeset.metrics import text_width_pt

from .conftest import EXAMPLES, problems
from .test_ooxml_order import package_problems

LAYOUT_EXAMPLES = {
    "mau_1_1": "nghi_quyet_du_toan_ngan_sach_2023.yaml",
    "mau_1_4": "ke_hoach_cchc_2022.yaml",
    "mau_1_4 (Kính gửi)": "to_trinh_kinh_phi_cchc_2022.yaml",
    "mau_1_2": "quyet_dinh_phe_duyet_ke_hoach.yaml",
    "mau_1_5": "cong_van_3722_vpcp_cn.yaml",
    "mau_1_6": "cong_dien_ung_pho_bao_2022.yaml",
    "mau_1_7": "giay_moi_hop_tong_ket_2022.yaml",
    "mau_1_8": "giay_gioi_thieu_dia_chinh_2022.yaml",
    "mau_1_9": "bien_ban_hoi_nghi_tong_ket_2022.yaml",
    "mau_1_10": "giay_nghi_phep_nghi_hang_nam_2022.yaml",
}
RED = RGBColor(0xFF, 0, 0)


def example(name: str, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))
    data.update(changes)
    return data


def test_marks_read_by_slug_or_as_printed() -> None:
    document = vb.from_dict(
        example(
            LAYOUT_EXAMPLES["mau_1_4"],
            do_mat="Tối mật",
            do_khan="HOẢ TỐC",  # the old tone-mark placement, as the decree prints it
            pham_vi_luu_hanh="luu_hanh_noi_bo",
        )
    )
    assert (document.do_mat, document.do_khan, document.pham_vi_luu_hanh) == (
        DoMat.TOI_MAT,
        DoKhan.HOA_TOC,
        PhamViLuuHanh.LUU_HANH_NOI_BO,
    )
    assert [m.nhan for m in DoKhan] == ["KHẨN", "THƯỢNG KHẨN", "HỎA TỐC"]
    assert [m.nhan for m in DoMat] == ["MẬT", "TỐI MẬT", "TUYỆT MẬT"]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "do_khan",
            "gấp",
            "do_khan: 'gấp' is not one of 'khan' (KHẨN), 'thuong_khan' (THƯỢNG KHẨN), "
            "'hoa_toc' (HỎA TỐC) (NĐ 30/2020, Phụ lục I, mục III.2.b)",
        ),
        (
            "do_mat",
            "bí mật",
            "do_mat: 'bí mật' is not one of 'mat' (MẬT), 'toi_mat' (TỐI MẬT), 'tuyet_mat' "
            "(TUYỆT MẬT) (NĐ 30/2020, Phụ lục I, mục III.2.a; Luật Bảo vệ bí mật nhà nước 2018, "
            "Điều 8)",
        ),
        (
            "pham_vi_luu_hanh",
            "NỘI BỘ",
            "pham_vi_luu_hanh: 'NỘI BỘ' is not one of 'xem_xong_tra_lai' (XEM XONG TRẢ LẠI), "
            "'luu_hanh_noi_bo' (LƯU HÀNH NỘI BỘ), 'tra_lai_sau_khi_hop' (TRẢ LẠI SAU KHI HỌP), "
            "'tai_lieu_thu_hoi' (TÀI LIỆU THU HỒI) (NĐ 30/2020, Phụ lục I, mục III.2.c)",
        ),
    ],
)
def test_a_mark_not_in_the_list_is_refused_with_the_list_and_the_rule(
    field: str, value: str, message: str
) -> None:
    assert problems(example(LAYOUT_EXAMPLES["mau_1_4"], **{field: value})) == [message]


def test_copies_issued_need_the_drafter_s_code() -> None:
    assert problems(example(LAYOUT_EXAMPLES["mau_1_4"], so_ban_phat_hanh=300)) == [
        "so_ban_phat_hanh: 300 — the copies issued follow the drafter's code: write "
        "ky_hieu_nguoi_soan too (ô 12; NĐ 30/2020, Phụ lục I, mục III.3)"
    ]
    found = problems(
        example(LAYOUT_EXAMPLES["mau_1_4"], ky_hieu_nguoi_soan="PL", so_ban_phat_hanh=0)
    )
    assert found == ["so_ban_phat_hanh: 0 — the number of copies issued is at least 1"]


@given(
    unit=st.sampled_from(["VP", "TCKT"]),
    luu=st.one_of(st.none(), st.integers(1, 9)),
    code=st.sampled_from(["PL", "H", "NVA"]),
    issued=st.one_of(st.none(), st.integers(1, 999)),
)
def test_the_lưu_line_ends_with_the_drafter_s_code_and_copies(
    unit: str, luu: int | None, code: str, issued: int | None
) -> None:
    # "- Lưu: VT, ...8. …9." (Phụ lục III, Mẫu 1.4, notes 8-9); ô 12 as "PL.(300)" (mục V)
    data = example(
        LAYOUT_EXAMPLES["mau_1_4"],
        luu=unit,
        so_ban_luu=luu,
        ky_hieu_nguoi_soan=code,
        so_ban_phat_hanh=issued,
    )
    last = vb.from_dict(data).context()["noi_nhan"][-1]
    archived = "" if luu is None else f" ({luu})"
    issued_text = "" if issued is None else f".({issued})"
    assert last == f"- Lưu: VT, {unit}{archived}. {code}{issued_text}."


def test_each_khan_text_fits_its_stamp() -> None:
    from vanban.typeset.metrics import text_width_pt

    for mark in DoKhan:
        assert text_width_pt(mark.nhan, 13, bold=True) * 25.4 / 72 < mark.rong_mm - 2, mark


def test_without_components_the_lưu_line_is_as_before() -> None:
    context = vb.from_dict(example(LAYOUT_EXAMPLES["mau_1_4"])).context()
    assert context["noi_nhan"][-1] == "- Lưu: VT, VP."
    assert (context["do_mat"], context["do_khan"], context["pham_vi_luu_hanh"]) == (None,) * 3


def _borders(paragraph: Any) -> dict[str, tuple[str | None, str | None]]:
    p_bdr = paragraph._p.pPr.find(qn("w:pBdr"))
    assert p_bdr is not None, paragraph.text
    return {
        edge.tag.split("}")[1]: (edge.get(qn("w:val")), edge.get(qn("w:color"))) for edge in p_bdr
    }


@pytest.mark.parametrize("layout", LAYOUT_EXAMPLES)
def test_every_layout_places_the_marks_in_their_cells(layout: str) -> None:
    data = example(
        LAYOUT_EXAMPLES[layout],
        do_mat="mat",
        do_khan="thuong_khan",
        pham_vi_luu_hanh="xem_xong_tra_lai",
        ky_hieu_nguoi_soan="PL",
        so_ban_phat_hanh=300,
    )
    rendered = vb.render(vb.from_dict(data))
    assert package_problems(rendered.to_bytes()) == []
    document = docx.Document(io.BytesIO(rendered.to_bytes()))
    header = document.tables[0]
    # ô 11 in page 1's top margin (its header), boxed in black, bold, centred over the Quốc
    # hiệu: the right cell's room, 63 mm + its cell margin from the left (mục IV.2, the diagram)
    assert header.cell(0, 1).paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    [mark] = document.sections[0].first_page_header.paragraphs
    assert mark.text == "XEM XONG TRẢ LẠI"
    assert mark.style.name == "Dau chi" and mark.style.font.bold is True
    assert set(_borders(mark).values()) == {("single", "auto")}
    text_width = 210 - 30 - 15
    left, right = mark.paragraph_format.left_indent.mm, mark.paragraph_format.right_indent.mm
    assert (left + text_width - right) / 2 == pytest.approx((63 + text_width) / 2, abs=0.05)
    assert mark.paragraph_format.space_before.pt == 0
    # ô 10a then ô 10b under Số (and under V/v in a Công văn), bold, red, boxed in red
    left = [p for p in header.cell(1, 0).paragraphs]
    texts = [p.text for p in left]
    assert texts[0].startswith("Số: ") and texts[-2:] == ["MẬT", "THƯỢNG KHẨN"]
    if layout == "mau_1_5":
        assert texts[1].startswith("V/v ")
    for mark in left[-2:]:
        assert mark.style.name == "Dau chi do"
        assert mark.style.font.bold is True and mark.style.font.color.rgb == RED
        assert mark.style.font.size.pt == 13
        assert set(_borders(mark).values()) == {("single", "FF0000")}
    # THƯỢNG KHẨN's stamp is 40 mm wide (mục III.2.b): the cell's room less both indents
    khan = left[-1].paragraph_format
    room_mm = 63 - 2 * 1.9
    assert room_mm - (khan.left_indent.mm + khan.right_indent.mm) == pytest.approx(40, abs=0.05)
    # ô 12 at the end of the Lưu line, in Nơi nhận's cell (beside the signature, or under the
    # Thư ký in a Biên bản)
    recipients = next(
        cell
        for table in document.tables
        for row in table.rows
        for cell in row.cells
        if cell.paragraphs[0].text == "Nơi nhận:"
    )
    assert recipients.paragraphs[-1].text.endswith(". PL.(300).")


@pytest.mark.parametrize("layout", LAYOUT_EXAMPLES)
def test_without_marks_the_header_is_unchanged(layout: str) -> None:
    data = example(LAYOUT_EXAMPLES[layout])
    for mark in ("do_mat", "do_khan", "pham_vi_luu_hanh"):  # a Công điện's example is HỎA TỐC
        data.pop(mark, None)
    document = docx.Document(io.BytesIO(vb.render(vb.from_dict(data)).to_bytes()))
    header = document.tables[0]
    assert header.cell(0, 1).paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert all(p.style.name not in ("Dau chi", "Dau chi do") for p in document.paragraphs)
    # page 1's header keeps its one empty paragraph: no mark, no page number (mục I.7)
    [empty] = document.sections[0].first_page_header.paragraphs
    assert (empty.text, empty.style.name) == ("", "So trang")
    assert all("Dau chi" not in p.style.name for p in header.cell(1, 0).paragraphs)


def _placed(pdf: Path, texts: tuple[str, ...]) -> dict[str, tuple[float, float]]:
    """Where each of ``texts`` starts on page 1 of ``pdf``: (x, baseline y) in points from the
    page's bottom left, as pypdf reads the PDF's text matrices."""
    from pypdf import PdfReader

    found: dict[str, tuple[float, float]] = {}

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        line = text.strip()
        if line in texts:
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found[line] = (x, y)

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return found


@pytest.mark.soffice
def test_a_khan_document_keeps_page_one_intact(soffice: str, tmp_path: Path) -> None:
    from vanban.pdf import PdfConverter

    from .test_pdf_layout import pdf_pages

    plain = example(LAYOUT_EXAMPLES["mau_1_4"])
    data = {**plain, "do_khan": "khan", "pham_vi_luu_hanh": "luu_hanh_noi_bo"}
    document = vb.from_dict(data)
    with PdfConverter(timeout=120) as converter:
        marked = converter.convert(vb.render(document).save(tmp_path / "khan.docx"))
        unmarked = converter.convert(vb.render(vb.from_dict(plain)).save(tmp_path / "plain.docx"))
    first = pdf_pages(marked)[0]
    # ô 11 first, in the top margin; KHẨN under Số, then the date line and the title, every
    # component of page 1 still there and in order
    assert first[0] == "LƯU HÀNH NỘI BỘ"
    assert first[1] == "ỦY BAN NHÂN DÂN"
    assert first[3] == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert first[5:9] == [
        "Số: 49/KH-UBND",
        "KHẨN",
        "Gia Lương, ngày 29 tháng 01 năm 2022",
        "KẾ HOẠCH",
    ]
    # ô 11 is in the 20 mm top margin, over the Quốc hiệu (mục IV.2, the diagram), which stays
    # level with the issuing body's name, where it is without the mark
    names = ("LƯU HÀNH NỘI BỘ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ỦY BAN NHÂN DÂN")
    with_mark, without = _placed(marked, names), _placed(unmarked, names)
    text_top = 297 * 72 / 25.4 - 20 * 72 / 25.4
    assert with_mark["LƯU HÀNH NỘI BỘ"][1] > text_top
    assert with_mark["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"] == pytest.approx(
        without["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"], abs=0.5
    )
    assert with_mark["ỦY BAN NHÂN DÂN"] == pytest.approx(without["ỦY BAN NHÂN DÂN"], abs=0.5)
    assert with_mark["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"][1] < text_top
    # centred over the Quốc hiệu (Liberation Serif has Times New Roman's widths)
    mark_centre = (
        with_mark["LƯU HÀNH NỘI BỘ"][0] + text_width_pt("LƯU HÀNH NỘI BỘ", 13, bold=True) / 2
    )
    quoc_hieu = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    title_centre = with_mark[quoc_hieu][0] + text_width_pt(quoc_hieu, 12, bold=True) / 2
    assert mark_centre == pytest.approx(title_centre, abs=1.5)


# Numbered at issue: a draft leaves so and ngay out (NĐ 30/2020, Điều 15.2-15.3).

BLANK = "\u00a0" * 6


def draft(name: str, **changes: Any) -> dict[str, Any]:
    data = example(name, **changes)
    del data["so"], data["ngay"]
    return data


DRAFT_2026 = {"mau_1_8": {"gia_tri_den": "2026-12-31"}}
"""What a layout's example needs besides ``nam`` to be a draft of 2026 (a Giấy giới thiệu is valid
until a day after its issue: Mẫu 1.8)."""
WITHOUT_DATE_LINE = {"mau_1_9"}
"""Layouts whose header has no place-and-date line (Biên bản, Mẫu 1.9)."""


@pytest.mark.parametrize("layout", LAYOUT_EXAMPLES)
def test_a_draft_keeps_the_places_of_its_number_and_date(layout: str) -> None:
    document = vb.from_dict(draft(LAYOUT_EXAMPLES[layout], nam=2026, **DRAFT_2026.get(layout, {})))
    assert document.du_thao and document.so_ky_hieu is None
    code = document.ky_hieu
    rendered = vb.render(document)
    assert package_problems(rendered.to_bytes()) == []
    header = docx.Document(io.BytesIO(rendered.to_bytes())).tables[0]
    place = document.co_quan.dia_danh
    assert header.cell(1, 0).paragraphs[0].text == f"Số: {BLANK}/{code}"
    date_line = "" if layout in WITHOUT_DATE_LINE else f"{place}, ngày {BLANK}tháng {BLANK}năm 2026"
    assert header.cell(1, 1).paragraphs[0].text == date_line
    # names and core properties never carry the blanks
    assert document.ten_so_ky_hieu == f"du-thao-{code}"
    assert rendered.to_bytes()  # and the document still renders whole


def test_a_draft_without_nam_leaves_the_year_blank_too() -> None:
    context = vb.from_dict(draft(LAYOUT_EXAMPLES["mau_1_4"])).context()
    assert context["ngay_thang"] == f"ngày {BLANK}tháng {BLANK}năm {BLANK}"
    assert (context["so"], context["ngay"], context["du_thao"]) == (BLANK, None, True)


def test_a_numbered_document_is_not_a_draft() -> None:
    document = vb.from_dict(example(LAYOUT_EXAMPLES["mau_1_4"]))
    assert not document.du_thao
    assert document.ten_so_ky_hieu == document.so_ky_hieu_in == "49/KH-UBND"


def test_mau_1_3_s_attached_text_refers_to_the_blank_number() -> None:
    document = vb.from_dict(draft(LAYOUT_EXAMPLES["mau_1_2"], nam=2026))
    assert document.context()["kem_theo"]["dong"] == (
        f"(Kèm theo Quyết định số {BLANK}/QĐ-UBND ngày {BLANK}tháng {BLANK}năm 2026 "
        "của Chủ tịch Ủy ban nhân dân xã Gia Lương)"
    )


@pytest.mark.parametrize("left", ["so", "ngay"])
def test_the_number_and_the_date_come_together(left: str) -> None:
    data = example(LAYOUT_EXAMPLES["mau_1_4"])
    del data[left]
    other = "ngay" if left == "so" else "so"
    assert problems(data) == [
        f"{other} without {left} — the number and the date of issue are given together when "
        "the document is issued (NĐ 30/2020, Điều 15.2-15.3): write both, or leave both out "
        "for a draft numbered at issue"
    ]


def test_nam_must_be_the_year_of_ngay() -> None:
    assert problems(example(LAYOUT_EXAMPLES["mau_1_4"], nam=2026)) == [
        "nam: 2026 — the date of issue 2022-01-29 is in 2022; nam is for a draft without ngay"
    ]


def test_a_draft_s_core_properties_and_batch_name(tmp_path: Path) -> None:
    document = vb.from_dict(draft(LAYOUT_EXAMPLES["mau_1_4"], nam=2026))
    properties = vb.render(document).save(tmp_path / "d.docx")
    core = docx.Document(str(properties)).core_properties
    assert core.subject == "du-thao-KH-UBND"
    from vanban.filenames import safe_filename

    assert safe_filename(document.ten_so_ky_hieu) == "du-thao-KH-UBND.docx"


@pytest.mark.soffice
def test_a_khan_draft_keeps_page_one_intact(soffice: str, tmp_path: Path) -> None:
    from vanban.pdf import PdfConverter

    from .test_pdf_layout import pdf_pages

    document = vb.from_dict(draft(LAYOUT_EXAMPLES["mau_1_4"], nam=2026, do_khan="khan"))
    with PdfConverter(timeout=120) as converter:
        pages = pdf_pages(converter.convert(vb.render(document).save(tmp_path / "du_thao.docx")))
    first = pages[0]
    assert first[0] == "ỦY BAN NHÂN DÂN"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in " ".join(first[:3])
    at = next(i for i, line in enumerate(first) if line.startswith("Số:"))
    # the blanks are kept (no-break spaces), KHẨN under Số, then the date line and the title
    assert first[at : at + 4] == [
        f"Số: {BLANK}/KH-UBND",
        "KHẨN",
        f"Gia Lương, ngày {BLANK}tháng {BLANK}năm 2026",
        "KẾ HOẠCH",
    ]


def test_the_schema_admits_a_draft_and_the_marks_and_refuses_half_a_number() -> None:
    import json

    from jsonschema import Draft202012Validator

    schema = vb.KeHoach.json_schema()
    validator = Draft202012Validator(schema)
    ok = json.loads(
        json.dumps(draft(LAYOUT_EXAMPLES["mau_1_4"], nam=2026, do_khan="khan"), default=str)
    )
    assert list(validator.iter_errors(ok)) == []
    assert schema["$defs"]["DoKhan"]["enum"] == ["khan", "thuong_khan", "hoa_toc"]
    half = {**ok, "so": 49}
    assert [e.message for e in validator.iter_errors(half)] == ["'ngay' is a dependency of 'so'"]


def test_a_batch_of_drafts_is_named_safely_and_nothing_is_overwritten(tmp_path: Path) -> None:
    from vanban.batching import batch

    rows = [draft(LAYOUT_EXAMPLES["mau_1_4"], nam=2026) for _ in range(2)]
    rows.append(example(LAYOUT_EXAMPLES["mau_1_4"]))
    report = batch("ke_hoach", rows, tmp_path, kind="ke_hoach", name="{so_ky_hieu}.docx", workers=1)
    assert report.ok and report.written == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "49-KH-UBND.docx",
        "du-thao-KH-UBND (2).docx",
        "du-thao-KH-UBND.docx",
    ]


def test_the_cli_says_a_draft_is_unnumbered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from vanban.cli import main

    source = tmp_path / "du_thao.yaml"
    data = draft(LAYOUT_EXAMPLES["mau_1_4"], nam=2026)
    source.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["render", str(source), "-o", str(tmp_path / "du_thao.docx")]) == 0
    assert capsys.readouterr().out.endswith(
        "du_thao.docx  (Kế hoạch, dự thảo chưa cấp số: …/KH-UBND)\n"
    )

"""Biên bản, Mẫu 1.9 (NĐ 30/2020, Phụ lục III): the model's rules, the attendees and speaker
turns, the rendered record read back, its JSON Schema and its pages through LibreOffice."""

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
from docx.shared import Cm, Pt
from jsonschema import Draft202012Validator

import vanban as vb
from vanban.cli import main
from vanban.pdf import PdfConverter

from .conftest import EXAMPLES, ROOT, problems
from .test_ooxml_order import package_problems
from .test_pdf_layout import pdf_pages

BIEN_BAN_YAML = EXAMPLES / "bien_ban_hoi_nghi_tong_ket_2022.yaml"
CITE = "NĐ 30/2020, Phụ lục III, Mẫu 1.9"


def record(**changes: Any) -> dict[str, Any]:
    """A small Biên bản of a commune's meeting, as a data file would hold it."""
    data: dict[str, Any] = {
        "loai": "bien_ban",
        "co_quan": {
            "ten": "Ủy ban nhân dân xã Gia Lương",
            "viet_tat": "UBND",
            "dia_danh": "Gia Lương",
        },
        "so": 4,
        "ngay": "2022-03-07",
        "trich_yeu": "Họp giao ban tháng 3 năm 2022",
        "bat_dau": "2022-03-07 08:00",
        "ket_thuc": "2022-03-07 10:15",
        "dia_diem": "Phòng họp Ủy ban nhân dân xã",
        "thanh_phan": ["Lãnh đạo Ủy ban nhân dân xã"],
        "chu_tri": {"ho_ten": "Họ và tên", "chuc_vu": "Chủ tịch Ủy ban nhân dân xã"},
        "thu_ky": {"ho_ten": "Họ và tên", "chuc_vu": "Công chức Văn phòng - Thống kê"},
        "noi_dung": ["Các đại biểu thống nhất lịch công tác tháng 3."],
        "noi_nhan": ["Các đại biểu dự họp"],
    }
    data.update(changes)
    return data


def bien_ban(data: dict[str, Any]) -> vb.BienBan:
    document = vb.from_dict(data)
    assert isinstance(document, vb.BienBan)
    return document


def paragraphs(data: dict[str, Any]) -> list[str]:
    return [p["dong"] for p in bien_ban(data).context()["noi_dung"]]


# --- the model ---------------------------------------------------------------------------------------


def test_the_example_is_a_bien_ban_with_every_component() -> None:
    document = vb.load(BIEN_BAN_YAML)
    assert isinstance(document, vb.BienBan)
    assert str(document.so_ky_hieu) == "21/BB-UBND"
    assert document.dong_mo_dau() == [
        "Thời gian bắt đầu: 08 giờ 00 phút, thứ Ba, ngày 27 tháng 12 năm 2022",
        "Địa điểm: Hội trường Ủy ban nhân dân xã Gia Lương",
        "Thành phần tham dự:",
        "- Thường trực Đảng ủy, Hội đồng nhân dân xã;",
        "- Lãnh đạo Ủy ban nhân dân xã;",
        "- Họ và tên, Chủ tịch Ủy ban Mặt trận Tổ quốc Việt Nam xã;",
        "- Bí thư chi bộ, Trưởng thôn các thôn;",
        "- Công chức chuyên môn Ủy ban nhân dân xã.",
        "Vắng mặt: Trưởng thôn Đoài (đi công tác, có báo cáo gửi hội nghị)",
        "Chủ trì (chủ tọa): Họ và tên, Chủ tịch Ủy ban nhân dân xã",
        "Thư ký (người ghi biên bản): Họ và tên, Công chức Văn phòng - Thống kê",
        "Nội dung (theo diễn biến hội nghị):",
    ]
    assert document.ket_thuc_in == (
        "Hội nghị kết thúc vào 11 giờ 30 phút, ngày 27 tháng 12 năm 2022./."
    )
    context = document.context()
    body = [p["dong"] for p in context["noi_dung"]]
    assert body[12:15] == [
        "I. KHAI MẠC",
        "Chủ tịch Ủy ban nhân dân xã tuyên bố lý do, giới thiệu đại biểu và khai mạc hội nghị.",
        "II. BÁO CÁO TỔNG KẾT",
    ]
    assert body[-2].startswith("Ông Họ và tên, Chủ tịch Ủy ban nhân dân xã, kết luận: Tiếp thu")
    assert body[-1] == document.ket_thuc_in  # "./." ends the closing line, not the body
    assert [b for b in body[:-1] if b.endswith("./.")] == []
    assert context["noi_nhan"] == [
        "- TT Đảng ủy xã (để báo cáo);",
        "- Các đại biểu dự hội nghị;",
        "- Lưu: VT, Hồ sơ.",
    ]
    assert context["cot_ky"] == [
        [
            {"dong": ["THƯ KÝ"], "ho_ten": "Họ và tên"},
            {"dong": ["CHỦ TỌA"], "ho_ten": "Họ và tên"},
        ]
    ]
    # the chair is the signer of the record (the register's and metadata's "người ký")
    assert (document.chu_ky.chuc_vu, document.chu_ky.ho_ten) == ("Chủ tọa", "Họ và tên")


def test_one_attendee_stands_on_the_line() -> None:
    assert paragraphs(record())[:5] == [
        "Thời gian bắt đầu: 08 giờ 00 phút, thứ Hai, ngày 07 tháng 3 năm 2022",
        "Địa điểm: Phòng họp Ủy ban nhân dân xã",
        "Thành phần tham dự: Lãnh đạo Ủy ban nhân dân xã",
        "Chủ trì (chủ tọa): Họ và tên, Chủ tịch Ủy ban nhân dân xã",
        "Thư ký (người ghi biên bản): Họ và tên, Công chức Văn phòng - Thống kê",
    ]
    assert paragraphs(record())[-1] == (
        "Cuộc họp kết thúc vào 10 giờ 15 phút, ngày 07 tháng 3 năm 2022./."
    )


def test_the_absent_follow_under_vang_mat_and_list_punctuation_is_removed() -> None:
    thanh_phan = {
        "co_mat": ["- Lãnh đạo Ủy ban nhân dân xã;", {"ho_ten": "Trưởng thôn Đông"}],
        "vang_mat": [
            {"ho_ten": "Trưởng thôn Đoài", "ly_do": "(ốm)"},
            {"ho_ten": "Họ và tên", "chuc_vu": "Công chức Tư pháp - Hộ tịch"},
        ],
    }
    assert paragraphs(record(thanh_phan=thanh_phan))[2:9] == [
        "Thành phần tham dự:",
        "- Lãnh đạo Ủy ban nhân dân xã;",
        "- Trưởng thôn Đông.",
        "Vắng mặt:",
        "- Trưởng thôn Đoài (ốm);",
        "- Họ và tên, Công chức Tư pháp - Hộ tịch.",
        "Chủ trì (chủ tọa): Họ và tên, Chủ tịch Ủy ban nhân dân xã",
    ]


def test_an_attendee_twice_a_reason_for_someone_present_or_nobody_is_refused() -> None:
    twice = {"co_mat": ["Trưởng thôn Đông"], "vang_mat": ["trưởng thôn  đông"]}
    assert problems(record(thanh_phan=twice)) == [
        "thanh_phan: vang_mat[0]: 'trưởng thôn  đông' is already co_mat[0] (each attendee is "
        "listed once)"
    ]
    present = {"co_mat": [{"ho_ten": "Trưởng thôn Đông", "ly_do": "ốm"}]}
    assert problems(record(thanh_phan=present)) == [
        "thanh_phan.co_mat[0]: ly_do: 'ốm' — a reason of absence, but 'Trưởng thôn Đông' is "
        "listed as present; move them to vang_mat"
    ]
    assert problems(record(thanh_phan=[])) == [
        "thanh_phan.co_mat: missing — who attended the meeting: 'Thành phần tham dự: …' names at "
        f"least one person or body present ({CITE})"
    ]


def test_a_record_that_ends_before_it_starts_is_refused() -> None:
    assert problems(record(ket_thuc="2022-03-07 07:30")) == [
        "ket_thuc: 2022-03-07 07:30:00 — the meeting ends before it starts (2022-03-07 "
        "08:00:00, bat_dau); 'kết thúc vào …' is after 'Thời gian bắt đầu' (NĐ 30/2020, Phụ "
        "lục III, Mẫu 1.9)"
    ]
    assert problems(record(ket_thuc="2022-03-07 08:00"))[0].startswith(
        "ket_thuc: 2022-03-07 08:00:00 — the meeting ends before it starts"
    )


def test_a_record_without_a_secretary_is_refused() -> None:
    data = record()
    del data["thu_ky"]
    assert problems(data) == [
        "thu_ky: missing — a Biên bản names its secretary, who records the meeting and signs on "
        "the left under 'THƯ KÝ': 'Thư ký (người ghi biên bản): …' (NĐ 30/2020, Phụ lục III, "
        "Mẫu 1.9)"
    ]


def test_a_record_issued_before_its_meeting_or_without_an_hour_is_refused() -> None:
    assert problems(record(ngay="2022-03-06")) == [
        "ngay: 2022-03-06 — the Biên bản is issued before the meeting it records starts "
        f"(2022-03-07, bat_dau); it is issued on or after the meeting ({CITE})"
    ]
    assert problems(record(bat_dau="07/03/2022")) == [
        "bat_dau: '07/03/2022' is not a date and time; write 2022-03-07 08:00 or 07/03/2022 08:00"
    ]


def test_without_time_place_or_attendees_is_refused() -> None:
    data = record()
    for field in ("bat_dau", "ket_thuc", "dia_diem", "thanh_phan", "chu_tri", "noi_dung"):
        del data[field]
    assert [p.split(":")[0] for p in problems(data)] == [
        "bat_dau",
        "ket_thuc",
        "dia_diem",
        "thanh_phan",
        "chu_tri",
        "noi_dung",
    ]


def test_speaker_turns_open_with_the_speaker_and_keep_their_paragraphs() -> None:
    turns = [
        {
            "nguoi": "Ông Họ và tên",
            "chuc_vu": "Trưởng thôn Đông",
            "phat_bieu": "Nhất trí.\n\nXin bổ sung.",
        },
        {"nguoi": "Đại diện Hội Nông dân xã", "phat_bieu": "Đề nghị hỗ trợ giống."},
        {"nguoi": "Bà Họ và tên", "dong_tu": "báo cáo", "phat_bieu": "Kết quả thu ngân sách."},
    ]
    assert paragraphs(record(noi_dung=turns))[5:-1] == [
        "Nội dung (theo diễn biến cuộc họp):",
        "Ông Họ và tên, Trưởng thôn Đông, phát biểu: Nhất trí.",
        "Xin bổ sung.",
        "Đại diện Hội Nông dân xã phát biểu: Đề nghị hỗ trợ giống.",
        "Bà Họ và tên báo cáo: Kết quả thu ngân sách.",
    ]
    typed = [{"nguoi": "Ông Họ và tên", "phat_bieu": "Phát biểu: Nhất trí."}]
    assert problems(record(noi_dung=typed)) == [
        "noi_dung[0].PhatBieu.phat_bieu: 'Phát biểu: Nhất trí.' — vanban writes '<người>, <chức "
        "vụ>, phát biểu:' before the speech; write the speech alone: 'Nhất trí.'"
    ]
    typed = [{"nguoi": "Ông Họ và tên", "phat_bieu": "Kết luận: Giao Văn phòng thực hiện."}]
    assert problems(record(noi_dung=typed)) == [
        "noi_dung[0].PhatBieu.phat_bieu: 'Kết luận: Giao Văn phòng thực hiện.' — vanban writes "
        "'<người>, <chức vụ>, kết luận:' before the speech; write the speech alone: 'Giao Văn "
        "phòng thực hiện.', and dong_tu: 'kết luận'"
    ]


def test_the_chair_signs_under_chu_toa_with_the_office_when_given() -> None:
    office = {"tap_the": "Ủy ban nhân dân", "chuc_vu": "Chủ tịch", "ho_ten": "Họ và tên"}
    columns = bien_ban(record(chu_ky=office)).context()["cot_ky"]
    assert columns == [
        [
            {"dong": ["THƯ KÝ", "", ""], "ho_ten": "Họ và tên"},  # padded: the names level
            {"dong": ["CHỦ TỌA", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], "ho_ten": "Họ và tên"},
        ]
    ]
    other = {**office, "ho_ten": "Người khác"}
    assert problems(record(chu_ky=other)) == [
        "chu_ky: ho_ten 'Người khác' — the chair signs a Biên bản under 'CHỦ TỌA', and the "
        f"chair is 'Họ và tên' (chu_tri; {CITE})"
    ]


def test_more_signers_are_laid_out_two_per_row() -> None:
    extra = [
        {"tieu_de": "Đại diện Hội Nông dân xã", "ho_ten": "Họ và tên"},
        {"tieu_de": "Đại diện thôn Đông", "chuc_vu": "Trưởng thôn", "ho_ten": "Người ký thứ tư"},
        {"tieu_de": "Đại diện hộ gia đình", "ho_ten": "Người ký thứ năm"},
    ]
    rows = bien_ban(record(cot_ky=extra)).context()["cot_ky"]
    assert [[(c["dong"], c["ho_ten"]) for c in row] for row in rows] == [
        [(["THƯ KÝ"], "Họ và tên"), (["CHỦ TỌA"], "Họ và tên")],
        [
            (["ĐẠI DIỆN HỘI NÔNG DÂN XÃ", ""], "Họ và tên"),
            (["ĐẠI DIỆN THÔN ĐÔNG", "TRƯỞNG THÔN"], "Người ký thứ tư"),
        ],
        [(["ĐẠI DIỆN HỘ GIA ĐÌNH"], "Người ký thứ năm")],
    ]


def test_a_conference_or_workshop_names_itself_so() -> None:
    lines = paragraphs(record(hinh_thuc="hoi_thao"))
    assert lines[5] == "Nội dung (theo diễn biến hội thảo):"
    assert lines[-1].startswith("Hội thảo kết thúc vào 10 giờ 15 phút")


def test_the_archive_line_is_ho_so_unless_given() -> None:
    assert bien_ban(record()).context()["noi_nhan"][-1] == "- Lưu: VT, Hồ sơ."
    given = bien_ban(record(luu="VP, Hồ sơ", so_ban_luu=2)).context()["noi_nhan"][-1]
    assert given == "- Lưu: VT, VP, Hồ sơ (2)."


def test_the_data_round_trips() -> None:
    document = vb.load(BIEN_BAN_YAML)
    again = vb.from_dict(document.model_dump(mode="json"))
    assert again == document and again.context() == document.context()


# --- the rendered record -------------------------------------------------------------------------


def rendered(document: vb.VanBan) -> docx.document.Document:
    return docx.Document(io.BytesIO(vb.render(document).to_bytes()))


def test_the_built_in_template_of_bien_ban_is_mau_1_9() -> None:
    path = ROOT / "src" / "vanban" / "templates" / "mau_1_9.docx"
    assert vb.builtin_template("bien_ban") == vb.builtin_template("Biên bản") == path
    assert vb.builtin_template("BB") == vb.builtin_template("mau_1_9") == path


def test_the_example_reads_back_with_every_component_in_place() -> None:
    document = vb.load(BIEN_BAN_YAML)
    assert isinstance(document, vb.BienBan)
    out = rendered(document)
    header = out.tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs][:3] == [
        "UBND HUYỆN GIA LỘC",
        "ỦY BAN NHÂN DÂN",
        "XÃ GIA LƯƠNG",
    ]
    assert header.cell(1, 0).paragraphs[0].text == "Số: 21/BB-UBND"
    # no place-and-date line (Mẫu 1.9): the cell beside Số stays empty
    assert [p.text for p in header.cell(1, 1).paragraphs] == [""]
    assert "Gia Lương, ngày" not in "\n".join(p.text for p in out.paragraphs)
    body = [(p.style.name, p.text) for p in out.paragraphs if p.text]
    assert body[:2] == [
        ("Ten loai", "BIÊN BẢN"),
        ("Trich yeu", "Hội nghị tổng kết công tác năm 2022, triển khai nhiệm vụ năm 2023"),
    ]
    assert body[2][0] == "Duong ke"
    expected = [p["dong"] for p in document.context()["noi_dung"]]
    assert [text for _, text in body[3:]] == expected
    assert body[-1] == ("Doan cuoi", document.ket_thuc_in)
    styles = out.styles
    doan, last = styles["Doan"], styles["Doan cuoi"]
    assert (doan.font.size, doan.font.bold, doan.font.italic) == (Pt(14), False, False)
    assert doan.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert doan.paragraph_format.first_line_indent == Cm(1.27)
    assert last.paragraph_format.keep_with_next  # the closing line goes with the signatures
    signatures = out.tables[-1]
    assert len(signatures.rows) == 2
    thu_ky, chu_toa = signatures.rows[0].cells
    assert [p.text for p in thu_ky.paragraphs if p.text] == ["THƯ KÝ", "Họ và tên"]
    assert [p.text for p in chu_toa.paragraphs if p.text] == ["CHỦ TỌA", "Họ và tên"]
    assert [p.style.name for p in thu_ky.paragraphs if p.text] == ["Chuc vu ky", "Ho ten ky"]
    title, name = styles["Chuc vu ky"], styles["Ho ten ky"]
    assert (title.font.bold, title.font.size, name.font.bold) == (True, Pt(14), True)
    assert title.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    recipients = signatures.rows[1].cells[0]  # Nơi nhận under the Thư ký column
    assert [p.text for p in recipients.paragraphs] == [
        "Nơi nhận:",
        "- TT Đảng ủy xã (để báo cáo);",
        "- Các đại biểu dự hội nghị;",
        "- Lưu: VT, Hồ sơ.",
    ]
    assert [p.style.name for p in recipients.paragraphs[:2]] == ["Noi nhan tieu de", "Noi nhan"]
    assert signatures.rows[1].cells[1].text == ""
    for row in signatures.rows[:1]:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    assert package_problems(vb.render(document).to_bytes()) == []


def test_a_third_signer_stands_alone_centred_across_the_row() -> None:
    extra = [
        {"tieu_de": "Đại diện Hội Nông dân xã", "chuc_vu": "Chủ tịch", "ho_ten": "Người ký thứ ba"}
    ]
    signatures = rendered(bien_ban(record(cot_ky=extra))).tables[-1]
    assert len(signatures.rows) == 3
    alone = signatures.rows[1]._tr.tc_lst
    assert len(alone) == 1 and alone[0].grid_span == 2
    texts = [p.text for p in signatures.rows[1].cells[0].paragraphs if p.text]
    assert texts == ["ĐẠI DIỆN HỘI NÔNG DÂN XÃ", "CHỦ TỊCH", "Người ký thứ ba"]
    assert signatures.rows[2].cells[0].paragraphs[0].text == "Nơi nhận:"


def test_the_marks_the_contact_footer_and_a_phu_luc_come_from_the_shared_parts() -> None:
    data = record(
        do_mat="mat",
        pham_vi_luu_hanh="luu_hanh_noi_bo",
        lien_he={"dia_chi": "Thôn Đông, xã Gia Lương", "dien_thoai": "0220 3710 000"},
        ky_hieu_nguoi_soan="VP",
        so_ban_phat_hanh=5,
        phu_luc=[{"phu_luc": "Danh sách đại biểu dự họp", "noi_dung": ["Theo danh sách."]}],
    )
    out = rendered(bien_ban(data))
    assert "MẬT" in out.tables[0]._element.xml
    first = out.sections[0]
    assert "LƯU HÀNH NỘI BỘ" in first.first_page_header._element.xml
    assert "Thôn Đông, xã Gia Lương" in first.first_page_footer._element.xml
    assert out.tables[-1].rows[1].cells[0].paragraphs[-1].text == "- Lưu: VT, Hồ sơ. VP.(5)."
    texts = [(p.style.name, p.text) for p in out.paragraphs if p.text]
    start = texts.index(("Phu luc", "Phụ lục"))
    assert texts[start + 2] == (
        "Kem theo",
        "(Kèm theo Biên bản số 04/BB-UBND ngày 07 tháng 3 năm 2022 của Ủy ban nhân dân xã Gia "
        "Lương)",
    )
    assert len(out.sections) == 2


# --- JSON Schema and the command line -------------------------------------------------------------


def test_the_schema_validates_the_example_and_refuses_what_the_model_refuses(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["schema", "bien_ban"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == vb.BienBan.json_schema()
    check = Draft202012Validator(printed)
    example = yaml.safe_load(BIEN_BAN_YAML.read_text(encoding="utf-8"))
    assert list(check.iter_errors(json.loads(json.dumps(example, default=str)))) == []
    data = record()
    assert list(check.iter_errors(data)) == []  # attendees as a plain list, no chu_ky
    for field in ("thu_ky", "chu_tri", "bat_dau", "ket_thuc", "dia_diem", "thanh_phan"):
        missing = {k: v for k, v in data.items() if k != field}
        assert [e.message for e in check.iter_errors(missing)] == [
            f"'{field}' is a required property"
        ]
    assert [e.json_path for e in check.iter_errors({**data, "bat_dau": "2022-03-07"})] == [
        "$.bat_dau"
    ]
    turn = {"nguoi": "Ông Họ và tên", "phat_bieu": "Nhất trí."}
    assert list(check.iter_errors({**data, "noi_dung": [turn, "Đoạn."]})) == []


def test_vanban_render_renders_the_example(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(BIEN_BAN_YAML), "-o", f"{tmp_path}/"]) == 0
    out = capsys.readouterr().out
    assert out == f"{tmp_path}/bien_ban_hoi_nghi_tong_ket_2022.docx  (Biên bản số 21/BB-UBND)\n"


# --- LibreOffice ------------------------------------------------------------------------------------


def signature_problems(pages: list[list[str]], document: vb.BienBan) -> list[str]:
    """Where the pages break Mẫu 1.9's ending: the signatures (THƯ KÝ, CHỦ TỌA) and Nơi nhận on
    the last page, after the closing line (never alone at a page's top)."""
    closing = document.ket_thuc_in
    last = pages[-1]
    problems = []
    if "THƯ KÝ" not in last or last[last.index("THƯ KÝ") :][:4] != [
        "THƯ KÝ",
        document.context()["cot_ky"][0][0]["ho_ten"],
        "CHỦ TỌA",
        document.chu_ky.ho_ten,
    ]:
        problems.append(f"THƯ KÝ and CHỦ TỌA not together on the last page: {last[:3]}")
        return problems
    before = last[: last.index("THƯ KÝ")]
    if not before or before[-1] != closing:
        problems.append(f"the signatures without the closing line before them: {before[-1:]}")
    if last[-len(document.context()["noi_nhan"]) - 1] != "Nơi nhận:":
        problems.append(f"Nơi nhận not last, under the signatures: {last[-5:]}")
    for number, lines in enumerate(pages[:-1], start=1):
        if "THƯ KÝ" in lines or "Nơi nhận:" in lines:
            problems.append(f"the signatures or Nơi nhận on page {number}, not the last")
    return problems


def long_record(extra: int, cot_ky: list[dict[str, str]] | None = None) -> vb.BienBan:
    """The example with ``extra`` more one-line paragraphs at the end of its course (and the
    signature columns ``cot_ky``): as ``extra`` grows, the closing line and the signatures meet
    the foot of page 2."""
    data = yaml.safe_load(BIEN_BAN_YAML.read_text(encoding="utf-8"))
    data["noi_dung"] += [f"Ý kiến ngắn số {n} của đại biểu." for n in range(1, extra + 1)]
    return bien_ban({**data, "cot_ky": cot_ky or []})


@pytest.mark.soffice
def test_the_record_converts_and_the_signatures_never_start_a_page_alone(
    converter: PdfConverter, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    example = vb.load(BIEN_BAN_YAML)
    assert isinstance(example, vb.BienBan)
    pdf = converter.convert(vb.render(example).save(tmp_path / "bb.docx"))
    pages = pdf_pages(pdf)
    assert len(pages) == 2 and signature_problems(pages, example) == []
    assert pages[0][0].startswith("UBND HUYỆN GIA LỘC")
    assert "BIÊN BẢN" in pages[0]
    raw_first = PdfReader(pdf).pages[0].extract_text().splitlines()
    assert raw_first[0].strip() != "1"  # no number on page 1 (Phụ lục I, mục I.7)
    assert PdfReader(pdf).pages[1].extract_text().splitlines()[0].strip() == "2"
    # The sweep pushes the ending over the foot of page 2 (on this machine at 21 paragraphs; at
    # 16 with a third signer): the closing line goes over with the signatures (keep-with-next),
    # never leaving them alone, and the signature rows and Nơi nhận stay on one page.
    third = [{"tieu_de": "Đại diện Hội Nông dân xã", "ho_ten": "Người ký thứ ba"}]
    for cot_ky, sweep in (([], range(14, 28)), (third, range(11, 20))):
        tops = []
        for extra in sweep:
            document = long_record(extra, cot_ky)
            saved = vb.render(document).save(tmp_path / f"{extra}-{len(cot_ky)}.docx")
            pages = pdf_pages(converter.convert(saved))
            assert signature_problems(pages, document) == [], (extra, cot_ky)
            tops.append(pages[-1][0] == document.ket_thuc_in)
        assert tops[0] is False and tops[-1] is True  # the ending crossed the page's foot

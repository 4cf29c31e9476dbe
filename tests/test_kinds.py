"""Every kind of Mẫu 1.4 (NĐ 30/2020, Phụ lục III, Mẫu 1.4, note 6): its class, its rendering, its
schema; Kính gửi where Phụ lục I, mục II.9.b gives it; the kinds not modelled yet, and `vanban kinds`."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from jsonschema import Draft202012Validator

import vanban as vb
from vanban.cli import kinds_table, main
from vanban.models.mau_1_4 import KINDS_MAU_1_4, VanBanMau14

from .conftest import EXAMPLES, ROOT
from .test_models import plan
from .test_pdf_layout import pagination_problems, pdf_pages

TO_TRINH_YAML = EXAMPLES / "to_trinh_kinh_phi_cchc_2022.yaml"

# kind, class, tên loại printed at ô 5a, số ký hiệu (the abbreviations of Phụ lục III, mục I)
MAU_1_4 = [
    ("chi_thi", vb.ChiThi, "CHỈ THỊ", "Số: 05/CT-UBND"),
    ("quy_che", vb.QuyChe, "QUY CHẾ", "Số: 05/QC-UBND"),
    ("quy_dinh", vb.QuyDinh, "QUY ĐỊNH", "Số: 05/QyĐ-UBND"),
    ("thong_cao", vb.ThongCao, "THÔNG CÁO", "Số: 05/TC-UBND"),
    ("thong_bao", vb.ThongBao, "THÔNG BÁO", "Số: 05/TB-UBND"),
    ("huong_dan", vb.HuongDan, "HƯỚNG DẪN", "Số: 05/HD-UBND"),
    ("chuong_trinh", vb.ChuongTrinh, "CHƯƠNG TRÌNH", "Số: 05/CTr-UBND"),
    ("ke_hoach", vb.KeHoach, "KẾ HOẠCH", "Số: 05/KH-UBND"),
    ("phuong_an", vb.PhuongAn, "PHƯƠNG ÁN", "Số: 05/PA-UBND"),
    ("de_an", vb.DeAn, "ĐỀ ÁN", "Số: 05/ĐA-UBND"),
    ("du_an", vb.DuAn, "DỰ ÁN", "Số: 05/DA-UBND"),
    ("bao_cao", vb.BaoCao, "BÁO CÁO", "Số: 05/BC-UBND"),
    ("to_trinh", vb.ToTrinh, "TỜ TRÌNH", "Số: 05/TTr-UBND"),
    ("giay_uy_quyen", vb.GiayUyQuyen, "GIẤY ỦY QUYỀN", "Số: 05/GUQ-UBND"),
    ("phieu_gui", vb.PhieuGui, "PHIẾU GỬI", "Số: 05/PG-UBND"),
    ("phieu_chuyen", vb.PhieuChuyen, "PHIẾU CHUYỂN", "Số: 05/PC-UBND"),
    ("phieu_bao", vb.PhieuBao, "PHIẾU BÁO", "Số: 05/PB-UBND"),
]
IDS = [row[0] for row in MAU_1_4]


def minimal(loai: str, **changes: Any) -> dict[str, Any]:
    return plan(loai=loai, so=5, **changes)


def test_the_17_kinds_of_mau_1_4_are_the_sample_s_note_6() -> None:
    assert [cls.LOAI for cls in KINDS_MAU_1_4] == [
        loai for loai in vb.LoaiVanBan if loai.mau == ("1.4",)
    ]
    assert [row[1] for row in MAU_1_4] == list(KINDS_MAU_1_4)
    assert {cls.LOAI: cls for cls in KINDS_MAU_1_4} == {
        loai: cls for loai, cls in vb.models.KINDS.items() if loai.mau == ("1.4",)
    }
    for _, cls, _, _ in MAU_1_4:
        assert issubclass(cls, VanBanMau14) and issubclass(cls, vb.VanBan)
        assert getattr(vb, cls.__name__) is cls and cls.__name__ in vb.__all__


@pytest.mark.parametrize(("loai", "cls", "ten_loai", "so"), MAU_1_4, ids=IDS)
def test_each_kind_renders_from_minimal_data(
    loai: str, cls: type[VanBanMau14], ten_loai: str, so: str
) -> None:
    document = vb.from_dict(minimal(loai))
    assert type(document) is cls and document.loai.value == loai
    # The class alone names the kind in Python: no loai needed.
    data = minimal(loai)
    del data["loai"]
    assert cls.from_dict(data) == document
    rendered = docx.Document(io.BytesIO(vb.render(document).to_bytes()))
    assert [p.text for p in rendered.paragraphs if p.style.name == "Ten loai"] == [ten_loai]
    assert [p.text for p in rendered.tables[0].cell(1, 0).paragraphs] == [so]
    assert [p.text for p in rendered.paragraphs if p.style.name.startswith("Kinh gui")] == []
    recipients = [p.text for p in rendered.tables[1].cell(0, 0).paragraphs]
    assert recipients == ["Nơi nhận:", "- UBND huyện;", "- Lưu: VT, VP."]
    assert [p.text for p in rendered.paragraphs if p.style.name == "Doan cuoi"] == ["Nội dung./."]


def test_a_kind_is_refused_by_another_kind_s_class() -> None:
    with pytest.raises(vb.ValidationError, match="'thong_bao' — a ToTrinh has loai 'to_trinh'"):
        vb.ToTrinh.from_dict(minimal("thong_bao"))


@pytest.mark.parametrize("cls", [vb.ToTrinh, vb.BaoCao])
def test_to_trinh_and_bao_cao_carry_kinh_gui(cls: type[VanBanMau14]) -> None:
    document = cls.from_dict(
        minimal(cls.LOAI.value, kinh_gui=["UBND huyện Gia Lộc"], noi_nhan=["Phòng Nội vụ"])
    )
    rendered = docx.Document(io.BytesIO(vb.render(document).to_bytes()))
    kinh_gui = [p.text for p in rendered.paragraphs if p.style.name == "Kinh gui"]
    assert kinh_gui == ["Kính gửi: UBND huyện Gia Lộc"]
    recipients = [p.text for p in rendered.tables[1].cell(0, 0).paragraphs]
    assert recipients == ["Nơi nhận:", "- Như trên;", "- Phòng Nội vụ;", "- Lưu: VT, VP."]


@pytest.mark.parametrize(
    ("loai", "ten"),
    [(row[0], row[1].LOAI.ten) for row in MAU_1_4 if row[0] not in ("to_trinh", "bao_cao")],
    ids=[row[0] for row in MAU_1_4 if row[0] not in ("to_trinh", "bao_cao")],
)
def test_other_kinds_refuse_kinh_gui_citing_the_rule(loai: str, ten: str) -> None:
    with pytest.raises(vb.ValidationError) as caught:
        vb.from_dict(minimal(loai, kinh_gui=["UBND huyện Gia Lộc"]))
    assert [str(p) for p in caught.value.problems] == [
        f"kinh_gui: a {ten} carries no Kính gửi (NĐ 30/2020, Phụ lục I, mục II.9.b: only a Tờ "
        "trình, a Báo cáo sent to a superior body and a Công văn carry 'Kính gửi' (ô 9a); other "
        "kinds list every recipient under Nơi nhận (mục II.9.c)); put 'UBND huyện Gia Lộc' in "
        "noi_nhan"
    ]
    # and the schema refuses it too: the property is not there, and no other is admitted
    schema = vb.models.KINDS[vb.LoaiVanBan(loai)].json_schema()
    assert "kinh_gui" not in schema["properties"]
    assert schema["additionalProperties"] is False


def test_an_empty_kinh_gui_is_no_kinh_gui() -> None:
    assert vb.KeHoach.from_dict(minimal("ke_hoach", kinh_gui=[])).context()["kinh_gui"] == []


@pytest.mark.parametrize(("loai", "cls", "ten_loai", "so"), MAU_1_4, ids=IDS)
def test_each_kind_s_schema(loai: str, cls: type[VanBanMau14], ten_loai: str, so: str) -> None:
    schema = cls.json_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == f"urn:vanban:schema:{loai}:0.1"
    assert schema["properties"]["loai"]["const"] == loai
    assert schema["title"] == cls.LOAI.ten
    check = Draft202012Validator(schema)
    data = json.loads(json.dumps(minimal(loai)))
    assert list(check.iter_errors(data)) == []
    other = "thong_bao" if loai != "thong_bao" else "ke_hoach"
    wrong = [error.json_path for error in check.iter_errors({**data, "loai": other})]
    assert wrong == ["$.loai"]


def test_the_to_trinh_example_validates_against_its_schema() -> None:
    data = yaml.safe_load(TO_TRINH_YAML.read_text(encoding="utf-8"))
    check = Draft202012Validator(vb.ToTrinh.json_schema())
    assert list(check.iter_errors(json.loads(json.dumps(data, default=str)))) == []


@pytest.mark.parametrize(
    ("loai", "message"),
    [
        (
            "Thư công",
            "loai: 'thu_cong' (Thư công) has no sample layout in NĐ 30/2020, Phụ lục III, and "
            "vanban does not model it yet; modelled kinds: nghi_quyet, ",
        ),
    ],
)
def test_kinds_not_modelled_name_the_layout_they_need(loai: str, message: str) -> None:
    with pytest.raises(vb.ValidationError) as caught:
        vb.from_dict(minimal(loai))
    [problem] = caught.value.problems
    assert str(problem).startswith(message)


def test_vanban_kinds_lists_all_29(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kinds"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == kinds_table() and len(lines) == 1 + 29
    assert lines[0] == "kind             abbr  Mẫu       model"
    rows = {line.split()[0]: line for line in lines[1:]}
    assert rows["to_trinh"] == "to_trinh         TTr   1.4       ToTrinh"
    assert rows["quy_dinh"] == "quy_dinh         QyĐ   1.4       QuyDinh"
    assert rows["quyet_dinh"] == "quyet_dinh       QĐ    1.2, 1.3  QuyetDinh"
    assert rows["nghi_quyet"] == "nghi_quyet       NQ    1.1       NghiQuyet"
    assert rows["cong_van"] == "cong_van         -     1.5       CongVan"
    assert rows["giay_moi"] == "giay_moi         GM    1.7       GiayMoi"
    assert rows["bien_ban"] == "bien_ban         BB    1.9       BienBan"
    assert rows["cong_dien"] == "cong_dien        CĐ    1.6       CongDien"
    assert rows["giay_nghi_phep"] == "giay_nghi_phep   GNP   1.10      GiayNghiPhep"
    assert rows["giay_gioi_thieu"] == "giay_gioi_thieu  GGT   1.8       GiayGioiThieu"
    assert (
        rows["hop_dong"] == "hop_dong         HĐ    -         not modelled yet (no sample layout)"
    )
    assert sum(not line.endswith(("not modelled yet", "layout)")) for line in lines[1:]) == 25


@pytest.mark.parametrize("loai", ["to_trinh", "thong_bao", "phieu_bao"])
def test_vanban_schema_of_a_kind(loai: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", loai]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$id"] == f"urn:vanban:schema:{loai}:0.1"
    assert schema["properties"]["loai"]["const"] == loai


def test_vanban_render_renders_a_to_trinh(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["render", str(TO_TRINH_YAML), "-o", str(tmp_path)]) == 0
    assert capsys.readouterr().out == (
        f"{tmp_path / 'to_trinh_kinh_phi_cchc_2022.docx'}  (Tờ trình số 15/TTr-UBND)\n"
    )


def test_the_to_trinh_example_reads_back() -> None:
    document = vb.load(TO_TRINH_YAML)
    assert isinstance(document, vb.ToTrinh)
    rendered = docx.Document(io.BytesIO(vb.render(document).to_bytes()))
    header = rendered.tables[0]
    assert [p.text for p in header.cell(1, 0).paragraphs] == ["Số: 15/TTr-UBND"]
    assert [p.text for p in header.cell(1, 1).paragraphs] == ["Gia Lương, ngày 05 tháng 4 năm 2022"]
    titles = [p.text for p in rendered.paragraphs if p.style.name in ("Ten loai", "Trich yeu")]
    assert titles == [
        "TỜ TRÌNH",
        "Đề nghị hỗ trợ kinh phí thay thế trang thiết bị của Bộ phận tiếp nhận và trả kết quả "
        "xã năm 2022",
    ]
    kinh_gui = [p.text for p in rendered.paragraphs if p.style.name.startswith("Kinh gui")]
    assert kinh_gui == ["Kính gửi: Ủy ban nhân dân huyện Gia Lộc"]
    closing = rendered.tables[1]
    assert [p.text for p in closing.cell(0, 0).paragraphs][:2] == ["Nơi nhận:", "- Như trên;"]
    signer = [p.text for p in closing.cell(0, 1).paragraphs if p.text]
    assert signer == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Đoàn Thanh Bình"]


@pytest.mark.soffice
def test_the_to_trinh_converts_and_its_last_page_holds_body_text(
    soffice: str, tmp_path: Path
) -> None:
    from vanban.pdf import PdfConverter

    document = vb.load(TO_TRINH_YAML)
    saved = vb.render(document).save(tmp_path / "to_trinh.docx")
    with PdfConverter(timeout=120) as converter:
        pdf = converter.convert(saved)
    pages = pdf_pages(pdf)
    assert pagination_problems(pages, document) == []
    assert "Số: 15/TTr-UBND Gia Lương, ngày 05 tháng 4 năm 2022" in pages[0]  # one row
    assert pages[0][5] == "TỜ TRÌNH"
    assert "Kính gửi: Ủy ban nhân dân huyện Gia Lộc" in pages[0]
    last = pages[-1]
    before = last[: last.index("Nơi nhận:")]
    assert before[-1].endswith("quyết định./.")


def test_the_example_is_rendered_by_make_demo() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "vanban render examples/*.yaml -o out/" in makefile
    assert TO_TRINH_YAML.parent == ROOT / "examples" and TO_TRINH_YAML.suffix == ".yaml"


# --- Quy chế and Quy định in chương / điều (Phụ lục I, mục II.6.đ) ----------------------------

QUY_CHE_BODY: list[Any] = [
    {
        "chuong": "Quy định chung",
        "noi_dung": [
            {"dieu": "Phạm vi điều chỉnh", "noi_dung": ["Quy chế này quy định việc làm việc."]},
            {
                "dieu": "Đối tượng áp dụng",
                "noi_dung": [
                    {"van_ban": "Cán bộ, công chức xã."},
                    {"van_ban": "Người hoạt động không chuyên trách."},
                ],
            },
        ],
    },
    {
        "chuong": "Tổ chức thực hiện",
        "noi_dung": [
            {
                "dieu": "Trách nhiệm thi hành",
                "noi_dung": [
                    {"van_ban": "Văn phòng - Thống kê theo dõi.", "noi_dung": [{"diem": "Một."}]}
                ],
            }
        ],
    },
]


def test_chuong_and_dieu_are_numbered_through_the_document() -> None:
    document = vb.QuyChe.from_dict(minimal("quy_che", noi_dung=QUY_CHE_BODY))
    lines = [(p["kieu"], p["dong"]) for p in document.context()["noi_dung"]]
    assert lines == [
        ("chuong", "Chương I"),
        ("chuong_tieu_de", "QUY ĐỊNH CHUNG"),
        ("dieu", "Điều 1. Phạm vi điều chỉnh"),
        ("doan", "Quy chế này quy định việc làm việc."),
        ("dieu", "Điều 2. Đối tượng áp dụng"),
        ("khoan", "1. Cán bộ, công chức xã."),
        ("khoan", "2. Người hoạt động không chuyên trách."),
        ("chuong", "Chương II"),
        ("chuong_tieu_de", "TỔ CHỨC THỰC HIỆN"),
        ("dieu", "Điều 3. Trách nhiệm thi hành"),  # not "Điều 1": điều run through the text
        ("khoan", "1. Văn phòng - Thống kê theo dõi."),  # khoản start again in each điều
        ("diem", "a) Một./."),
    ]
    built = vb.QuyDinh(
        co_quan=document.co_quan,
        so=5,
        ngay=document.ngay,
        trich_yeu="Thử",
        noi_dung=[vb.Chuong("Chung", [vb.Dieu("Phạm vi", ["Văn bản."])])],
        noi_nhan=document.noi_nhan,
        luu="VP",
        chu_ky=document.chu_ky,
    )
    assert [p["dong"] for p in built.context()["noi_dung"]][:3] == [
        "Chương I",
        "CHUNG",
        "Điều 1. Phạm vi",
    ]


def test_chuong_and_dieu_render_with_their_styles() -> None:
    document = vb.QuyChe.from_dict(minimal("quy_che", noi_dung=QUY_CHE_BODY))
    rendered = docx.Document(io.BytesIO(vb.render(document).to_bytes()))
    by_style = [(p.style.name, p.text) for p in rendered.paragraphs if p.text]
    assert ("Chuong", "Chương II") in by_style
    assert ("Chuong tieu de", "TỔ CHỨC THỰC HIỆN") in by_style
    assert ("Dieu", "Điều 3. Trách nhiệm thi hành") in by_style
    assert ("Diem cuoi", "a) Một./.") in by_style
    styles = rendered.styles
    for name, centred in (("Chuong", True), ("Chuong tieu de", True), ("Dieu", False)):
        style = styles[name]
        assert (style.font.bold, style.font.italic, style.font.size.pt) == (True, False, 14.0)
        assert (style.paragraph_format.alignment == 1) is centred, name  # 1: CENTER
        fmt = style.paragraph_format
        assert (fmt.keep_with_next, fmt.keep_together) == (True, True), name
    assert styles["Dieu"].paragraph_format.first_line_indent.cm == pytest.approx(1.27)
    assert styles["Chuong"].paragraph_format.space_before.pt == 12.0


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            [{"chuong": "A", "noi_dung": [{"dieu": "B"}]}, {"dieu": "C"}],
            "chương and điều side by side: once the body has chương, every điều goes inside one",
        ),
        (
            [{"dieu": "A"}, {"muc": "B"}],
            "chương or điều beside mục or khoản: a body is laid out in chương > điều > khoản or "
            "in mục > khoản, not both",
        ),
        (
            [{"dieu": "Điều 3. Hiệu lực thi hành"}],
            "'Điều 3. Hiệu lực thi hành' — vanban numbers the điều ('Điều 1.', 'Điều 2.' …); "
            "write the title alone",
        ),
        ([{"muc": "A", "noi_dung": [{"dieu": "B"}]}], "a body node is a string (đoạn) or"),
    ],
)
def test_chuong_and_dieu_misplaced_are_refused(body: list[Any], message: str) -> None:
    with pytest.raises(vb.ValidationError) as caught:
        vb.from_dict(minimal("quy_dinh", noi_dung=body))
    [problem] = caught.value.problems
    assert str(problem).startswith("noi_dung"), problem
    assert message in str(problem)


@pytest.mark.soffice
def test_a_long_quy_che_keeps_chuong_and_dieu_with_their_text(soffice: str, tmp_path: Path) -> None:
    from vanban.pdf import PdfConverter

    from .test_pdf_layout import filler

    body = [
        {
            "chuong": f"Chương thứ {c}",
            "noi_dung": [
                {
                    "dieu": f"Điều khoản số {c}{d}",
                    "noi_dung": [
                        {"van_ban": filler(f"{c}{d}a", 1 + (c + d) % 4)},
                        {"van_ban": filler(f"{c}{d}b", 1 + (c * d) % 3)},
                    ],
                }
                for d in range(1, 7)
            ],
        }
        for c in range(1, 4)
    ]
    document = vb.QuyChe.from_dict(minimal("quy_che", noi_dung=body))
    saved = vb.render(document).save(tmp_path / "quy_che.docx")
    with PdfConverter(timeout=120) as converter:
        pages = pdf_pages(converter.convert(saved))
    assert len(pages) >= 3
    assert pagination_problems(pages, document) == []
    text = [line for page in pages for line in page]
    assert text.count("Chương II") == 1 and "Điều 18. Điều khoản số 36" in text

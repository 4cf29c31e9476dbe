"""The examples end to end: YAML -> model -> .docx -> text, and the reference plan reproduced."""

from __future__ import annotations

import difflib
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.document import Document

import vanban as vb

from .conftest import EXAMPLES, ROOT

# The reference plan as text, copied unchanged from the project's shared/reference/ so that the tests
# need nothing outside the repository.
REFERENCE = ROOT / "tests" / "data" / "ke-hoach-49-KH-UBND-2022-gia-luong.txt"


def document_text(document: Document) -> list[str]:
    """Every paragraph's text: the header grid column by column (as the reference text runs), the
    body, then the signature grid; not the Phụ lục after it (the reference text holds none: its
    plan only points to "Phụ lục khung Kế hoạch ... kèm theo", which the example renders)."""
    texts: list[str] = []
    header, signature = document.tables[0], document.tables[1]
    for column in header.columns:
        for cell in column.cells:
            texts += [p.text for p in cell.paragraphs]
    for paragraph in document.paragraphs:
        if paragraph.style is not None and paragraph.style.name == "Phu luc":
            break
        texts.append(paragraph.text)
    for cell in signature.rows[0].cells:
        texts += [p.text for p in cell.paragraphs]
    return texts


def words(text: str) -> list[str]:
    return [w for w in re.findall(r"\w+", text.lower()) if set(w) != {"_"}]


# Every difference between the reference plan's words and the rendered plan's: the corrections of
# its layout and typing mistakes listed at the top of examples/ke_hoach_cchc_2022.yaml, nothing else.
EXPECTED_CORRECTIONS = [
    (["uỷ"], ["ủy"]),  # Huyện uỷ
    (["ubndhuyện"], ["ubnd", "huyện"]),
    (["4"], []),  # a page number inside the text
    (["bànxã"], ["bàn", "xã"]),
    (["bànxã"], ["bàn", "xã"]),
    (["huyênj"], ["huyện"]),
    (["đinh"], ["định"]),
    (["xâydựng"], ["xây", "dựng"]),
    (["hiệncchc"], ["hiện", "cchc"]),
    ([], ["kế"]),  # Tài chính - Kế toán
    (["h"], []),
    (["uỷ"], ["ủy"]),
    (["màng"], ["mảng"]),
    ([], ["với"]),  # đối với xã
    (["vụ"], []),  # UBND huyện vụ
    (["màng"], ["mảng"]),
    (["hoá"], ["hóa"]),
    (["quảxã"], ["quả", "xã"]),
    (["xãn"], ["xã"]),
    (["các"], []),  # các các
    (["uỷ"], ["ủy"]),
    (["n"], []),
    (["c"], []),
    ([], ["vt"]),  # Lưu: VT, VP.
    (["uỷ"], ["ủy"]),  # TM. UỶ BAN NHÂN DÂN
    (["xã"], []),  # TM. ỦY BAN NHÂN DÂN XÃ
]


def test_reference_plan_reproduced_word_for_word(ke_hoach_docx: Document) -> None:
    reference = words(REFERENCE.read_text(encoding="utf-8"))
    rendered = words(" ".join(document_text(ke_hoach_docx)))
    matcher = difflib.SequenceMatcher(None, reference, rendered, autojunk=False)
    differences = [
        (reference[i1:i2], rendered[j1:j2])
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
        if op != "equal"
    ]
    assert differences == EXPECTED_CORRECTIONS


def test_reference_layout_mistakes_are_gone(ke_hoach_docx: Document) -> None:
    text = "\n".join(document_text(ke_hoach_docx))
    for mistake in (
        "49 /KH - UBND",
        "UBNDhuyện",
        "bànxã",
        "huyênj",
        "UỶ",
        "Uỷ",
        "; (Để báo cáo)",
        "  ",
    ):
        assert mistake not in text
    assert "Số: 49/KH-UBND" in text
    assert "- Phòng Nội vụ huyện (để báo cáo);" in text
    assert text.rstrip().endswith("Đoàn Thanh Bình")


def test_reference_plan_structure(ke_hoach: vb.KeHoach) -> None:
    paragraphs = ke_hoach.context()["noi_dung"]
    assert [p["dong"] for p in paragraphs if p["kieu"] == "muc"] == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. CÁC CHỈ TIÊU, NHIỆM VỤ CHỦ YẾU",
        "III. CHẾ ĐỘ BÁO CÁO",
        "IV. KINH PHÍ",
        "V. TỔ CHỨC THỰC HIỆN",
    ]
    first_khoan = [p["so"] for p in paragraphs[paragraphs.index(next(p for p in paragraphs if p["dong"].startswith("1. Công tác chỉ đạo"))) :]]  # fmt: skip
    assert first_khoan[1:8] == ["a)", "b)", "c)", "d)", "đ)", "e)", "g)"]
    windows = [p["dong"] for p in paragraphs if "chốt số liệu tính từ" in p["dong"]]
    assert windows == [
        "Báo cáo Quý I/2022: Thời gian chốt số liệu tính từ ngày 15/12/2021 đến ngày 14/3/2022.",
        "Báo cáo 6 tháng đầu năm 2022: Thời gian chốt số liệu tính từ ngày 15/12/2021 đến ngày 14/6/2022.",
        "Báo cáo Quý III/2022: Thời gian chốt số liệu tính từ ngày 15/6/2022 đến ngày 14/9/2022.",
        "Báo cáo tổng hợp năm 2022: Thời gian chốt số liệu tính từ ngày 15/12/2021 đến ngày 14/12/2022.",
    ]
    assert paragraphs[-1]["dong"].endswith("chỉ đạo, giải quyết./.")


@pytest.mark.parametrize("name", ["ke_hoach_cchc_2022.yaml", "bao_cao_cchc_quy_1_2022.yaml"])
def test_yaml_model_docx_text_round_trip(name: str, tmp_path: Path) -> None:
    document = vb.load(EXAMPLES / name)
    again = type(document).from_dict(document.model_dump(mode="json"))
    assert again == document  # the model's data shape is the file's shape
    path = vb.render(document).save(tmp_path / "out.docx")
    import docx

    text = document_text(docx.Document(str(path)))
    context = document.context()
    expected = [
        *context["co_quan"]["dong"],
        f"Số: {context['so_ky_hieu']}",
        context["dia_danh_ngay_thang"],
        context["ten_loai"],
        context["trich_yeu"],
        *[p["dong"] for p in context["noi_dung"]],
        *context["noi_nhan"],
        *context["chu_ky"]["dong"],
        context["chu_ky"]["ho_ten"],
    ]
    positions = [text.index(line) for line in expected]
    assert positions == sorted(positions), "components appear in ND30's order"


def test_bao_cao_example(bao_cao: vb.BaoCao) -> None:
    assert str(bao_cao.so_ky_hieu) == "21/BC-UBND"
    assert bao_cao.context()["kinh_gui"] == ["Ủy ban nhân dân huyện Gia Lộc"]
    assert "15/12/2021" in bao_cao.context()["noi_dung"][0]["dong"]


def test_quick_start_example_runs(tmp_path: Path) -> None:
    target = tmp_path / "quick.docx"
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "quick_start.py"), str(target)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert "52/KH-UBND | ngày 10 tháng 02 năm 2022" in result.stdout
    assert target.is_file()


def test_the_readme_example_runs(tmp_path: Path) -> None:
    import re

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", readme, re.DOTALL)
    assert code is not None
    (tmp_path / "out").mkdir()
    result = subprocess.run(
        [sys.executable, "-c", code.group(1)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "52/KH-UBND | ngày 10 tháng 02 năm 2022" in result.stdout
    assert (tmp_path / "out" / "ke_hoach_52.docx").is_file()


def test_getting_started_shows_quick_start_as_it_is() -> None:
    """docs/getting-started.md says "This is examples/quick_start.py": the block is the file."""
    from .test_docs import blocks

    page = ROOT / "docs" / "getting-started.md"
    shown = [b.text for b in blocks(page) if b.language == "python" and "import sys" in b.text]
    source = (EXAMPLES / "quick_start.py").read_text(encoding="utf-8")
    assert shown and shown[0].strip() in source


def test_the_register_example_numbers_the_commune_s_year(tmp_path: Path) -> None:
    # examples/so_dang_ky_2022.py: the commune's four documents issued as drafts in date order
    # take 01, 02, 04, 05 (03 reserved, then cancelled, stays in the book: Điều 15.1)
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "so_dang_ky_2022.py"), str(tmp_path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    names = [Path(line).name for line in result.stdout.splitlines()]
    assert names == [
        "so-dang-ky-01-KH-UBND.docx",
        "so-dang-ky-02-QĐ-UBND.docx",
        "so-dang-ky-04-BC-UBND.docx",
        "so-dang-ky-05-TTr-UBND.docx",
        "so-dang-ky-van-ban-di-2022.docx",
        "so-dang-ky-van-ban-di-2022.xlsx",
    ]
    with vb.Register(tmp_path / "so-dang-ky-2022.db") as so:
        rows = [(r.so_ky_hieu, r.ngay, r.trang_thai) for r in so.rows(2022)]
    assert rows == [
        ("01/KH-UBND", date(2022, 1, 29), vb.TrangThai.DA_CAP),
        ("02/QĐ-UBND", date(2022, 2, 10), vb.TrangThai.DA_CAP),
        ("03", date(2022, 3, 1), vb.TrangThai.HUY),
        ("04/BC-UBND", date(2022, 3, 15), vb.TrangThai.DA_CAP),
        ("05/TTr-UBND", date(2022, 4, 5), vb.TrangThai.DA_CAP),
    ]
    # the numbered documents carry their numbers; the book lists every line, the cancelled marked
    plan = docx.Document(str(tmp_path / "so-dang-ky-01-KH-UBND.docx"))
    assert plan.tables[0].cell(1, 0).paragraphs[0].text == "Số: 01/KH-UBND"
    book = docx.Document(str(tmp_path / "so-dang-ky-van-ban-di-2022.docx"))
    lines = [[c.text for c in row.cells] for row in book.tables[-1].rows[2:]]
    assert [line[0] for line in lines] == [
        "01/KH-UBND",
        "02/QĐ-UBND",
        "03",
        "04/BC-UBND",
        "05/TTr-UBND",
    ]
    assert lines[2][9].endswith("Hủy: không ban hành")
    # run again: its own outputs are replaced, nothing else is touched
    subprocess.run(
        [sys.executable, str(EXAMPLES / "so_dang_ky_2022.py"), str(tmp_path)], check=True
    )

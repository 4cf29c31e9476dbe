"""The plan through LibreOffice: page numbers as ND30 wants them (Phụ lục I, mục I.7).

Needs LibreOffice (soffice); skipped without it, failed without it when VANBAN_REQUIRE_SOFFICE=1.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

import vanban as vb

pytestmark = pytest.mark.soffice


def to_pdf(soffice: str, docx_path: Path) -> Path:
    profile = docx_path.parent / "lo-profile"
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(docx_path.parent),
            str(docx_path),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pdf = docx_path.with_suffix(".pdf")
    assert pdf.is_file(), "LibreOffice wrote no PDF"
    return pdf


@pytest.fixture(scope="module")
def plan_pdf(soffice: str, tmp_path_factory: pytest.TempPathFactory) -> PdfReader:
    folder = tmp_path_factory.mktemp("pdf")
    document = vb.load(
        Path(__file__).resolve().parent.parent / "examples" / "ke_hoach_cchc_2022.yaml"
    )
    return PdfReader(to_pdf(soffice, vb.render(document).save(folder / "ke_hoach.docx")))


def page_lines(reader: PdfReader, index: int) -> list[str]:
    return [
        line.strip() for line in reader.pages[index].extract_text().splitlines() if line.strip()
    ]


def test_page_one_has_no_number(plan_pdf: PdfReader) -> None:
    lines = page_lines(plan_pdf, 0)
    assert lines[0].startswith("ỦY BAN NHÂN DÂN")
    assert not any(line.isdigit() for line in lines)


def test_later_pages_start_with_their_number(plan_pdf: PdfReader) -> None:
    assert len(plan_pdf.pages) >= 3
    for index in range(1, len(plan_pdf.pages)):
        assert page_lines(plan_pdf, index)[0] == str(index + 1)


def test_page_size_is_a4(plan_pdf: PdfReader) -> None:
    box = plan_pdf.pages[0].mediabox
    assert round(float(box.width) * 25.4 / 72) == 210
    assert round(float(box.height) * 25.4 / 72) == 297


def test_vietnamese_text_survives(plan_pdf: PdfReader) -> None:
    text = "\n".join(page_lines(plan_pdf, 0))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 49/KH-UBND",
        "Gia Lương, ngày 29 tháng 01 năm 2022",
        "KẾ HOẠCH",
        "I. MỤC ĐÍCH, YÊU CẦU",
    ):
        assert expected in text
    last = "\n".join(page_lines(plan_pdf, len(plan_pdf.pages) - 1))
    assert "Đoàn Thanh Bình" in last and "- Lưu: VT, VP." in last

"""PDF output through a warm LibreOffice: layout, metadata, failures, timeouts, merging, PDF/A.

Needs LibreOffice and its Python bridge; skipped without them, failed without them when
VANBAN_REQUIRE_SOFFICE=1 (CI).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

import vanban as vb
from vanban.cli import main
from vanban.pdf import PdfConverter, PdfError, gop_pdf, metadata, pdfa_part, so_trang

from .conftest import BAO_CAO_YAML, KE_HOACH_YAML

# A test that needs LibreOffice takes the soffice fixture (conftest marks it `soffice`) or
# carries the marker itself; the last test does not need LibreOffice and runs everywhere.


@pytest.fixture(scope="module")
def converter(soffice: str) -> Iterator[PdfConverter]:
    try:
        with PdfConverter(timeout=120) as warm:
            yield warm
    except PdfError as error:
        if os.environ.get("VANBAN_REQUIRE_SOFFICE") == "1":
            pytest.fail(str(error))
        pytest.skip(str(error))


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("pdf")


@pytest.fixture(scope="module")
def plan_docx(folder: Path) -> Path:
    return vb.render(vb.load(KE_HOACH_YAML)).save(folder / "ke_hoach.docx")


@pytest.fixture(scope="module")
def plan_pdf(converter: PdfConverter, plan_docx: Path) -> PdfReader:
    return PdfReader(converter.convert(plan_docx))


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


def test_metadata_and_page_count(plan_docx: Path, plan_pdf: PdfReader) -> None:
    info = metadata(plan_docx.with_suffix(".pdf"))
    assert info["title"] == "Cải cách hành chính nhà nước năm 2022"
    assert info["author"] == "Ủy ban nhân dân xã Gia Lương"
    assert info["subject"] == "49/KH-UBND"
    assert info["keywords"] == "Kế hoạch"
    assert "python-docx" not in " ".join(info.values())
    assert so_trang(plan_docx.with_suffix(".pdf")) == len(plan_pdf.pages)


def test_a_corrupt_file_among_good_ones(
    converter: PdfConverter, folder: Path, plan_docx: Path
) -> None:
    broken = folder / "hong.docx"
    broken.write_bytes(plan_docx.read_bytes()[:5000])  # a truncated package
    text = folder / "van_ban.docx"
    text.write_text("not a document", encoding="utf-8")
    report = converter.convert_many([broken, plan_docx, text], folder / "many")
    assert [p.name for p in report.converted] == ["ke_hoach.pdf"]
    assert [p.name for p, _ in report.failed] == ["hong.docx", "van_ban.docx"]
    assert all("not a readable .docx" in reason for _, reason in report.failed)


def test_a_conversion_over_its_timeout_is_killed_and_the_converter_goes_on(
    converter: PdfConverter, folder: Path, plan_docx: Path
) -> None:
    converter.timeout = 0.01
    try:
        with pytest.raises(PdfError, match=r"took longer than 0\.01 s and was stopped"):
            converter.convert(plan_docx, folder / "slow.pdf")
    finally:
        converter.timeout = 120
    assert not (folder / "slow.pdf").exists()
    assert not list(folder.glob(".vanban-*"))
    assert so_trang(converter.convert(plan_docx, folder / "after.pdf")) >= 3


def test_pdfa(converter: PdfConverter, folder: Path, plan_docx: Path) -> None:
    assert pdfa_part(converter.convert(plan_docx, folder / "pdfa.pdf", pdfa=True)) == (2, "B")
    assert pdfa_part(folder / "after.pdf") is None


def test_merge_keeps_a_bookmark_per_document(
    converter: PdfConverter, folder: Path, plan_docx: Path
) -> None:
    report_docx = vb.render(vb.load(BAO_CAO_YAML)).save(folder / "bao_cao.docx")
    pdfs = [converter.convert(plan_docx), converter.convert(report_docx)]
    merged = gop_pdf(pdfs, folder / "tat_ca.pdf", title="Hồ sơ")
    reader = PdfReader(merged)
    assert len(reader.pages) == so_trang(pdfs[0]) + so_trang(pdfs[1])
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    assert titles == [
        "49/KH-UBND — Cải cách hành chính nhà nước năm 2022",
        "21/BC-UBND — Kết quả thực hiện công tác cải cách hành chính Quý I năm 2022",
    ]
    assert metadata(merged)["title"] == "Hồ sơ"


@pytest.mark.soffice
def test_cli_pdf(folder: Path, plan_docx: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = folder / "bad.docx"
    bad.write_text("x", encoding="utf-8")
    code = main(
        [
            "pdf",
            str(plan_docx),
            str(bad),
            "-o",
            str(folder / "cli"),
            "--merge",
            str(folder / "cli" / "all.pdf"),
        ]
    )
    assert code == 1
    captured = capsys.readouterr()
    assert "bad.docx: PDF failed" in captured.err
    assert (folder / "cli" / "ke_hoach.pdf").is_file() and (folder / "cli" / "all.pdf").is_file()


def test_two_converters_side_by_side(soffice: str, folder: Path, plan_docx: Path) -> None:
    with PdfConverter() as one, PdfConverter() as two:
        a = one.convert(plan_docx, folder / "one.pdf")
        b = two.convert(plan_docx, folder / "two.pdf")
    assert so_trang(a) == so_trang(b)


def test_no_soffice_left_behind(soffice: str, plan_docx: Path, folder: Path) -> None:
    with PdfConverter() as warm:
        warm.convert(plan_docx, folder / "x.pdf")
        profile = str(warm._profile)
    leftovers = subprocess.run(
        ["pgrep", "-f", profile], capture_output=True, text=True, check=False
    )
    assert leftovers.stdout.strip() == ""
    assert not Path(profile).exists()


def test_missing_libreoffice_says_how_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from vanban.pdf import find_soffice

    monkeypatch.setenv("VANBAN_SOFFICE", "/nonexistent/soffice")
    with pytest.raises(PdfError, match="apt-get install libreoffice-writer-nogui python3-uno"):
        find_soffice()

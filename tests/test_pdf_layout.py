"""PDF output through a warm LibreOffice: layout, pagination, metadata, failures, timeouts, merging,
PDF/A.

Needs LibreOffice and its Python bridge; skipped without them, failed without them when
VANBAN_REQUIRE_SOFFICE=1 (CI).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

import vanban as vb
from vanban.cli import main
from vanban.pdf import PdfConverter, PdfError, gop_pdf, metadata, pdfa_part, so_trang

from .conftest import BAO_CAO_YAML, KE_HOACH_YAML

# A test that needs LibreOffice takes the soffice fixture (conftest marks it `soffice`) or
# carries the marker itself; the last test does not need LibreOffice and runs everywhere.


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
    # the plan's own pages; its Phụ lục, last, numbers its pages on its own and its first page
    # has no number (Phụ lục I, mục III.1.đ; tests/test_phu_luc.py)
    assert len(plan_pdf.pages) >= 3
    for index in range(1, len(plan_pdf.pages) - 1):
        assert page_lines(plan_pdf, index)[0] == str(index + 1)
    assert page_lines(plan_pdf, len(plan_pdf.pages) - 1)[0] == PHU_LUC


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
    # the signature ends the plan on the page before its Phụ lục, which ends the file
    last = "\n".join(page_lines(plan_pdf, len(plan_pdf.pages) - 2))
    assert "Đoàn Thanh Bình" in last and "- Lưu: VT, VP." in last
    assert page_lines(plan_pdf, len(plan_pdf.pages) - 1)[0] == PHU_LUC


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


def test_pdfa_says_exactly_what_the_docx_says(
    converter: PdfConverter, folder: Path, plan_docx: Path
) -> None:
    """LibreOffice writes the properties itself (no rewrite after it, which would break PDF/A):
    the keywords stay one keyword, in the document information and in the XMP metadata."""
    pdf = converter.convert(plan_docx, folder / "pdfa-properties.pdf", pdfa=True)
    info = metadata(pdf)
    assert (info["title"], info["subject"], info["keywords"]) == (
        "Cải cách hành chính nhà nước năm 2022",
        "49/KH-UBND",
        "Kế hoạch",
    )
    xmp = PdfReader(str(pdf)).xmp_metadata
    assert xmp is not None and xmp.pdf_keywords == "Kế hoạch"
    assert pdfa_part(pdf) == (2, "B")


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


# --- pagination: read the PDF back, page by page ---------------------------------------------------

SIGNATURE_TITLE = "Nơi nhận:"
HEADING_KINDS = ("chuong", "chuong_tieu_de", "dieu", "muc", "khoan_tieu_de")
"""The body levels laid out as headings: kept with what follows them (templates/build.py)."""


def pdf_pages(pdf: Path) -> list[list[str]]:
    """The text lines of each page, without the page number at the top of pages 2 and on."""
    pages = []
    for index, page in enumerate(PdfReader(pdf).pages):
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        if index > 0 and lines and lines[0] == str(index + 1):
            lines = lines[1:]
        pages.append(lines)
    return pages


PHU_LUC = "Phụ lục"  # the first line of the example plan's one Phụ lục (Mẫu 2.1)


def pagination_problems(pages: list[list[str]], document: vb.VanBan) -> list[str]:
    """Where the pages break the pagination rules of the built-in templates (see templates/build.py,
    ``paginate``): the signature block whole on the last page, after at least the last lines of the
    body (two, or the whole last paragraph); no page ending with a mục or khoản title; no first
    line of a paragraph alone at a page's foot, nor its last line alone at a page's head.
    """
    context = document.context()
    # The document ends with its signature; its Phụ lục, on pages of their own, come after it.
    pages = pages[: next((i for i, lines in enumerate(pages) if lines[:1] == [PHU_LUC]), None)]
    paragraphs = [doan["dong"] for doan in context["noi_dung"]]
    headings = [d["dong"] for d in context["noi_dung"] if d["kieu"] in HEADING_KINDS]
    problems = []
    for marker in (SIGNATURE_TITLE, *context["chu_ky"]["dong"], context["chu_ky"]["ho_ten"]):
        found = [number for number, lines in enumerate(pages, start=1) if marker in lines]
        if found != [len(pages)]:
            problems.append(
                f"{marker!r} on pages {found}, not on the last page ({len(pages)}) alone"
            )
    last = pages[-1]
    if SIGNATURE_TITLE in last:
        before = last[: last.index(SIGNATURE_TITLE)]
        if not before or not before[-1].endswith("./."):
            problems.append(f"the signature block without the body's end before it: {before[-1:]}")
        elif len(before) < 2 and before[-1] != paragraphs[-1]:
            problems.append(f"one line of the last paragraph alone with the signature: {before}")
    for number, lines in enumerate(pages[:-1], start=1):
        end, start = lines[-1], pages[number][0]
        if any(h == end or h.endswith(" " + end) for h in headings):
            problems.append(f"page {number} ends with a heading: {end!r}")
        elif any(p.startswith(end + " ") for p in paragraphs):
            problems.append(f"page {number} ends with a paragraph's first line alone: {end!r}")
        if any(p.endswith(" " + start) for p in paragraphs):
            problems.append(
                f"page {number + 1} starts with a paragraph's last line alone: {start!r}"
            )
    return problems


def filler(tag: str, lines: int) -> str:
    """A paragraph of about ``lines`` lines of body type, its first and last words unique."""
    middle = " ".join(["nội dung kiểm tra cách ngắt trang của văn bản"] * (lines * 2 - 1))
    return f"Đoạn {tag} mở đầu {middle} hết đoạn {tag}."


LAST_KINDS = ("doan", "y", "diem", "khoan")
LAST_LINES = (1, 2, 4, 7)


def sweep_document(n: int) -> vb.VanBan:
    """A plan (even ``n``) or a report (odd ``n``) whose body is pushed down by ``n`` one-line
    paragraphs, so that as ``n`` grows each heading and the signature block meet a page's foot;
    the body's last paragraph changes its level and length with ``n``."""
    example = KE_HOACH_YAML if n % 2 == 0 else BAO_CAO_YAML
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    data.pop("phu_luc", None)  # the body and the signature only: the sweep is about their end
    body: list[object] = [f"Đoạn ngắn số {i + 1} đẩy nội dung xuống." for i in range(n)]
    for m in range(1, 4):
        body.append(
            {
                "muc": f"Mục thử số {m}",
                "noi_dung": [
                    {"khoan": f"Khoản thử số {m}.1", "noi_dung": [filler(f"A{m}", 3)]},
                    {
                        "khoan": f"Khoản thử số {m}.2",
                        "noi_dung": [
                            {"diem": filler(f"B{m}", 2)},
                            {"diem": filler(f"C{m}", 4), "noi_dung": [{"y": filler(f"D{m}", 1)}]},
                        ],
                    },
                    {"van_ban": filler(f"E{m}", 5)},
                ],
            }
        )
    kind, lines = LAST_KINDS[(n // 2) % 4], LAST_LINES[(n // 3) % 4]
    text = filler("Z", lines)
    last_muc = body[-1]
    assert isinstance(last_muc, dict)
    if kind == "doan":
        body.append(text)
    elif kind == "y":
        body.append({"y": text})
    elif kind == "diem":
        last_muc["noi_dung"].append({"khoan": "Khoản cuối", "noi_dung": [{"diem": text}]})
    else:
        last_muc["noi_dung"].append({"van_ban": text})
    data["noi_dung"] = body
    data.pop("can_cu", None)
    return vb.from_dict(data)


def test_the_page_checker_sees_each_fault() -> None:
    document = sweep_document(2)  # a plan starting with two one-line paragraphs
    last = document.context()["noi_dung"][-1]["dong"]
    short = "Đoạn ngắn số 1 đẩy nội dung xuống."
    signature = [SIGNATURE_TITLE, "- Lưu: VT, VP.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    signature.append("Đoàn Thanh Bình")
    cases = {
        "good": ([[short], [last, *signature]], []),
        "alone": (
            [[short, last], signature],
            ["the signature block without the body's end before it: []"],
        ),
        "heading": (
            [[short, "1. Khoản thử số 1.1"], [last, *signature]],
            ["page 1 ends with a heading: '1. Khoản thử số 1.1'"],
        ),
        "wrapped heading": (
            [[short, "SỐ 1"], [last, *signature]],
            ["page 1 ends with a heading: 'SỐ 1'"],
        ),
        "orphan": (
            [[short, "Đoạn A1 mở đầu nội dung"], [last, *signature]],
            ["page 1 ends with a paragraph's first line alone: 'Đoạn A1 mở đầu nội dung'"],
        ),
        "widow": (
            [[short], ["hết đoạn A1.", last, *signature]],
            ["page 2 starts with a paragraph's last line alone: 'hết đoạn A1.'"],
        ),
        "split signature": (
            [[short, last, *signature[:2]], signature[2:]],
            ["'Nơi nhận:' on pages [1], not on the last page (2) alone"],
        ),
    }
    for name, (pages, expected) in cases.items():
        assert pagination_problems(pages, document) == expected, name


@pytest.mark.parametrize(
    ("example", "body_end"),
    [(KE_HOACH_YAML, "giải quyết./."), (BAO_CAO_YAML, "chỉ đạo./.")],
    ids=["ke_hoach", "bao_cao"],
)
def test_the_examples_end_with_body_text_above_the_signature(
    converter: PdfConverter, folder: Path, example: Path, body_end: str
) -> None:
    """The demo plan's last page held only Nơi nhận and the signature (issue 9, item 2)."""
    document = vb.load(example)
    pdf = converter.convert(vb.render(document).save(folder / f"trang_{example.stem}.docx"))
    pages = pdf_pages(pdf)
    assert pagination_problems(pages, document) == []
    pages = [lines for lines in pages if lines[:1] != [PHU_LUC]]  # the plan's Phụ lục after it
    last = pages[-1]
    body = last[: last.index(SIGNATURE_TITLE)]
    assert len(body) >= 2 and body[-1].endswith(body_end)


def test_no_heading_ends_a_page_and_the_signature_keeps_the_body(
    converter: PdfConverter, folder: Path
) -> None:
    """72 bodies, each pushed one short paragraph further down the page than the last."""
    problems: dict[int, list[str]] = {}
    page_counts, pushed, headings_carried = set(), 0, 0
    for n in range(72):
        document = sweep_document(n)
        docx = vb.render(document).save(folder / "sweep" / f"sweep_{n:02d}.docx")
        pages = pdf_pages(converter.convert(docx))
        found = pagination_problems(pages, document)
        if found:
            problems[n] = found
        page_counts.add(len(pages))
        body = document.context()["noi_dung"]
        headings = {d["dong"] for d in body if d["kieu"] in ("muc", "khoan_tieu_de")}
        pushed += pages[-1][0] != SIGNATURE_TITLE and body[-1]["dong"].startswith(pages[-1][0])
        headings_carried += any(lines[0] in headings for lines in pages[1:])
    assert problems == {}
    # The sweep did reach the boundaries: the body grew by pages, the last paragraph was carried
    # to the signature's page, and headings were carried to the top of the next page.
    assert len(page_counts) >= 3 and pushed >= 5 and headings_carried >= 5

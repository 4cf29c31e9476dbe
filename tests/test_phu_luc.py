"""Phụ lục (Mẫu 2.1): numbered only when there are two or more, the title in capitals, the
"(Kèm theo …)" line from the parent document, content with tables, each on a new page."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from pypdf import PdfReader

import vanban as vb
from vanban.errors import ValidationError
from vanban.pdf import PdfConverter

from .conftest import KE_HOACH_YAML

KEM_THEO = (
    "(Kèm theo Kế hoạch số 49/KH-UBND ngày 29 tháng 01 năm 2022 của Ủy ban nhân dân xã Gia Lương)"
)
TABLE = {"bang": "Bảng", "dau": [["STT", "Nhiệm vụ"]], "dong": [[1, "Rà soát"], [2, "Công khai"]]}


def plan(phu_luc: list[dict[str, Any]], **changes: Any) -> vb.VanBan:
    data = yaml.safe_load(KE_HOACH_YAML.read_text(encoding="utf-8"))
    data.update(phu_luc=phu_luc, **changes)
    return vb.from_dict(data)


def paragraphs(document: vb.VanBan) -> list[tuple[str, str, bool]]:
    rendered = docx.Document(io.BytesIO(vb.render(document).to_bytes()))
    return [
        (
            p.style.name,
            p.text,
            bool(
                p.paragraph_format.page_break_before or p.style.paragraph_format.page_break_before
            ),
        )
        for p in rendered.paragraphs
    ]


def test_one_phu_luc_has_no_number() -> None:
    document = plan([{"phu_luc": "Khung kế hoạch", "noi_dung": ["Đoạn một.", TABLE]}])
    out = paragraphs(document)
    start = next(i for i, (style, _, _) in enumerate(out) if style == "Phu luc")
    assert out[start : start + 5] == [
        ("Phu luc", "Phụ lục", True),
        ("Phu luc tieu de", "KHUNG KẾ HOẠCH", False),
        ("Kem theo", KEM_THEO, False),
        ("Duong ke", out[start + 3][1], False),
        ("Doan", "Đoạn một.", False),
    ]
    assert set(out[start + 3][1]) == {"_"}
    # the plan's body ends with "./.", and so does the Phụ lục's content (the last line of the
    # sample Mẫu 2.1 ends "/."): here a table, so "./." stands on its own line under it
    assert [t for s, t, _ in out[:start] if t.endswith("./.")]
    assert out[-1][1] == "./."
    rendered = docx.Document(io.BytesIO(vb.render(document).to_bytes()))
    table = rendered.tables[-1]
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["STT", "Nhiệm vụ"],
        ["1", "Rà soát"],
        ["2", "Công khai"],
    ]


def test_two_phu_luc_are_numbered_in_roman() -> None:
    document = plan(
        [{"phu_luc": "Một", "noi_dung": ["a"]}, {"phu_luc": "Hai", "noi_dung": [TABLE]}]
    )
    heads = [(t, brk) for s, t, brk in paragraphs(document) if s == "Phu luc"]
    assert heads == [("Phụ lục I", True), ("Phụ lục II", True)]


@pytest.mark.parametrize(
    ("phu_luc", "message"),
    [
        ([{"phu_luc": "Trống", "noi_dung": []}], "phu_luc[0].noi_dung: empty"),
        ([{"noi_dung": ["a"]}], "phu_luc[0].phu_luc"),
        (
            [{"phu_luc": "X", "noi_dung": [{"bang": "B", "dong": [[1, 2], [3]]}]}],
            "dong[1]: 1 cells",
        ),
    ],
)
def test_bad_phu_luc_refused(phu_luc: list[dict[str, Any]], message: str) -> None:
    with pytest.raises(ValidationError, match=message.replace("[", r"\[").replace("]", r"\]")):
        plan(phu_luc)


def test_a_phu_luc_needs_the_number_of_its_document() -> None:
    # The "(Kèm theo … số …)" line names the document by its number (Mẫu 2.1): without one the
    # document is refused, naming so.
    data = yaml.safe_load(KE_HOACH_YAML.read_text(encoding="utf-8"))
    del data["so"]
    data["phu_luc"] = [{"phu_luc": "Khung", "noi_dung": ["a"]}]
    with pytest.raises(ValidationError, match=r"\bso\b"):
        vb.from_dict(data)


def test_example_plan_renders_its_phu_luc_on_a_new_page(soffice: str, tmp_path: Path) -> None:
    document = vb.load(KE_HOACH_YAML)
    path = vb.render(document).save(tmp_path / "ke_hoach.docx")
    with PdfConverter(timeout=120) as converter:
        reader = PdfReader(converter.convert(path))
    pages = [
        [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        for page in reader.pages
    ]
    found = [i for i, lines in enumerate(pages) if "Phụ lục" in lines]
    assert len(found) == 1
    page = pages[found[0]]
    # the page opens with its page number, then "Phụ lục": nothing of the plan shares it
    assert page[0] == str(found[0] + 1) and page[1] == "Phụ lục"
    assert "Đoàn Thanh Bình" in pages[found[0] - 1]  # the signature ends the page before
    text = " ".join(page)
    assert "STT" in text and "Cải cách thể chế" in text

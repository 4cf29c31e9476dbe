"""ô 13, the contact footer, on every layout: at the foot of page 1 only, under a full-width rule
(NĐ 30/2020, Điều 8.3.d; Phụ lục I, mục III.4); without it, nothing of the pages changes."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from docx.shared import Pt
from pypdf import PdfReader

import vanban as vb
from vanban.errors import ValidationError
from vanban.pdf import PdfConverter

from .conftest import EXAMPLES

LIEN_HE = {
    "dia_chi": "Xã Gia Lương, huyện Gia Lộc, tỉnh Hải Dương",
    "email": "ubndxagialuong@example.gov.vn",
    "dien_thoai": "0220 3711 111",
}
DONG = (
    "Địa chỉ: Xã Gia Lương, huyện Gia Lộc, tỉnh Hải Dương; Email: ubndxagialuong@example.gov.vn; "
    "Điện thoại: 0220 3711 111"
)
EXAMPLES_BY_LAYOUT = {
    "mau_1_4": "ke_hoach_cchc_2022.yaml",
    "mau_1_2": "quyet_dinh_phe_duyet_ke_hoach.yaml",
    "mau_1_5": "cong_van_3722_vpcp_cn.yaml",
    "mau_1_6": "cong_dien_ung_pho_bao_2022.yaml",
    "mau_1_7": "giay_moi_hop_tong_ket_2022.yaml",
    "mau_1_8": "giay_gioi_thieu_dia_chinh_2022.yaml",
    "mau_1_9": "bien_ban_hoi_nghi_tong_ket_2022.yaml",
    "mau_1_10": "giay_nghi_phep_nghi_hang_nam_2022.yaml",
}


def example(layout: str, **changes: Any) -> vb.VanBan:
    data = yaml.safe_load((EXAMPLES / EXAMPLES_BY_LAYOUT[layout]).read_text(encoding="utf-8"))
    data.pop("lien_he", None)
    data.pop("phu_luc", None)
    data.update(changes)
    return vb.from_dict(data)


def test_lien_he_is_a_component_of_every_kind() -> None:
    assert vb.LienHe is vb.models.mau_1_5.LienHe  # where it was, for code that imports it there
    for layout in EXAMPLES_BY_LAYOUT:
        document = example(layout, lien_he=LIEN_HE)
        assert document.context()["lien_he"] == DONG
        assert example(layout).context()["lien_he"] is None
    with pytest.raises(ValidationError, match=r"lien_he: lien_he holds nothing"):
        example("mau_1_4", lien_he={})


@pytest.mark.parametrize("layout", list(EXAMPLES_BY_LAYOUT))
def test_every_layout_places_it_in_page_1_s_footer_under_a_rule(layout: str) -> None:
    rendered = docx.Document(io.BytesIO(vb.render(example(layout, lien_he=LIEN_HE)).to_bytes()))
    [section] = rendered.sections
    [line] = section.first_page_footer.paragraphs
    assert (line.text, line.style.name) == (DONG, "Lien he")
    assert line.style.font.size == Pt(11) and not line.style.font.bold
    top = line._p.pPr.find(qn("w:pBdr")).find(qn("w:top"))
    assert (top.get(qn("w:val")), top.get(qn("w:sz"))) == ("single", "4")
    # the later pages: the page number at the top, no footer
    assert section.footer.is_linked_to_previous is True
    # without lien_he: one empty paragraph, no rule
    rendered = docx.Document(io.BytesIO(vb.render(example(layout)).to_bytes()))
    [line] = rendered.sections[0].first_page_footer.paragraphs
    assert line.text == "" and line._p.pPr.find(qn("w:pBdr")) is None


def pages_of(converter: PdfConverter, document: vb.VanBan, path: Path) -> list[list[str]]:
    reader = PdfReader(converter.convert(vb.render(document).save(path)))
    return [
        [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        for page in reader.pages
    ]


@pytest.mark.parametrize("layout", ["mau_1_4", "mau_1_2"])
def test_a_plan_and_a_decision_show_it_at_the_foot_of_page_1_only(
    converter: PdfConverter, tmp_path: Path, layout: str
) -> None:
    with_it = pages_of(converter, example(layout, lien_he=LIEN_HE), tmp_path / "co.docx")
    without = pages_of(converter, example(layout), tmp_path / "khong.docx")
    assert len(with_it) >= 2
    # two lines at 11 pt, the whole width of the text area
    assert " ".join(with_it[0][-2:]) == DONG
    assert [i for i, lines in enumerate(with_it) if "0220 3711 111" in " ".join(lines)] == [0]
    # the footer takes no room from the text: every page is the same without it
    assert [with_it[0][:-2], *with_it[1:]] == without

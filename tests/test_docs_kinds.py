"""docs/van-ban-co-ten-loai.md: its table of the seventeen kinds of Mẫu 1.4 is the library's facts
(kind, ``loai``, class, abbreviation, Kính gửi), row for row, in ``LoaiVanBan``'s order."""

from __future__ import annotations

import vanban as vb
from vanban.models.kinds import KINDS
from vanban.models.mau_1_4 import VanBanMau14

from .conftest import ROOT

PAGE = ROOT / "docs" / "van-ban-co-ten-loai.md"


def table_rows() -> list[list[str]]:
    """The cells of the page's first Markdown table, header and rule lines left out."""
    lines = PAGE.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| Kind |"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    return rows


def test_the_kinds_table_matches_the_library() -> None:
    expected = []
    for loai in vb.LoaiVanBan:
        if "1.4" not in loai.mau:
            continue
        model = KINDS[loai]
        assert issubclass(model, VanBanMau14) and getattr(vb, model.__name__) is model
        if loai is vb.LoaiVanBan.BAO_CAO:
            kinh_gui = "when sent to a superior body"
        else:
            kinh_gui = "yes" if model.KINH_GUI else "no"
        expected.append(
            [loai.ten, f"`{loai.value}`", f"`vb.{model.__name__}`", loai.viet_tat, kinh_gui]
        )
    assert len(expected) == 17  # NĐ 30/2020, Phụ lục III, Mẫu 1.4, note 6
    assert table_rows() == expected

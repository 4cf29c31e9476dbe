"""Mẫu 1.1, Nghị quyết (cá biệt): NĐ 30/2020, Phụ lục III.

"NGHỊ QUYẾT", the trích yếu and its rule; the issuing authority in bold capitals on its own line
("ỦY BAN NHÂN DÂN XÃ GIA LƯƠNG"; a Nghị quyết without it is refused); the italic căn cứ; bold
"QUYẾT NGHỊ:"; the articles; Nơi nhận begins "- Như Điều N;". The shape is Quyết định's
(:class:`vanban.models.van_ban_dieu.VanBanDieu`), and so is the template (``mau_1_2.docx``): the
decree's samples of 1.1 and 1.2 differ only in the keyword and in Quyết định's "Theo đề nghị của".
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from vanban.loai import LoaiVanBan
from vanban.models.van_ban_dieu import VanBanDieu


class NghiQuyet(VanBanDieu):
    """A resolution (Nghị quyết cá biệt, "NQ"), Mẫu 1.1: authority line, căn cứ, "QUYẾT NGHỊ:",
    articles."""

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.NGHI_QUYET
    QUYET: ClassVar[str] = "QUYẾT NGHỊ:"
    loai: LoaiVanBan = Field(
        default=LoaiVanBan.NGHI_QUYET,
        title="Loại văn bản",
        description="Mã loại văn bản: 'nghi_quyet'.",
        json_schema_extra={"const": LoaiVanBan.NGHI_QUYET.value},
    )

    _schema_title = "Nghị quyết (cá biệt)"
    _schema_description = (
        "Nghị quyết cá biệt (NQ), trình bày theo Mẫu 1.1, NĐ 30/2020, Phụ lục III: thẩm quyền ban "
        "hành, căn cứ, 'QUYẾT NGHỊ:', các điều."
    )

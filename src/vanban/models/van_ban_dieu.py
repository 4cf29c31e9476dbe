"""Documents whose content is articles: Nghị quyết (Mẫu 1.1) and Quyết định (Mẫu 1.2, 1.3).

NĐ 30/2020, Phụ lục III, Mẫu 1.1 and 1.2 lay out the same shape after the title block: the
authority that issues the text on its own line in bold capitals ("THẨM QUYỀN BAN HÀNH", note 6
of Mẫu 1.2: the head's title when the power is the head's, "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ GIA
LƯƠNG", else the collective body's name); the italic căn cứ (Phụ lục I, mục II.6.a); a bold
centred line, "QUYẾT NGHỊ:" or "QUYẾT ĐỊNH:"; then the articles, "Điều 1." in bold and the text in
body type, each with optional khoản and điểm numbered as the body tree numbers them
(:class:`vanban.models.noi_dung.Dieu`). Nơi nhận begins "- Như Điều N;": the article that names
who executes the text (Mẫu 1.1, 1.2, 1.3: "- Như Điều ….;"), the last one unless the data names
another (``dieu_thi_hanh``).

The layouts' own modules (``mau_1_1.py``, ``mau_1_2.py``) add what differs: the kind, its
keyword, and Quyết định's "Theo đề nghị của … ." and attached text (Mẫu 1.3).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar, Self

from pydantic import Field, field_validator, model_validator

from vanban.models.base import Text, problems_at
from vanban.models.can_cu import can_cu_field, can_cu_lines
from vanban.models.noi_dung import Dieu, number_body
from vanban.models.noi_nhan import recipient_key
from vanban.models.van_ban import VanBan
from vanban.text.case import viet_hoa

THAM_QUYEN_RULE = (
    "the authority that issues it, on its own line in bold capitals: the head's title when the "
    "power is the head's ('Chủ tịch Ủy ban nhân dân xã Gia Lương'), else the collective body's "
    "name (NĐ 30/2020, Phụ lục III, Mẫu 1.1 and 1.2, note 6)"
)
DIEU_RULE = (
    "NĐ 30/2020, Phụ lục III, Mẫu 1.1–1.3: the content is in articles, 'Điều 1.', 'Điều 2.' …"
)
NHU_DIEU_RULE = (
    "NĐ 30/2020, Phụ lục III, Mẫu 1.1–1.3: Nơi nhận begins '- Như Điều N;', N the article "
    "that names who executes the text"
)
_NHU_DIEU = re.compile(r"như\s+điều\s*(\d+)?\s*$")


def _article_required(schema: dict[str, Any]) -> None:
    # The schema requires what the model requires (the model's messages cite the rule).
    required = schema.setdefault("required", [])
    for name in ("tham_quyen", "dieu"):
        if name not in required:
            required.append(name)
    schema["properties"]["tham_quyen"].pop("default", None)
    schema["properties"]["tham_quyen"]["type"] = "string"
    schema["properties"]["tham_quyen"].pop("anyOf", None)
    schema["properties"]["dieu"].pop("default", None)
    schema["properties"]["dieu"]["minItems"] = 1


class VanBanDieu(VanBan):
    """A document whose content is articles (Mẫu 1.1, 1.2, 1.3): use ``NghiQuyet``, ``QuyetDinh``.

    ``tham_quyen`` (the authority line) and at least one article (``dieu``) are required;
    ``dieu_thi_hanh`` names the executing article for Nơi nhận's "- Như Điều N;" (default: the
    last).
    """

    QUYET: ClassVar[str]
    """The bold line before the articles: "QUYẾT ĐỊNH:", "QUYẾT NGHỊ:"."""

    tham_quyen: Text | None = Field(
        default=None,
        title="Thẩm quyền ban hành",
        description=(
            "Người hoặc tập thể có thẩm quyền ban hành, viết như trong câu: 'Chủ tịch Ủy ban nhân "
            "dân xã Gia Lương'; vanban in hoa, đậm, trên một dòng riêng (Mẫu 1.1, 1.2, ghi chú 6)."
        ),
    )
    can_cu: list[Text] = can_cu_field()
    dieu: list[Dieu] = Field(
        default_factory=list,
        title="Các điều",
        description=(
            "Các điều, mỗi điều một mục: dieu (nội dung in sau 'Điều 1.' in đậm), có thể có "
            "khoản, điểm trong noi_dung; vanban đánh số 'Điều 1.', 'Điều 2.' và thêm './.' "
            "(Mẫu 1.1–1.3)."
        ),
    )
    dieu_thi_hanh: int | None = Field(
        default=None,
        title="Điều thi hành",
        description=(
            "Số của điều giao tổ chức thực hiện, cho dòng '- Như Điều N;' đầu Nơi nhận; mặc định "
            "là điều cuối (Mẫu 1.1–1.3)."
        ),
        json_schema_extra={"minimum": 1},
    )

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        schema = super().json_schema()
        _article_required(schema)
        return schema

    @field_validator("tham_quyen")
    @classmethod
    def _has_authority(cls, value: str | None) -> str | None:
        if value is None:
            name = cls.LOAI.ten if hasattr(cls, "LOAI") else cls.__name__
            raise ValueError(f"missing — a {name} names {THAM_QUYEN_RULE}")
        return value

    @field_validator("dieu")
    @classmethod
    def _has_articles(cls, value: list[Dieu]) -> list[Dieu]:
        if not value:
            name = cls.LOAI.ten if hasattr(cls, "LOAI") else cls.__name__
            raise ValueError(f"empty — a {name} needs at least one article ({DIEU_RULE})")
        return value

    @model_validator(mode="after")
    def _executing_article(self) -> Self:
        count = len(self.dieu)
        if self.dieu_thi_hanh is not None and not 1 <= self.dieu_thi_hanh <= count:
            raise ValueError(
                f"dieu_thi_hanh: {self.dieu_thi_hanh} — the document has {count} article(s), "
                f"Điều 1 to Điều {count} ({NHU_DIEU_RULE})"
            )
        problems = [
            (
                i,
                item.ten,
                f"{item.ten!r} — vanban writes '- Như Điều {self.so_dieu_thi_hanh};' first "
                f"({NHU_DIEU_RULE}); remove it, and name another article with dieu_thi_hanh",
            )
            for i, item in enumerate(self.noi_nhan)
            if _NHU_DIEU.fullmatch(recipient_key(item.ten))
        ]
        if problems:
            raise problems_at("noi_nhan", problems)
        return self

    @property
    def so_dieu_thi_hanh(self) -> int:
        """The executing article's number: ``dieu_thi_hanh``, or the last article."""
        return self.dieu_thi_hanh or len(self.dieu)

    def can_cu_context(self) -> list[str]:
        """The căn cứ lines as printed (Phụ lục I, mục II.6.a)."""
        return can_cu_lines(self.can_cu)

    def context(self) -> dict[str, Any]:
        """The template context: the shared parts, the authority line, căn cứ, the keyword
        (``quyet``), the articles as the body (``noi_dung``) and "- Như Điều N;" first in Nơi
        nhận."""
        context = super().context()
        assert self.tham_quyen is not None  # guaranteed by _has_authority
        context["tham_quyen"] = viet_hoa(self.tham_quyen)
        context["can_cu"] = self.can_cu_context()
        context["theo_de_nghi"] = None
        context["quyet"] = self.QUYET
        context["noi_dung"] = [
            p.context() for p in number_body(self.dieu, dieu_kieu="dieu_van_ban")
        ]
        context["noi_nhan"] = [f"- Như Điều {self.so_dieu_thi_hanh};", *context["noi_nhan"]]
        context["dieu_thi_hanh"] = self.so_dieu_thi_hanh
        context["kem_theo"] = None
        return context

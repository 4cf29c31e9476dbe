"""ô 13: the contact footer any document may carry (NĐ 30/2020, Điều 8.3.d; Phụ lục I, mục III.4).

"Địa chỉ cơ quan, tổ chức; thư điện tử; trang thông tin điện tử; số điện thoại; số Fax" (Điều
8.3.d), "trình bày tại trang thứ nhất của văn bản, bằng chữ in thường, cỡ chữ từ 11 đến 12,
kiểu chữ đứng, dưới một đường kẻ nét liền kéo dài hết chiều ngang của vùng trình bày văn bản"
(mục III.4). Every layout places it in the footer of page 1 only (``templates/build.py``,
``lien_he_footer``); the field is ``VanBan.lien_he``.
"""

from __future__ import annotations

import re
from typing import ClassVar, Self

from pydantic import Field, field_validator, model_validator

from vanban.models.base import Model, Text


class LienHe(Model):
    """ô 13: how to reach the issuing body, printed at the foot of page 1 (Phụ lục I, mục III.4).

    ``LienHe(dia_chi="Số 1 Hoàng Hoa Thám, Ba Đình, Hà Nội", website="vpcp.chinhphu.vn").dong``
    is one line, the parts in the decree's order (address, e-mail, website, telephone, fax),
    each with its label, joined by "; ".
    """

    dia_chi: Text | None = Field(
        default=None, title="Địa chỉ", description="Địa chỉ trụ sở cơ quan, tổ chức."
    )
    email: Text | None = Field(
        default=None,
        title="Thư điện tử",
        description="Địa chỉ thư điện tử: 'vanthu@example.gov.vn'.",
        json_schema_extra={"pattern": r"^[^@\s]+@[^@\s]+\.[^@\s]+$"},
    )
    website: Text | None = Field(
        default=None, title="Trang thông tin điện tử", description="Địa chỉ trang thông tin."
    )
    dien_thoai: Text | None = Field(
        default=None, title="Điện thoại", description="Số điện thoại: '024 3825 8261'."
    )
    fax: Text | None = Field(default=None, title="Số fax", description="Số fax: '024 3825 8262'.")

    _schema_title = "Địa chỉ, điện thoại, thư điện tử"
    _schema_description = (
        "Ô 13: địa chỉ, thư điện tử, trang thông tin điện tử, số điện thoại, số fax, in ở cuối "
        "trang thứ nhất (NĐ 30/2020, Phụ lục I, mục III.4)."
    )

    _LABELS: ClassVar[tuple[tuple[str, str], ...]] = (
        ("dia_chi", "Địa chỉ"),
        ("email", "Email"),
        ("website", "Website"),
        ("dien_thoai", "Điện thoại"),
        ("fax", "Fax"),
    )

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValueError(f"{value!r} is not an e-mail address (name@domain)")
        return value

    @field_validator("dien_thoai", "fax")
    @classmethod
    def _number(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"\+?[0-9][0-9 .()\-]*[0-9]", value):
            raise ValueError(
                f"{value!r} is not a telephone number: digits, with spaces, '.', '-' or "
                "parentheses, and an optional leading '+'"
            )
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> Self:
        if self.dong == "":
            raise ValueError(
                "lien_he holds nothing: give at least one of dia_chi, email, website, "
                "dien_thoai, fax, or leave lien_he out (Phụ lục I, mục III.4)"
            )
        return self

    @property
    def dong(self) -> str:
        """The line of ô 13: "Địa chỉ: …; Website: …"."""
        parts = [(label, getattr(self, name)) for name, label in self._LABELS]
        return "; ".join(f"{label}: {value}" for label, value in parts if value is not None)

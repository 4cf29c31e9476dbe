"""Nơi nhận and Kính gửi (NĐ 30/2020, Phụ lục I, mục II.9).

- Nơi nhận (ô 9b): one recipient per line, each starting "- " and ending ";"; the last line is the
  archive line "- Lưu: VT, <drafting unit> (<copies>)." ending with "." (mục II.9.d).
- Kính gửi (ô 9a; Công văn, and Tờ trình / Báo cáo sent to a superior): one recipient on the same
  line as "Kính gửi:"; several go one per line, "- " ... ";", the last ending "." (mục II.9.d).
  Such a document's Nơi nhận then begins with "- Như trên;" (mục II.9.b).
- A purpose in parentheses, "(để báo cáo)", is common practice, not law: it is written before ";".
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field, model_validator

from vanban.models.base import StringShorthand, Text

NHU_TREN = "Như trên"


class NoiNhan(StringShorthand):
    """One recipient of Nơi nhận, with an optional purpose: ``NoiNhan("Phòng Nội vụ", "để báo cáo")``."""

    ten: Text = Field(description="Recipient, without the leading '- ' or trailing ';'.")
    muc_dich: Text | None = Field(
        default=None, description="Purpose, written in parentheses: 'để báo cáo'."
    )

    _positional = ("ten", "muc_dich")
    _shorthand = "ten"
    if TYPE_CHECKING:

        def __init__(self, ten: str, muc_dich: str | None = None) -> None: ...

    @model_validator(mode="before")
    @classmethod
    def _clean_punctuation(cls, data: Any) -> Any:
        if isinstance(data, str):
            data = {"ten": data}
        if isinstance(data, dict):
            data = dict(data)
            if isinstance(data.get("ten"), str):
                # "- UBND huyện;" typed with the list punctuation vanban adds itself.
                data["ten"] = data["ten"].strip().removeprefix("-").strip().rstrip(";.").strip()
            if isinstance(data.get("muc_dich"), str):
                data["muc_dich"] = data["muc_dich"].strip().removeprefix("(").removesuffix(")")
        return data

    @property
    def nhan(self) -> str:
        """The recipient with its purpose: "Phòng Nội vụ huyện (để báo cáo)"."""
        return self.ten if self.muc_dich is None else f"{self.ten} ({self.muc_dich})"


def noi_nhan_lines(
    items: list[NoiNhan], luu: str, so_ban_luu: int | None = None, *, nhu_tren: bool = False
) -> list[str]:
    """The lines of Nơi nhận, the archive line last: ["- UBND huyện;", ..., "- Lưu: VT, VP."]."""
    lines = []
    if nhu_tren and not any(item.ten == NHU_TREN for item in items):
        lines.append(f"- {NHU_TREN};")
    lines.extend(f"- {item.nhan};" for item in items)
    copies = f" ({so_ban_luu})" if so_ban_luu is not None else ""
    lines.append(f"- Lưu: VT, {luu}{copies}.")
    return lines


def kinh_gui_lines(names: list[str]) -> list[str]:
    """Kính gửi with several recipients: ["- Bộ Nội vụ;", "- Bộ Tài chính."]; one: [name]."""
    if len(names) == 1:
        return list(names)
    return [f"- {name}{'.' if i == len(names) - 1 else ';'}" for i, name in enumerate(names)]

"""Nơi nhận and Kính gửi (NĐ 30/2020, Phụ lục I, mục II.9).

- Nơi nhận (ô 9b): one recipient per line, each starting "- " and ending ";"; the last line is the
  archive line "- Lưu: VT, <drafting unit> (<copies>)." ending with "." (mục II.9.d).
- Kính gửi (ô 9a; Công văn, and Tờ trình / Báo cáo sent to a superior): one recipient on the same
  line as "Kính gửi:"; several go one per line, "- " ... ";", the last ending "." (mục II.9.d).
  Such a document's Nơi nhận then begins with "- Như trên;" (mục II.9.b).
- A purpose in parentheses, "(để báo cáo)", is common practice, not law: it is written before ";".

A clerk's habits are normalised, never doubled: a recipient typed with its list punctuation
("- UBND huyện;") loses it, since vanban writes it; the archive line typed as a recipient ("Lưu: VT,
VP.") is refused, since vanban writes it from ``luu``; the same recipient twice (compared without
regard to case, spacing or tone-mark placement) is refused; "Như trên" is only valid with Kính gửi.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from pydantic import Field, model_validator

from vanban.models.base import StringShorthand, Text, problems_at
from vanban.text.dau import chuan_dau

NHU_TREN = "Như trên"
_CITE = "NĐ 30/2020, Phụ lục I, mục II.9"
# A leading list mark a clerk types (hyphen, dashes, bullet, plus) and the list's end punctuation.
_LIST_MARK = re.compile(r"^\s*[-\u2010-\u2015\u2212•+*]\s*")
_LIST_END = re.compile(r"[\s;.,]+$")
_ARCHIVE = re.compile(
    r"^lưu\s*(?::\s*|\s+(?=vt\b))(?:vt\b\s*,?\s*)?(?P<don_vi>[^\s(,.;]*)\s*(?:\((?P<ban>\d+)\))?"
)


def strip_list_punctuation(text: str) -> str:
    """A list line without the punctuation vanban writes itself: "- UBND huyện;" -> "UBND huyện"."""
    return _LIST_END.sub("", _LIST_MARK.sub("", text)).strip()


def recipient_key(name: str) -> str:
    """What makes two recipients the same: case, spacing and tone-mark placement aside
    ("UBND  huyện", "ubnd huyện"; "Phòng Văn hoá", "Phòng Văn hóa")."""
    return " ".join(chuan_dau(name).casefold().split())


def is_nhu_tren(name: str) -> bool:
    """Whether a recipient is the "Như trên" that refers back to Kính gửi (mục II.9.b)."""
    return recipient_key(name) == recipient_key(NHU_TREN)


def duplicates(names: Iterable[str]) -> list[tuple[int, int]]:
    """Pairs (first, repeated) of positions that name the same recipient twice."""
    seen: dict[str, int] = {}
    pairs = []
    for i, name in enumerate(names):
        key = recipient_key(name)
        if key in seen:
            pairs.append((seen[key], i))
        else:
            seen[key] = i
    return pairs


class NoiNhan(StringShorthand):
    """One recipient of Nơi nhận, with an optional purpose: ``NoiNhan("Phòng Nội vụ", "để báo cáo")``."""

    ten: Text = Field(
        title="Nơi nhận",
        description=(
            "Tên cơ quan, tổ chức, cá nhân nhận văn bản, không viết '- ' đầu dòng và ';' cuối "
            "dòng (vanban thêm; mục II.9.d)."
        ),
    )
    muc_dich: Text | None = Field(
        default=None,
        title="Mục đích",
        description="Mục đích gửi, in trong ngoặc đơn sau tên: 'để báo cáo'.",
    )

    _schema_title = "Nơi nhận"
    _schema_description = (
        "Một nơi nhận văn bản (ô 9b; NĐ 30/2020, Phụ lục I, mục II.9); viết gọn là một chuỗi."
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
                data["ten"] = strip_list_punctuation(data["ten"])
                _not_archive_line(data["ten"])
            if isinstance(data.get("muc_dich"), str):
                data["muc_dich"] = data["muc_dich"].strip().removeprefix("(").removesuffix(")")
        return data

    @property
    def nhan(self) -> str:
        """The recipient with its purpose: "Phòng Nội vụ huyện (để báo cáo)"."""
        return self.ten if self.muc_dich is None else f"{self.ten} ({self.muc_dich})"


def _not_archive_line(ten: str) -> None:
    match = _ARCHIVE.match(ten.casefold())
    if match is None:
        return
    don_vi = match["don_vi"].upper() or "<drafting unit>"
    ban = f" ({match['ban']})" if match["ban"] else ""
    copies = f" and so_ban_luu: {match['ban']}" if match["ban"] else ""
    raise ValueError(
        f"{ten!r} is the archive line, which vanban writes last from `luu` ('- Lưu: VT, "
        f"{don_vi}{ban}.'; {_CITE}.d): remove it from noi_nhan and write luu: {don_vi}{copies}"
    )


def check_recipients(items: list[NoiNhan], *, kinh_gui: list[str], loai: str) -> None:
    """Refuse "Như trên" without Kính gửi and any recipient named twice (mục II.9.b, II.9.d).

    A recipient already under Kính gửi is covered by "Như trên" and is refused in Nơi nhận too.
    Each problem is reported at its own path (``noi_nhan[2]``).
    """
    problems: list[tuple[int, str, str]] = []
    for i, item in enumerate(items):
        if is_nhu_tren(item.ten) and not kinh_gui:
            problems.append(
                (
                    i,
                    item.ten,
                    f"'Như trên' stands for the recipients of Kính gửi, and this {loai} has no "
                    f"Kính gửi ({_CITE}.b); name the recipients instead",
                )
            )
    for first, again in duplicates(item.ten for item in items):
        problems.append(
            (
                again,
                items[again].ten,
                f"{items[again].ten!r} is already noi_nhan[{first}] ({items[first].ten!r}); "
                f"each recipient is listed once ({_CITE}.d)",
            )
        )
    covered = {recipient_key(name) for name in kinh_gui}
    for i, item in enumerate(items):
        if recipient_key(item.ten) in covered:
            problems.append(
                (
                    i,
                    item.ten,
                    f"{item.ten!r} is under Kính gửi, which 'Như trên' already covers "
                    f"({_CITE}.b); remove it from noi_nhan",
                )
            )
    if problems:
        raise problems_at("noi_nhan", sorted(problems, key=lambda p: p[0]))


def kinh_gui_names(value: list[str]) -> list[str]:
    """The Kính gửi recipients as data gives them, cleaned: list punctuation a clerk typed ("- …;")
    removed, a line of punctuation only refused, a recipient named twice refused (mục II.9.d)."""
    names = [strip_list_punctuation(name) for name in value]
    if not all(names):
        raise ValueError("a Kính gửi line holds only list punctuation; write the recipient")
    check_kinh_gui(names)
    return names


def check_kinh_gui(names: list[str]) -> None:
    """Refuse a Kính gửi recipient named twice (mục II.9.d), at its own path (``kinh_gui[1]``)."""
    problems = [
        (
            again,
            names[again],
            f"{names[again]!r} is already kinh_gui[{first}] ({names[first]!r}); each "
            f"recipient is listed once ({_CITE}.d)",
        )
        for first, again in duplicates(names)
    ]
    if problems:
        raise problems_at("kinh_gui", problems)


def luu_van_thu(luu: str | None, so_ban_luu: int | None = None) -> str:
    """Who keeps the archived copies, as the archive line writes it after "Lưu:": "VT, VP (2)"
    (the văn thư, the drafting unit, the copies kept; mục II.9.d). Without a unit, "VT": the
    archive line of Mẫu 1.8 (Giấy giới thiệu) is "- Lưu: VT." (Phụ lục III, Mẫu 1.8)."""
    unit = "" if luu is None else f", {luu}"
    copies = "" if so_ban_luu is None else f" ({so_ban_luu})"
    return f"VT{unit}{copies}"


def noi_nhan_lines(
    items: list[NoiNhan],
    luu: str | None,
    so_ban_luu: int | None = None,
    *,
    nhu_tren: bool = False,
    phat_hanh: str | None = None,
) -> list[str]:
    """The lines of Nơi nhận, the archive line last: ["- UBND huyện;", ..., "- Lưu: VT, VP."]
    (``luu`` ``None``: "- Lưu: VT.", see :func:`luu_van_thu`).

    With ``nhu_tren`` (the document has Kính gửi) the list begins "- Như trên;" (mục II.9.b),
    written once, first, however the data spelled or placed it. ``phat_hanh`` is ô 12, the
    drafter's code and the copies issued ("PL.(300)"), written after the drafting unit as the
    samples of Phụ lục III write "- Lưu: VT, ...8. …9." (notes 8 and 9 of Mẫu 1.4; NĐ 30/2020,
    Phụ lục I, mục III.3): "- Lưu: VT, VP (2). PL.(300)."
    """
    lines = []
    if nhu_tren:
        lines.append(f"- {NHU_TREN};")
    lines.extend(f"- {item.nhan};" for item in items if not (nhu_tren and is_nhu_tren(item.ten)))
    issued = "" if phat_hanh is None else f" {phat_hanh}."
    lines.append(f"- Lưu: {luu_van_thu(luu, so_ban_luu)}.{issued}")
    return lines


def kinh_gui_lines(names: list[str]) -> list[str]:
    """Kính gửi with several recipients: ["- Bộ Nội vụ;", "- Bộ Tài chính."]; one: [name]."""
    if len(names) == 1:
        return list(names)
    return [f"- {name}{'.' if i == len(names) - 1 else ';'}" for i, name in enumerate(names)]

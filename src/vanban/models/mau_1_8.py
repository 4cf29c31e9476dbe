"""Mẫu 1.8, Giấy giới thiệu: the letter that introduces an office's people to another office.

NĐ 30/2020, Phụ lục III, Mẫu 1.8 and its notes:

- Số ký hiệu "n/GGT-<issuer>" (note 3; Phụ lục III, mục I: "GGT"); header, date line and
  signature as every layout.
- "GIẤY GIỚI THIỆU" and the short rule under it: **no trích yếu** (the sample has none).
- "<issuer> trân trọng giới thiệu:" (note 2: the issuing body's name), centred, 14 pt, regular.
- "Ông (bà) …" (note 5: "họ và tên, chức vụ và đơn vị công tác của người được giới thiệu"; the
  sample writes no colon after "Ông (bà)"), then "Chức vụ: …". ``gioi_tinh`` picks "Ông" or "Bà";
  without it the line keeps the sample's "Ông (bà)". Several people (a delegation) each get the
  sample's two lines, one person after another; the request sentence then says "các ông (bà)".
- "Được cử đến: …" (note 6: "tên cơ quan, tổ chức được giới thiệu tới làm việc"), "Về việc: …".
- The fixed request: "Đề nghị Quý cơ quan tạo điều kiện để ông (bà) có tên ở trên hoàn thành
  nhiệm vụ." ("ông" or "bà" when ``gioi_tinh`` says which).
- "Giấy này có giá trị đến hết ngày …./.": the last day of validity, after the day of issue.
- Nơi nhận exactly "- Như trên;" (the office of "Được cử đến") and "- Lưu: VT." — no other
  recipient and no drafting unit; vanban writes both lines. ô 12 (Điều 8.3.c) may follow them.
- The lines after the issuer's are body paragraphs: 14 pt, regular, justified, the first line
  indented (the sample's 1 cm; vanban's body indent, 1.27 cm, is the other end of Phụ lục I,
  mục II.6.e's 1–1.27 cm).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, ClassVar, Self

from pydantic import Field, field_validator, model_validator

from vanban.loai import LoaiVanBan
from vanban.models.base import Model, Ngay, Text, problems_at
from vanban.models.noi_dung import KET_THUC
from vanban.models.noi_nhan import NoiNhan, duplicates, strip_list_punctuation
from vanban.models.so_ky_hieu import Abbreviation
from vanban.models.van_ban import VanBan
from vanban.models.xung_ho import GioiTinh, danh_xung, typed_danh_xung
from vanban.text.dates import ngay_thang

__all__ = ["KINDS_MAU_1_8", "GiayGioiThieu", "NguoiGioiThieu"]

_CITE = "NĐ 30/2020, Phụ lục III, Mẫu 1.8"
_GIOI_TINH_RULE = f"{_CITE}: 'Ông (bà)'"

DE_NGHI = "Đề nghị Quý cơ quan tạo điều kiện để {xung_ho} có tên ở trên hoàn thành nhiệm vụ."
"""The sample's fixed request sentence; ``xung_ho`` is "ông (bà)" as the sample writes it, "ông"
or "bà" for one person whose ``gioi_tinh`` is known, "các ông (bà)" for several."""


def _refuse_label(value: str, label: str) -> str:
    """``value`` without a final stop; refused when typed with the ``label`` vanban writes."""
    typed = re.match(rf"^\s*{label}\b\s*:?\s*", value, re.IGNORECASE)
    if typed is not None:
        raise ValueError(
            f"{value!r} — vanban writes '{label}:' before it ({_CITE}); write it alone: "
            f"{value[typed.end() :]!r}"
        )
    return value.rstrip(".;").rstrip()


class NguoiGioiThieu(Model):
    """One person introduced: "Ông (bà) <ho_ten>" and "Chức vụ: <chuc_vu>" (Mẫu 1.8, note 5)."""

    ho_ten: Text = Field(
        title="Họ và tên",
        description=(
            "Họ và tên người được giới thiệu, in sau 'Ông (bà)' (Mẫu 1.8, ghi chú 5); không viết "
            "'Ông (bà)' phía trước."
        ),
    )
    chuc_vu: Text = Field(
        title="Chức vụ",
        description=(
            "Chức vụ và đơn vị công tác của người được giới thiệu, in sau 'Chức vụ:' (Mẫu 1.8, "
            "ghi chú 5)."
        ),
    )
    gioi_tinh: GioiTinh | None = Field(
        default=None,
        title="Giới tính",
        description=("'nam' in 'Ông', 'nu' in 'Bà'; bỏ trống: in 'Ông (bà)' như mẫu (Mẫu 1.8)."),
    )

    _schema_title = "Người được giới thiệu"
    _schema_description = (
        "Người được giới thiệu (Mẫu 1.8, ghi chú 5): họ và tên, chức vụ và đơn vị công tác."
    )

    @field_validator("ho_ten")
    @classmethod
    def _name_alone(cls, value: str) -> str:
        alone = typed_danh_xung(value)
        if alone is not None:
            raise ValueError(
                f"{value!r} — vanban writes 'Ông (bà)' before the name ({_CITE}), 'Ông' or 'Bà' "
                f"from gioi_tinh ('nam' or 'nu'); write the name alone: {alone!r}"
            )
        return value

    @field_validator("chuc_vu")
    @classmethod
    def _title_alone(cls, value: str) -> str:
        return _refuse_label(value, "Chức vụ")

    @field_validator("gioi_tinh", mode="before")
    @classmethod
    def _gioi_tinh(cls, value: Any) -> Any:
        return GioiTinh.parse(value, rule=_GIOI_TINH_RULE)

    @property
    def danh_xung(self) -> str:
        """The title before the name: "Ông", "Bà", or the sample's "Ông (bà)" without
        ``gioi_tinh``."""
        return danh_xung(self.gioi_tinh)


def _not_given(field: str, value: Any, rule: str) -> Any:
    # A fixed part of Mẫu 1.8 that vanban writes: refused when data gives it (left out, null, ""
    # or [] is accepted, so that a document's own dump reads back).
    if value in (None, "", []):
        return value
    raise ValueError(f"{value!r} — {rule}; leave {field} out")


_NOI_NHAN_RULE = (
    f"the Nơi nhận of a Giấy giới thiệu is exactly '- Như trên;' (the office of 'Được cử đến') "
    f"and '- Lưu: VT.' ({_CITE}), which vanban writes"
)


class GiayGioiThieu(VanBan):
    """A Giấy giới thiệu (letter of introduction), laid out on Mẫu 1.8 of NĐ 30/2020, Phụ lục III.

    "GIẤY GIỚI THIỆU" and no trích yếu; "<issuer> trân trọng giới thiệu:"; for each person
    "Ông (bà) …" and "Chức vụ: …"; "Được cử đến: …"; "Về việc: …"; the sample's request
    sentence; "Giấy này có giá trị đến hết ngày …./."; Nơi nhận "- Như trên;" "- Lưu: VT.".

    ``trich_yeu`` is not data here: the sample has none. For the records that need one (the
    register's "tên loại và trích yếu", the metadata's subject, the file's title) it is
    written from the data: "ông (bà) <name> đến <office>".
    """

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.GIAY_GIOI_THIEU
    loai: LoaiVanBan = Field(
        default=LoaiVanBan.GIAY_GIOI_THIEU,
        title="Loại văn bản",
        description="Mã loại văn bản: 'giay_gioi_thieu'.",
        json_schema_extra={"const": LoaiVanBan.GIAY_GIOI_THIEU.value},
    )
    gioi_thieu: list[NguoiGioiThieu] = Field(
        title="Người được giới thiệu",
        description=(
            "Người được giới thiệu (họ và tên, chức vụ, giới tính nếu cần), một hoặc nhiều người "
            "(một đoàn): mỗi người hai dòng 'Ông (bà) …', 'Chức vụ: …'."
        ),
        json_schema_extra={"minItems": 1},
    )
    duoc_cu_den: Text = Field(
        title="Được cử đến",
        description=(
            "Tên cơ quan, tổ chức được giới thiệu tới làm việc (Mẫu 1.8, ghi chú 6), in sau "
            "'Được cử đến:'."
        ),
    )
    ve_viec: Text = Field(title="Về việc", description="Việc cần làm, in sau 'Về việc:'.")
    gia_tri_den: Ngay = Field(
        title="Có giá trị đến hết ngày",
        description=(
            "Ngày cuối cùng giấy có giá trị, sau ngày ban hành: 'Giấy này có giá trị đến hết "
            "ngày …' (Mẫu 1.8)."
        ),
    )
    # Fixed by the sample, written by vanban: refused when given, left out of the dump.
    trich_yeu: str = Field(default="", exclude=True)
    noi_nhan: list[NoiNhan] = Field(default_factory=list, exclude=True)
    luu: Abbreviation | None = Field(default=None, exclude=True)  # type: ignore[assignment]
    so_ban_luu: int | None = Field(default=None, exclude=True)

    _FIXED: ClassVar[tuple[str, ...]] = ("trich_yeu", "noi_nhan", "luu", "so_ban_luu")

    _schema_title = "Giấy giới thiệu"
    _schema_description = (
        "Giấy giới thiệu, trình bày theo Mẫu 1.8, NĐ 30/2020, Phụ lục III: người được giới "
        "thiệu, nơi được cử đến, về việc, thời hạn giá trị; không có trích yếu."
    )

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        schema = super().json_schema()
        # the sample's fixed parts are not data (refused by the model, so by the schema too)
        for name in cls._FIXED:
            schema["properties"].pop(name, None)
        schema["required"] = [name for name in schema["required"] if name not in cls._FIXED]
        schema["$defs"].pop("NoiNhan", None)  # referred to by noi_nhan alone
        gioi_tinh = schema["$defs"]["GioiTinh"]
        gioi_tinh["title"] = "Giới tính"
        gioi_tinh["description"] = "nam ('Ông'), nu ('Bà') (Mẫu 1.8)."
        return schema

    @field_validator("trich_yeu", mode="before")
    @classmethod
    def _no_trich_yeu(cls, value: Any) -> Any:
        return _not_given(
            "trich_yeu",
            value,
            f"a Giấy giới thiệu has no trích yếu ({_CITE}): what it is about goes in ve_viec",
        )

    @field_validator("noi_nhan", mode="before")
    @classmethod
    def _has_recipients(cls, value: Any) -> Any:  # replaces VanBan's: no recipient is data here
        return _not_given("noi_nhan", value, _NOI_NHAN_RULE)

    @field_validator("luu", mode="before")
    @classmethod
    def _no_unit(cls, value: Any) -> Any:
        return _not_given("luu", value, _NOI_NHAN_RULE + ", with no drafting unit")

    @field_validator("so_ban_luu", mode="before")
    @classmethod
    def _no_copies(cls, value: Any) -> Any:
        return _not_given("so_ban_luu", value, _NOI_NHAN_RULE + ", with no count of copies")

    @field_validator("gioi_thieu")
    @classmethod
    def _people(cls, value: list[NguoiGioiThieu]) -> list[NguoiGioiThieu]:
        if not value:
            raise ValueError(
                "missing — whom the Giấy giới thiệu introduces: 'họ và tên, chức vụ và đơn vị "
                f"công tác của người được giới thiệu' ({_CITE}, note 5)"
            )
        keys = [f"{person.ho_ten} / {person.chuc_vu}" for person in value]
        repeated = [
            (again, value[again].ho_ten, f"{value[again].ho_ten!r} is already gioi_thieu[{first}]")
            for first, again in duplicates(keys)
        ]
        if repeated:
            raise problems_at("gioi_thieu", repeated, at_field=True)
        return value

    @field_validator("duoc_cu_den")
    @classmethod
    def _office(cls, value: str) -> str:
        return _refuse_label(strip_list_punctuation(value), "Được cử đến")

    @field_validator("ve_viec")
    @classmethod
    def _matter(cls, value: str) -> str:
        return _refuse_label(value, "Về việc")

    @model_validator(mode="after")
    def _valid_after_issue(self) -> Self:
        # "Giấy này có giá trị đến hết ngày …" (Mẫu 1.8): its last day comes after its day of
        # issue. A draft has no day of issue yet: only its year (nam) is checked here; the whole
        # check runs when the draft is numbered and dated (the register validates it again).
        end = self.gia_tri_den
        if self.ngay is not None and end <= self.ngay:
            raise ValueError(
                f"gia_tri_den: {end.isoformat()} — a Giấy giới thiệu is valid until a day after "
                f"it is issued on {self.ngay.isoformat()} (ngay): 'Giấy này có giá trị đến hết "
                f"ngày …' ({_CITE})"
            )
        if self.ngay is None and self.nam is not None and end < date(self.nam, 1, 2):
            raise ValueError(
                f"gia_tri_den: {end.isoformat()} — the draft is issued in {self.nam} (nam), so "
                f"its validity ends after 1 January {self.nam} at the earliest: 'Giấy này có giá "
                f"trị đến hết ngày …' ({_CITE})"
            )
        # the trích yếu of the records (register, metadata, file title): the sample prints none
        object.__setattr__(self, "trich_yeu", self.tom_tat)
        return self

    @property
    def tom_tat(self) -> str:
        """What the letter is, for the records that need a trích yếu (the register's "tên loại
        và trích yếu", the metadata's subject): "ông (bà) Họ và tên đến Phòng Nội vụ huyện"."""
        names = ", ".join(f"{p.danh_xung.lower()} {p.ho_ten}" for p in self.gioi_thieu)
        return f"{names} đến {self.duoc_cu_den}"

    @property
    def kinh_gui(self) -> list[str]:
        """The office the people are sent to, which "- Như trên;" stands for in Nơi nhận: the
        letter's addressee for the register and the metadata."""
        return [self.duoc_cu_den]

    @property
    def co_kinh_gui(self) -> bool:
        """Nơi nhận begins "- Như trên;" (Mẫu 1.8)."""
        return True

    @property
    def xung_ho(self) -> str:
        """Who the request sentence names: "ông (bà)" (the sample), "ông" or "bà" for one person
        whose ``gioi_tinh`` is given, "các ông (bà)" for several."""
        if len(self.gioi_thieu) > 1:
            return "các ông (bà)"
        return self.gioi_thieu[0].danh_xung.lower()

    def dong_gioi_thieu(self) -> str:
        """The issuer's line: "Ủy ban nhân dân xã Gia Lương trân trọng giới thiệu:" (note 2)."""
        return f"{self.co_quan.ten} trân trọng giới thiệu:"

    def loi_gioi_thieu(self) -> list[str]:
        """The letter's lines in the order of Mẫu 1.8, the issuer's first, the last ending "./."."""
        lines = [self.dong_gioi_thieu()]
        for person in self.gioi_thieu:
            lines.append(f"{person.danh_xung} {person.ho_ten}")
            lines.append(f"Chức vụ: {person.chuc_vu}")
        lines.append(f"Được cử đến: {self.duoc_cu_den}")
        lines.append(f"Về việc: {self.ve_viec}")
        lines.append(DE_NGHI.format(xung_ho=self.xung_ho))
        lines.append(f"Giấy này có giá trị đến hết {ngay_thang(self.gia_tri_den)}{KET_THUC}")
        return lines

    def context(self) -> dict[str, Any]:
        """The template context of Mẫu 1.8: the shared parts (``trich_yeu`` is :attr:`tom_tat`,
        printed by no built-in template), the fields as given for a user's own template
        (``duoc_cu_den``, ``ve_viec``, ``gia_tri_den`` as printed), ``dong_gioi_thieu`` (the
        issuer's line), ``gioi_thieu``: each person's ``danh_xung``, ``ho_ten``, ``chuc_vu`` and
        the two lines ``dong`` ("Ông (bà) …") and ``dong_chuc_vu`` ("Chức vụ: …"), and
        ``noi_dung``: the lines after the people as body paragraphs. The built-in template places
        ``dong_gioi_thieu``, the people's lines and ``noi_dung``."""
        context = super().context()
        lines = self.loi_gioi_thieu()
        people = 2 * len(self.gioi_thieu)
        context["gioi_thieu"] = [
            {
                "danh_xung": p.danh_xung,
                "ho_ten": p.ho_ten,
                "chuc_vu": p.chuc_vu,
                "dong": lines[1 + 2 * i],
                "dong_chuc_vu": lines[2 + 2 * i],
            }
            for i, p in enumerate(self.gioi_thieu)
        ]
        context["duoc_cu_den"] = self.duoc_cu_den
        context["ve_viec"] = self.ve_viec
        context["gia_tri_den"] = ngay_thang(self.gia_tri_den)
        context["dong_gioi_thieu"] = lines[0]
        context["noi_dung"] = [
            {"kieu": "doan", "so": "", "van_ban": line, "dong": line}
            for line in lines[1 + people :]
        ]
        return context


KINDS_MAU_1_8: tuple[type[VanBan], ...] = (GiayGioiThieu,)
"""The kinds laid out on Mẫu 1.8: Giấy giới thiệu alone."""

"""Mẫu 1.7, Giấy mời: the invitation to a meeting, conference or workshop.

NĐ 30/2020, Phụ lục III, Mẫu 1.7 and its notes:

- Số ký hiệu "n/GM-<issuer>" (note 3; Phụ lục III, mục I: "GM"); header, date line, Nơi nhận and
  signature as every layout.
- "GIẤY MỜI", then the trích yếu: "trích yếu nội dung cuộc họp" (note 5), and the short rule.
- "<issuer> trân trọng kính mời: <guest>" (notes 2 and 6): the issuer is the body's name (ô 2);
  the guest "tên cơ quan, tổ chức hoặc họ và tên, chức vụ, đơn vị công tác của người được mời".
  One guest stands on the line; several go one per line under it, "- …;", the last ending "."
  as the recipients of a Kính gửi do (Phụ lục I, mục II.9.d). vanban writes "trân trọng kính
  mời:": a guest typed with "Kính mời" (or "trân trọng kính mời") in front is refused, not
  mended — the field holds the guest alone (as a Công văn's trích yếu typed with "V/v" is).
- "Tới dự <the meeting>." (note 7: "tên (nội dung) của cuộc họp, hội thảo, hội nghị").
- "Chủ trì: …", "Thời gian: …", "Địa điểm: …" (time and place required: an invitation without
  them invites to nothing); then the notes, "các vấn đề cần lưu ý" (note 8); the last line ends
  "./." (Phụ lục I, mục II.6; the sample's last line).
- The lines are body paragraphs: 14 pt, regular, justified, the first line indented (the sample's
  1 cm; vanban's body indent, 1.27 cm, is the other end of Phụ lục I, mục II.6.e's 1–1.27 cm).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, ClassVar, Self

from pydantic import Field, field_validator, model_validator

from vanban.loai import LoaiVanBan
from vanban.models.base import MOMENT_PATTERN, Model, Text, moment_schema, problems_at
from vanban.models.noi_dung import KET_THUC
from vanban.models.noi_nhan import duplicates, strip_list_punctuation
from vanban.models.van_ban import VanBan
from vanban.text.dates import khoang_thoi_gian, parse_thoi_diem, thoi_diem

__all__ = ["KINDS_MAU_1_7", "GiayMoi", "ThoiGian"]

_CITE = "NĐ 30/2020, Phụ lục III, Mẫu 1.7"
# "Kính mời", "trân trọng kính mời", "Trân trọng kính mời:" at the start of a guest.
_TYPED_KINH_MOI = re.compile(r"^\s*(?:trân\s+trọng\s+)?kính\s+mời\b\s*[:.\-–]?\s*", re.IGNORECASE)
# "Tới dự" typed in front of the meeting's name.
_TYPED_TOI_DU = re.compile(r"^\s*tới\s+dự\b\s*[:.\-–]?\s*", re.IGNORECASE)


class ThoiGian(Model):
    """When the meeting is: its start (``bat_dau``) and, when given, its end (``ket_thuc``).

    Written "08 giờ 00 phút, thứ Hai, ngày 07 tháng 3 năm 2022", or as a span "từ 08 giờ 00 phút
    đến 11 giờ 30 phút, thứ Hai, ngày 07 tháng 3 năm 2022" (:func:`vanban.thoi_diem`,
    :func:`vanban.khoang_thoi_gian`). Data may give one moment ("2022-03-07 08:00") for
    ``thoi_gian``, or ``{bat_dau: …, ket_thuc: …}``.
    """

    bat_dau: datetime = Field(
        title="Bắt đầu",
        description="Giờ, ngày bắt đầu: '2022-03-07 08:00' (giờ địa phương, không múi giờ).",
        json_schema_extra=moment_schema,
    )
    ket_thuc: datetime | None = Field(
        default=None,
        title="Kết thúc",
        description="Giờ, ngày kết thúc (nếu ghi), sau giờ bắt đầu: '2022-03-07 11:30'.",
        json_schema_extra=moment_schema,
    )

    _schema_title = "Thời gian"
    _schema_description = "Thời gian họp (Mẫu 1.7): một thời điểm, hoặc từ … đến …."

    @model_validator(mode="before")
    @classmethod
    def _one_moment(cls, data: Any) -> Any:
        if isinstance(data, datetime | str):
            return {"bat_dau": data}
        if isinstance(data, date):
            raise ValueError(
                f"{data.isoformat()} — a meeting's time has an hour: write "
                f"'{data.isoformat()} 08:00' ({_CITE}, 'Thời gian')"
            )
        return data

    @field_validator("bat_dau", "ket_thuc", mode="before")
    @classmethod
    def _written(cls, value: Any) -> Any:
        # "2022-03-07 08:00" or day first as Vietnamese is written, "07/03/2022 08:00"
        return parse_thoi_diem(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _ends_after_start(self) -> Self:
        end = self.ket_thuc
        if end is None:
            return self
        if (self.bat_dau.tzinfo is None) != (end.tzinfo is None):
            raise ValueError(
                "ket_thuc: one end has a time zone and the other has none — write both as local "
                "times, without a zone"
            )
        if end <= self.bat_dau:
            raise ValueError(
                f"ket_thuc: {end.isoformat(sep=' ')} — the meeting ends before it starts "
                f"({self.bat_dau.isoformat(sep=' ')}); the end of 'Thời gian' is after its "
                f"start ({_CITE})"
            )
        return self

    @property
    def van_ban(self) -> str:
        """As the Giấy mời prints it: "08 giờ 00 phút, thứ Hai, ngày 07 tháng 3 năm 2022"."""
        if self.ket_thuc is None:
            return thoi_diem(self.bat_dau)
        return khoang_thoi_gian(self.bat_dau, self.ket_thuc)


def _refuse_prefix(value: str, pattern: re.Pattern[str], written: str, field: str) -> str:
    typed = pattern.match(value)
    if typed is not None:
        raise ValueError(
            f"{value!r} — vanban writes {written!r} before the {field} ({_CITE}); write it "
            f"alone: {value[typed.end() :]!r}"
        )
    return value


class GiayMoi(VanBan):
    """A Giấy mời (invitation), laid out on Mẫu 1.7 of NĐ 30/2020, Phụ lục III.

    "GIẤY MỜI" and the trích yếu (the meeting); "<issuer> trân trọng kính mời: <guest>" (one
    guest on the line, several one per line); "Tới dự …."; "Chủ trì: …" (when given);
    "Thời gian: …"; "Địa điểm: …"; the notes (``luu_y``); "./." at the end.
    """

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.GIAY_MOI
    loai: LoaiVanBan = Field(
        default=LoaiVanBan.GIAY_MOI,
        title="Loại văn bản",
        description="Mã loại văn bản: 'giay_moi'.",
        json_schema_extra={"const": LoaiVanBan.GIAY_MOI.value},
    )
    kinh_moi: list[Text] = Field(
        title="Kính mời",
        description=(
            "Người (cơ quan) được mời: tên cơ quan, tổ chức hoặc họ và tên, chức vụ, đơn vị công "
            "tác (Mẫu 1.7, ghi chú 6); không viết 'Kính mời' phía trước. Một người in cùng dòng "
            "'… trân trọng kính mời:', nhiều người mỗi người một dòng '- …;'."
        ),
        json_schema_extra={"minItems": 1},
    )
    toi_du: Text = Field(
        title="Tới dự",
        description=(
            "Tên (nội dung) của cuộc họp, hội thảo, hội nghị (Mẫu 1.7, ghi chú 7), in sau 'Tới dự'."
        ),
    )
    chu_tri: Text | None = Field(
        default=None,
        title="Chủ trì",
        description="Người chủ trì (chức vụ, họ và tên), in sau 'Chủ trì:'; bỏ trống: không in.",
    )
    thoi_gian: ThoiGian = Field(
        title="Thời gian",
        description=(
            "Thời gian họp: một thời điểm '2022-03-07 08:00', hoặc {bat_dau, ket_thuc}; in "
            "'08 giờ 00 phút, thứ Hai, ngày 07 tháng 3 năm 2022'."
        ),
    )
    dia_diem: Text = Field(title="Địa điểm", description="Địa điểm họp, in sau 'Địa điểm:'.")
    luu_y: list[Text] = Field(
        default_factory=list,
        title="Lưu ý",
        description="Các vấn đề cần lưu ý (Mẫu 1.7, ghi chú 8), mỗi đoạn một mục.",
    )

    _schema_title = "Giấy mời"
    _schema_description = (
        "Giấy mời, trình bày theo Mẫu 1.7, NĐ 30/2020, Phụ lục III: người được mời, cuộc họp, "
        "chủ trì, thời gian, địa điểm, lưu ý."
    )

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        schema = super().json_schema()
        # ThoiGian's schema is an object; data may give one moment as text too
        thoi_gian = schema["properties"]["thoi_gian"]
        reference = {key: thoi_gian.pop(key) for key in ("$ref", "allOf") if key in thoi_gian}
        thoi_gian["anyOf"] = [
            {"type": "string", "pattern": MOMENT_PATTERN},
            reference.get("allOf", [reference])[0] if reference else {},
        ]
        return schema

    @field_validator("kinh_moi")
    @classmethod
    def _guests(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError(
                "missing — whom the Giấy mời invites: 'tên cơ quan, tổ chức hoặc họ và tên, chức "
                f"vụ, đơn vị công tác của người được mời' ({_CITE}, note 6)"
            )
        names = [strip_list_punctuation(name) for name in value]
        problems = [
            (i, value[i], f"{value[i]!r} holds only list punctuation; write the guest")
            for i, name in enumerate(names)
            if not name
        ]
        for i, name in enumerate(names):
            typed = _TYPED_KINH_MOI.match(name)
            if name and typed is not None:
                problems.append(
                    (
                        i,
                        value[i],
                        f"{value[i]!r} — vanban writes '… trân trọng kính mời:' before the "
                        f"guests ({_CITE}, note 6); write the guest alone: "
                        f"{name[typed.end() :]!r}",
                    )
                )
        for first, again in duplicates(names):
            problems.append((again, value[again], f"{names[again]!r} is already kinh_moi[{first}]"))
        if problems:
            raise problems_at("kinh_moi", problems, at_field=True)
        return names

    @field_validator("toi_du")
    @classmethod
    def _meeting(cls, value: str) -> str:
        return _refuse_prefix(value, _TYPED_TOI_DU, "Tới dự", "meeting's name").rstrip(".")

    @field_validator("chu_tri", "dia_diem")
    @classmethod
    def _no_final_stop(cls, value: str | None) -> str | None:
        return None if value is None else value.rstrip(".;").rstrip()

    @model_validator(mode="after")
    def _invited_before(self) -> Self:
        # An invitation is issued before the meeting it invites to ("Tới dự", Mẫu 1.7).
        if self.ngay is not None and self.thoi_gian.bat_dau.date() < self.ngay:
            raise ValueError(
                f"thoi_gian: the meeting starts on {self.thoi_gian.bat_dau.date().isoformat()}, "
                f"before the Giấy mời is issued on {self.ngay.isoformat()} (ngay); an invitation "
                f"is issued before its meeting ({_CITE})"
            )
        return self

    def loi_moi(self) -> list[str]:
        """The invitation's lines, in the order of Mẫu 1.7, the last ending "./."."""
        issuer = f"{self.co_quan.ten} trân trọng kính mời:"
        if len(self.kinh_moi) == 1:
            lines = [f"{issuer} {self.kinh_moi[0]}"]
        else:
            last = len(self.kinh_moi) - 1
            lines = [issuer] + [
                f"- {name}{'.' if i == last else ';'}" for i, name in enumerate(self.kinh_moi)
            ]
        lines.append(f"Tới dự {self.toi_du}.")
        if self.chu_tri is not None:
            lines.append(f"Chủ trì: {self.chu_tri}")
        lines.append(f"Thời gian: {self.thoi_gian.van_ban}")
        lines.append(f"Địa điểm: {self.dia_diem}")
        lines.extend(self.luu_y)
        lines[-1] = lines[-1].rstrip(".") + KET_THUC
        return lines

    def context(self) -> dict[str, Any]:
        """The template context of Mẫu 1.7: the shared parts, the fields as given (``kinh_moi``,
        ``toi_du``, ``chu_tri``, ``thoi_gian`` as printed, ``dia_diem``, ``luu_y``) for a user's
        own template, and ``noi_dung``: the invitation's lines (:meth:`loi_moi`) as body
        paragraphs, which the built-in template places."""
        context = super().context()
        context["kinh_moi"] = list(self.kinh_moi)
        context["toi_du"] = self.toi_du
        context["chu_tri"] = self.chu_tri
        context["thoi_gian"] = self.thoi_gian.van_ban
        context["dia_diem"] = self.dia_diem
        context["luu_y"] = list(self.luu_y)
        context["noi_dung"] = [
            {"kieu": "doan", "so": "", "van_ban": line, "dong": line} for line in self.loi_moi()
        ]
        return context


KINDS_MAU_1_7: tuple[type[VanBan], ...] = (GiayMoi,)
"""The kinds laid out on Mẫu 1.7: Giấy mời alone."""

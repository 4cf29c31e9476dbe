"""Mẫu 1.5, Công văn: the official letter, the layout without a tên loại line.

NĐ 30/2020, Phụ lục III, Mẫu 1.5 and the rules of Phụ lục I it follows:

- Số ký hiệu "n/<issuer>-<drafting unit>": no kind abbreviation, the drafting unit's required
  (mục II.3.b; ``don_vi_soan_thao``). "Số: 3722/VPCP-CN".
- No tên loại; the trích yếu stands after "V/v" in the left header cell, under the số ký hiệu,
  12–13 pt, regular, centred, 6 pt below it (mục II.5.b, ô 5b). vanban writes "V/v"; a trích yếu
  typed with it (or with "Về việc", which "V/v" abbreviates) is refused, not mended: the field holds
  the subject only, and a silent strip would hide which of the two the writer meant.
- "Kính gửi:" is required (mục II.9.b: a Công văn's recipients are in two parts, Kính gửi and Nơi
  nhận): one recipient on its line, several as "- …;" lines under the colon, the last ending "."
  (mục II.9.d); Nơi nhận then begins "- Như trên;".
- The body is the body tree of :mod:`vanban.models.noi_dung` (usually plain paragraphs); no căn
  cứ lines (the sample has none).
- Optional ô 13 (``lien_he``, shared by every kind: :mod:`vanban.models.lien_he`, re-exported
  here): the body's address, e-mail, website, telephone and fax on page 1 only, 11–12 pt,
  regular, under a solid rule across the whole text area (Phụ lục I, mục III.4).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

from pydantic import Field, field_validator, model_validator

from vanban.errors import CodeError
from vanban.loai import LoaiVanBan
from vanban.models.base import Text
from vanban.models.lien_he import LienHe
from vanban.models.noi_dung import NutNoiDung, check_body, number_body
from vanban.models.noi_nhan import kinh_gui_lines, kinh_gui_names
from vanban.models.so_ky_hieu import Abbreviation, SoKyHieu
from vanban.models.van_ban import VanBan

__all__ = ["KINDS_MAU_1_5", "V_V", "CongVan", "LienHe"]  # LienHe: ô 13, now every kind's

V_V = "V/v"
"""What stands before a Công văn's trích yếu: "về việc" abbreviated (Phụ lục I, mục II.5.b)."""

_TRICH_YEU_RULE = "NĐ 30/2020, Phụ lục I, mục II.5.b: vanban writes 'V/v' before the trích yếu"
_KINH_GUI_RULE = (
    "NĐ 30/2020, Phụ lục I, mục II.9.b: a Công văn's recipients are in two parts, 'Kính gửi' "
    "(those who handle it) and Nơi nhận, which begins 'Như trên'; Phụ lục III, Mẫu 1.5"
)
_UNIT_RULE = "NĐ 30/2020, Phụ lục I, mục II.3.b: a Công văn's ký hiệu is <issuer>-<drafting unit>"
# "V/v", "V/V", "v/v:", "V / v", and "Về việc" which it abbreviates, at the start of the trích yếu.
_TYPED_V_V = re.compile(r"^\s*(?:v\s*/\s*v|về\s+việc)\b\s*[:.\-–]?\s*", re.IGNORECASE)


def _required(schema: dict[str, Any], *names: str) -> None:
    # A field vanban validates itself (to cite the rule when it is missing) is still required in
    # the schema, and its null branch dropped: the schema refuses what the model refuses.
    required = schema.setdefault("required", [])
    for name in names:
        if name not in required:
            required.append(name)
        field = schema["properties"][name]
        options = [o for o in field.pop("anyOf", []) if o.get("type") != "null"]
        if options:
            field.update(options[0])
        field.pop("default", None)


def _unit_from_code(data: dict[str, Any]) -> dict[str, Any]:
    """``{"don_vi_soan_thao": unit}`` when the written code gives it and the data does not."""
    so = data.get("so")
    if not isinstance(so, str) or so.strip().isdigit():
        return {}
    try:
        code, _ = SoKyHieu.parse_with_fixes(so)
    except CodeError:
        return {}  # the field's own validator reports it
    if code.loai is not LoaiVanBan.CONG_VAN:
        raise ValueError(
            f"so: {so!r} is the code of a {code.loai.ten} (ký hiệu {code.loai.viet_tat}); a "
            f"Công văn's code has no kind abbreviation: '{code.so}/<issuer>-<unit>' "
            f"({_UNIT_RULE})"
        )
    co_quan = data.get("co_quan")
    agency = (
        co_quan.get("viet_tat") if isinstance(co_quan, dict) else getattr(co_quan, "viet_tat", None)
    )
    if isinstance(agency, str) and agency.strip() != code.co_quan:
        raise ValueError(
            f"so: {so!r} is a code of {code.co_quan!r}, and this Công văn's issuer is {agency!r} "
            f"({_UNIT_RULE}); write so: {code.so} or so: '{code.so}/{agency.strip()}-"
            f"{code.don_vi}'"
        )
    unit = data.get("don_vi_soan_thao")
    if code.don_vi is None:
        return {}
    if unit is None:
        return {"don_vi_soan_thao": code.don_vi}
    if isinstance(unit, str) and unit.strip() != code.don_vi:
        raise ValueError(
            f"so: {so!r} names the drafting unit {code.don_vi!r}, don_vi_soan_thao says "
            f"{unit!r}: write one of them ({_UNIT_RULE})"
        )
    return {}


class CongVan(VanBan):
    """A Công văn (official letter), laid out on Mẫu 1.5 of NĐ 30/2020, Phụ lục III.

    Its code is "<số>/<issuer>-<drafting unit>" ("3722/VPCP-CN"), its trích yếu is printed "V/v …"
    under the number, it has no tên loại line, it is addressed by "Kính gửi:" and its Nơi nhận
    begins "- Như trên;". ``luu`` (the archive line's drafting unit) defaults to
    ``don_vi_soan_thao``: both are "chữ viết tắt tên đơn vị soạn thảo" (Mẫu 1.5, notes 4 and 8).
    """

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.CONG_VAN
    loai: LoaiVanBan = Field(
        default=LoaiVanBan.CONG_VAN,
        title="Loại văn bản",
        description="Mã loại văn bản: 'cong_van'.",
        json_schema_extra={"const": LoaiVanBan.CONG_VAN.value},
    )
    don_vi_soan_thao: Abbreviation | None = Field(
        default=None,
        title="Đơn vị soạn thảo",
        description=(
            "Chữ viết tắt đơn vị soạn thảo hoặc lĩnh vực, sau tên cơ quan trong ký hiệu: 'CN' "
            "trong '3722/VPCP-CN' (mục II.3.b); cũng là đơn vị trên dòng lưu nếu không ghi luu."
        ),
    )
    luu: Abbreviation = Field(
        default="",  # filled from don_vi_soan_thao (see _units); "" only when both are missing
        title="Đơn vị soạn thảo trên dòng lưu",
        description=(
            "Chữ viết tắt đơn vị soạn thảo trên dòng lưu '- Lưu: VT, CN.' (mục II.9.d); bỏ trống "
            "thì là don_vi_soan_thao."
        ),
    )
    kinh_gui: list[Text] = Field(
        default_factory=list,
        title="Kính gửi",
        description=(
            "Cơ quan, tổ chức, cá nhân trực tiếp giải quyết công việc, không trùng nhau (ô 9a; "
            "mục II.9.b); Nơi nhận bắt đầu bằng 'Như trên'."
        ),
        json_schema_extra={"minItems": 1},
    )
    noi_dung: list[NutNoiDung] = Field(
        title="Nội dung",
        description=(
            "Nội dung công văn: các đoạn văn, hoặc mục > khoản > điểm; vanban tự đánh số và thêm "
            "'./.' (ô 6; mục II.6)."
        ),
        json_schema_extra={"minItems": 1},
    )
    _schema_title = "Công văn"
    _schema_description = (
        "Công văn, trình bày theo Mẫu 1.5, NĐ 30/2020, Phụ lục III: trích yếu 'V/v …' dưới số, "
        "không có tên loại, có Kính gửi."
    )

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        schema = super().json_schema()
        _required(schema, "don_vi_soan_thao", "kinh_gui")
        schema["required"] = [name for name in schema["required"] if name != "luu"]
        schema["properties"]["luu"].pop("default", None)
        return schema

    @model_validator(mode="before")
    @classmethod
    def _units(cls, data: Any) -> Any:
        # so: "3722/VPCP-CN" carries the drafting unit: it fills don_vi_soan_thao, or must agree
        # with it; a code with a kind abbreviation is another kind's (mục II.3.b). The archive
        # line's unit is the drafting unit unless said otherwise (Mẫu 1.5, notes 4 and 8).
        if not isinstance(data, dict):
            return data
        data = {**data, **_unit_from_code(data)}
        if "luu" not in data and data.get("don_vi_soan_thao"):
            data["luu"] = data["don_vi_soan_thao"]
        return data

    @field_validator("luu", mode="before")
    @classmethod
    def _archive_unit_given(cls, value: Any) -> Any:
        if value == "":
            raise ValueError(
                "missing — the unit of the archive line '- Lưu: VT, <unit>.' is don_vi_soan_thao "
                "unless luu says otherwise (NĐ 30/2020, Phụ lục I, mục II.9.d; Mẫu 1.5, note 8)"
            )
        return value

    @field_validator("trich_yeu")
    @classmethod
    def _no_typed_v_v(cls, value: str) -> str:
        typed = _TYPED_V_V.match(value)
        if typed is not None:
            rest = value[typed.end() :]
            raise ValueError(
                f"{value!r} — {_TRICH_YEU_RULE} of a Công văn (ô 5b); write the subject alone: "
                f"{rest!r}"
            )
        return value

    @field_validator("don_vi_soan_thao")
    @classmethod
    def _has_unit(cls, value: str | None) -> str | None:
        if value is None:
            raise ValueError(
                "missing — the abbreviation of the drafting unit or field, e.g. 'CN' in "
                f"'3722/VPCP-CN' ({_UNIT_RULE})"
            )
        return value

    @field_validator("kinh_gui")
    @classmethod
    def _addressed(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError(
                "missing — a Công văn is addressed to whoever handles it: 'Kính gửi: …' "
                f"({_KINH_GUI_RULE}); list the recipients under kinh_gui"
            )
        return kinh_gui_names(value)

    @field_validator("noi_dung")
    @classmethod
    def _has_body(cls, value: list[Any]) -> list[Any]:
        return check_body(value)

    def ma_so(self, so: int) -> SoKyHieu:
        """The number and code: ``str(cv.so_ky_hieu) == "3722/VPCP-CN"``, the drafting unit last."""
        return SoKyHieu(
            so=so, loai=self.loai, co_quan=self.co_quan.viet_tat, don_vi=self.don_vi_soan_thao
        )

    @property
    def co_kinh_gui(self) -> bool:
        """A Công văn always carries "Kính gửi"; its Nơi nhận begins "- Như trên;"."""
        return True

    def context(self) -> dict[str, Any]:
        """The template context of Mẫu 1.5: the shared parts (ô 13 among them), Kính gửi and the
        body.

        ``v_v`` is the header's trích yếu line ("V/v …").
        """
        context = super().context()
        context["v_v"] = f"{V_V} {self.trich_yeu}"
        context["kinh_gui"] = kinh_gui_lines(self.kinh_gui)
        context["noi_dung"] = [p.context() for p in number_body(self.noi_dung)]
        return context


KINDS_MAU_1_5: tuple[type[VanBan], ...] = (CongVan,)
"""The kinds laid out on Mẫu 1.5: Công văn alone."""

"""Mẫu 1.10, Giấy nghỉ phép: the leave a body grants one of its people.

NĐ 30/2020, Phụ lục III, Mẫu 1.10 and its notes:

- Số ký hiệu "n/GNP-<issuer>" (note 3; Phụ lục III, mục I: "GNP"); header, date line and the
  signature as every layout.
- "GIẤY NGHỈ PHÉP" and the short rule under it: no trích yếu (the sample has none). vanban keeps
  a trích yếu for the outgoing register and the metadata only ("cấp cho ông (bà) <họ tên>",
  derived, never printed); one typed in the data is refused, since it would not be printed.
- "Xét Đơn đề nghị nghỉ phép ngày … của ông (bà) …", then, at the margin, "<issuer> cấp cho:"
  (note 2: "tên cơ quan, tổ chức cấp giấy nghỉ phép"): two paragraphs, the second without the
  first-line indent, as the sample sets them. The application is dated on or before the Giấy
  nghỉ phép that answers it.
- "Ông (bà): …" and "Chức vụ: …" (note 5: "họ và tên, chức vụ và đơn vị công tác của người được
  cấp giấy phép"; the unit, when given, follows the title on its line).
- "Được nghỉ phép trong thời gian … kể từ ngày … đến hết ngày … tại …" (note 6: "nơi nghỉ
  phép"): the end is not before the start.
- "Số ngày nghỉ phép nêu trên được tính vào thời gian …./." (note 7: "thời gian nghỉ theo Luật
  Lao động (nghỉ hàng năm có lương hoặc nghỉ không hưởng lương hoặc nghỉ việc riêng mà vẫn
  hưởng nguyên lương…)"), the last line, ending "./.".
- Nơi nhận: "- <the person>;" first (note 8: "người được cấp giấy nghỉ phép"), then any other
  recipient, then "- Lưu: VT, …" (note 9).
- Under the signature, left: the box "Xác nhận của cơ quan (tổ chức) hoặc chính quyền địa
  phương nơi nghỉ phép (nếu cần)", "(Chữ ký, dấu)", "Họ và tên", for the place of leave to fill.

The "thời gian" of the leave (``so_ngay``): a number of days as the office counts them ("05
ngày"), or ``"tinh"``: the working days of the period counted on vanban's working-day calendar
(:class:`vanban.LichLamViec`: Monday to Friday, less the public holidays of Bộ luật Lao động
2019, Điều 112 and the days the Prime Minister moves), written "05 ngày làm việc" as Bộ luật Lao
động 2019, Điều 113.1 counts annual leave ("12 ngày làm việc"). A count is written on two digits
as that code writes its counts of days ("nghỉ 03 ngày", Điều 115.1).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any, ClassVar, Literal, Self

from pydantic import Field, PrivateAttr, field_validator, model_validator

from vanban.loai import LoaiVanBan
from vanban.models.base import Ngay, Text
from vanban.models.noi_dung import KET_THUC
from vanban.models.noi_nhan import NoiNhan, recipient_key, strip_list_punctuation
from vanban.models.van_ban import VanBan
from vanban.models.xung_ho import GioiTinh, danh_xung, typed_danh_xung
from vanban.text.dates import ngay_ngan

if TYPE_CHECKING:
    from vanban.lich import LichLamViec

__all__ = ["KINDS_MAU_1_10", "TINH", "GiayNghiPhep"]

_CITE = "NĐ 30/2020, Phụ lục III, Mẫu 1.10"
TINH = "tinh"
"""``so_ngay: tinh``: count the working days of the leave (:meth:`GiayNghiPhep.so_ngay_lam_viec`)."""
_GIOI_TINH_RULE = f"{_CITE}: 'ông (bà)'"


def _so_ngay_schema(schema: dict[str, Any]) -> None:
    # a count from 1, or "tinh"
    for key in ("anyOf", "type", "enum", "const"):
        schema.pop(key, None)
    schema["anyOf"] = [{"type": "integer", "minimum": 1}, {"const": TINH}]


def _so_ngay_text(count: int) -> str:
    # two digits under 10, as Bộ luật Lao động 2019 writes its counts of days ("nghỉ 03 ngày")
    return f"{count:02d}"


class GiayNghiPhep(VanBan):
    """A Giấy nghỉ phép (leave permit), laid out on Mẫu 1.10 of NĐ 30/2020, Phụ lục III.

    "GIẤY NGHỈ PHÉP" (no trích yếu); "Xét Đơn đề nghị nghỉ phép ngày … của ông (bà) …,"; "<issuer>
    cấp cho:"; "Ông (bà): …"; "Chức vụ: …"; "Được nghỉ phép trong thời gian … kể từ ngày … đến
    hết ngày … tại …."; "Số ngày nghỉ phép nêu trên được tính vào thời gian …./."; Nơi nhận with
    the person first; the confirmation box of the place of leave (``xac_nhan``).
    """

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.GIAY_NGHI_PHEP
    loai: LoaiVanBan = Field(
        default=LoaiVanBan.GIAY_NGHI_PHEP,
        title="Loại văn bản",
        description="Mã loại văn bản: 'giay_nghi_phep'.",
        json_schema_extra={"const": LoaiVanBan.GIAY_NGHI_PHEP.value},
    )
    trich_yeu: Text = Field(
        default="cấp giấy nghỉ phép",
        exclude=True,
        title="Trích yếu",
        description="Không ghi: Mẫu 1.10 không có trích yếu.",
    )
    ngay_don: Ngay = Field(
        title="Ngày của Đơn đề nghị nghỉ phép",
        description=(
            "Ngày của Đơn đề nghị nghỉ phép, không sau ngày cấp giấy: 'Xét Đơn đề nghị nghỉ phép "
            "ngày 25/8/2022 của ông (bà) …' (Mẫu 1.10)."
        ),
    )
    ho_ten: Text = Field(
        title="Họ và tên",
        description=(
            "Họ và tên người được cấp giấy nghỉ phép (Mẫu 1.10, ghi chú 5), in sau 'Ông (bà):'; "
            "không viết 'Ông', 'Bà' phía trước."
        ),
    )
    gioi_tinh: GioiTinh | None = Field(
        default=None,
        title="Giới tính",
        description="'nam' in 'Ông', 'nu' in 'Bà'; bỏ trống: in 'ông (bà)' như mẫu (Mẫu 1.10).",
    )
    chuc_vu: Text = Field(
        title="Chức vụ",
        description="Chức vụ của người được cấp giấy (ghi chú 5), in sau 'Chức vụ:'.",
    )
    don_vi: Text | None = Field(
        default=None,
        title="Đơn vị công tác",
        description="Đơn vị công tác (ghi chú 5), nếu ghi: in sau chức vụ, cách bằng dấu phẩy.",
    )
    tu_ngay: Ngay = Field(
        title="Nghỉ từ ngày", description="Ngày bắt đầu nghỉ: 'kể từ ngày 05/9/2022'."
    )
    den_ngay: Ngay = Field(
        title="Nghỉ đến hết ngày",
        description="Ngày nghỉ cuối cùng, không trước ngày bắt đầu: 'đến hết ngày 09/9/2022'.",
    )
    noi_nghi: Text = Field(
        title="Nơi nghỉ phép", description="Nơi nghỉ phép (ghi chú 6), in sau 'tại'."
    )
    so_ngay: int | Literal["tinh"] = Field(
        title="Thời gian nghỉ",
        description=(
            "Số ngày nghỉ, in sau 'trong thời gian': một số (in '05 ngày'), hoặc 'tinh': đếm số "
            "ngày làm việc từ tu_ngay đến hết den_ngay theo lịch làm việc của vanban, không kể "
            "thứ Bảy, Chủ nhật và ngày nghỉ lễ, tết (Bộ luật Lao động 2019, Điều 112), in '05 ngày "
            "làm việc' (Điều 113.1)."
        ),
        json_schema_extra=_so_ngay_schema,
    )
    tinh_vao: Text = Field(
        title="Tính vào thời gian",
        description=(
            "Thời gian nghỉ theo pháp luật lao động mà số ngày nghỉ được tính vào (Mẫu 1.10, ghi "
            "chú 7): 'nghỉ hằng năm năm 2022', 'nghỉ việc riêng', 'nghỉ không hưởng lương'."
        ),
    )
    xac_nhan: bool = Field(
        default=True,
        title="Ô xác nhận nơi nghỉ phép",
        description=(
            "In ô 'Xác nhận của cơ quan (tổ chức) hoặc chính quyền địa phương nơi nghỉ phép (nếu "
            "cần)' dưới chữ ký (Mẫu 1.10); false: không in."
        ),
    )
    noi_nhan: list[NoiNhan] = Field(
        default_factory=list,
        title="Nơi nhận",
        description=(
            "Nơi nhận khác (nếu có); vanban ghi người được cấp giấy nghỉ phép ở dòng đầu (Mẫu "
            "1.10, ghi chú 8) và dòng '- Lưu: VT, ...' từ luu."
        ),
    )

    _so_ngay_tinh: tuple[date, date, int] | None = PrivateAttr(default=None)

    _schema_title = "Giấy nghỉ phép"
    _schema_description = (
        "Giấy nghỉ phép, trình bày theo Mẫu 1.10, NĐ 30/2020, Phụ lục III: đơn đề nghị, người "
        "được nghỉ, thời gian, nơi nghỉ, số ngày tính vào thời gian nghỉ nào, ô xác nhận."
    )

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        schema = super().json_schema()
        # no trích yếu in the data (derived for the register): not a property
        schema["properties"].pop("trich_yeu", None)
        if "trich_yeu" in schema.get("required", []):
            schema["required"].remove("trich_yeu")
        return schema

    @model_validator(mode="before")
    @classmethod
    def _derived(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        if "trich_yeu" in data:
            raise ValueError(
                f"trich_yeu: {data['trich_yeu']!r} — a Giấy nghỉ phép has no trích yếu ({_CITE}: "
                "'GIẤY NGHỈ PHÉP' and the rule only); remove it (vanban keeps 'cấp cho ông (bà) "
                "<ho_ten>' for the register)"
            )
        data = dict(data)
        ho_ten = data.get("ho_ten")
        if isinstance(ho_ten, str) and ho_ten.strip():
            name = " ".join(ho_ten.split())
            try:  # a gioi_tinh that names neither is refused by its field
                gioi_tinh = GioiTinh.parse(data.get("gioi_tinh"), rule=_GIOI_TINH_RULE)
            except ValueError:
                gioi_tinh = None
            title = danh_xung(gioi_tinh if isinstance(gioi_tinh, GioiTinh) else None)
            data["trich_yeu"] = f"cấp cho {title.lower()} {name}"
            # Nơi nhận: the person first, written once (note 8), however the data placed it; a
            # value that is not a list is left for the field's own validation to refuse
            person = f"{title} {name}"
            given = data.get("noi_nhan", [])
            if isinstance(given, list | tuple):
                keys = {recipient_key(name), recipient_key(person)}
                data["noi_nhan"] = [person] + [
                    item for item in given if _recipient_text(item) not in keys
                ]
        return data

    @field_validator("noi_nhan", mode="before")
    @classmethod
    def _has_recipients(cls, value: Any) -> Any:
        # replaces VanBan's: the person is always a recipient (note 8), so the data may list none
        return value

    @field_validator("ho_ten")
    @classmethod
    def _name_alone(cls, value: str) -> str:
        # "Ông (bà) …", "Bà: …" (not "Ông …" alone: Ông is also a family name)
        alone = typed_danh_xung(value)
        if alone is not None:
            raise ValueError(
                f"{value!r} — vanban writes 'Ông (bà):' before the name ({_CITE}, note 5), "
                f"'Ông' or 'Bà' from gioi_tinh ('nam' or 'nu'); write the name alone: {alone!r}"
            )
        return value

    @field_validator("gioi_tinh", mode="before")
    @classmethod
    def _gioi_tinh(cls, value: Any) -> Any:
        return GioiTinh.parse(value, rule=_GIOI_TINH_RULE)

    @field_validator("noi_nghi", "chuc_vu", "don_vi", "tinh_vao")
    @classmethod
    def _no_final_stop(cls, value: str | None) -> str | None:
        return None if value is None else value.rstrip(".;,").rstrip()

    @field_validator("so_ngay", mode="before")
    @classmethod
    def _count(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError(f"{value!r} — write a number of days, or '{TINH}'")
        if isinstance(value, str) and value.strip().casefold() == TINH:
            return TINH
        if isinstance(value, int) and value < 1:
            raise ValueError(f"{value} — a leave is at least 1 day; or write '{TINH}'")
        return value

    @model_validator(mode="after")
    def _dates(self) -> Self:
        if self.den_ngay < self.tu_ngay:
            raise ValueError(
                f"den_ngay: {self.den_ngay.isoformat()} — the leave ends before it starts "
                f"(tu_ngay: {self.tu_ngay.isoformat()}); 'kể từ ngày … đến hết ngày …' runs "
                f"forward ({_CITE})"
            )
        if self.ngay is not None and self.ngay_don > self.ngay:
            raise ValueError(
                f"ngay_don: {self.ngay_don.isoformat()} — the application is dated after the Giấy "
                f"nghỉ phép that answers it (ngay: {self.ngay.isoformat()}); 'Xét Đơn đề nghị nghỉ "
                f"phép ngày …' cites an application already made ({_CITE})"
            )
        days = (self.den_ngay - self.tu_ngay).days + 1
        if isinstance(self.so_ngay, int) and self.so_ngay > days:
            raise ValueError(
                f"so_ngay: {self.so_ngay} — more days than the period holds: from "
                f"{self.tu_ngay.isoformat()} to {self.den_ngay.isoformat()} is {days} day(s) "
                f"({_CITE}: 'trong thời gian … kể từ ngày … đến hết ngày …')"
            )
        if self.so_ngay == TINH and self._lam_viec() == 0:
            raise ValueError(
                f"so_ngay: '{TINH}' — from {self.tu_ngay.isoformat()} to "
                f"{self.den_ngay.isoformat()} there is no working day (weekly rest days and "
                "public holidays: Nghị định 45/2013, Điều 3; Bộ luật Lao động 2019, Điều 112); "
                "write the number of days"
            )
        return self

    def so_ngay_lam_viec(self, lich: LichLamViec | None = None) -> int:
        """The working days from ``tu_ngay`` to the end of ``den_ngay``, both counted, on
        ``lich`` (vanban's :class:`vanban.LichLamViec` by default: Monday to Friday, less the
        public holidays of Bộ luật Lao động 2019, Điều 112 and the days the Prime Minister
        moves). Annual leave is counted in working days (Bộ luật Lao động 2019, Điều 113.1)."""
        if lich is None:
            from vanban.lich import LichLamViec  # the holiday tables load only when counting

            lich = LichLamViec()
        return lich.working_days_between(self.tu_ngay - timedelta(days=1), self.den_ngay)

    @property
    def thoi_gian(self) -> str:
        """The leave's length as printed after "trong thời gian": "05 ngày", or with
        ``so_ngay: tinh`` "05 ngày làm việc"."""
        if isinstance(self.so_ngay, int):
            return f"{_so_ngay_text(self.so_ngay)} ngày"
        return f"{_so_ngay_text(self._lam_viec())} ngày làm việc"

    def _lam_viec(self) -> int:
        # counted once per period, on vanban's calendar (the count of ``so_ngay: tinh``); keyed
        # by the period, so a copy with other dates (model_copy) counts again
        cached = self._so_ngay_tinh
        if cached is None or cached[:2] != (self.tu_ngay, self.den_ngay):
            cached = (self.tu_ngay, self.den_ngay, self.so_ngay_lam_viec())
            self._so_ngay_tinh = cached
        return cached[2]

    @property
    def chuc_vu_don_vi(self) -> str:
        """The title, and the unit after it when given: "Công chức Tư pháp - Hộ tịch, …"."""
        return self.chuc_vu if self.don_vi is None else f"{self.chuc_vu}, {self.don_vi}"

    def noi_dung_giay(self) -> list[str]:
        """The lines of the Giấy nghỉ phép, in the order of Mẫu 1.10, the last ending "./."."""
        return [
            f"Xét Đơn đề nghị nghỉ phép ngày {ngay_ngan(self.ngay_don)} của "
            f"{danh_xung(self.gioi_tinh).lower()} {self.ho_ten},",
            f"{self.co_quan.ten} cấp cho:",
            f"{danh_xung(self.gioi_tinh)}: {self.ho_ten}",
            f"Chức vụ: {self.chuc_vu_don_vi}",
            f"Được nghỉ phép trong thời gian {self.thoi_gian} kể từ ngày "
            f"{ngay_ngan(self.tu_ngay)} đến hết ngày {ngay_ngan(self.den_ngay)} tại "
            f"{self.noi_nghi}.",
            f"Số ngày nghỉ phép nêu trên được tính vào thời gian {self.tinh_vao}{KET_THUC}",
        ]

    def context(self) -> dict[str, Any]:
        """The template context of Mẫu 1.10: the shared parts, the fields as printed
        (``ngay_don``, ``ho_ten``, ``chuc_vu``, ``tu_ngay``, ``den_ngay``, ``thoi_gian``,
        ``noi_nghi``, ``tinh_vao``, ``xac_nhan``) for a user's own template, and ``noi_dung``:
        the lines (:meth:`noi_dung_giay`) as body paragraphs; the second, "<issuer> cấp cho:",
        has ``kieu`` ``"doan_tiep"`` (set at the margin, continuing the sentence above)."""
        context = super().context()
        context["ngay_don"] = ngay_ngan(self.ngay_don)
        context["ho_ten"] = self.ho_ten
        context["chuc_vu"] = self.chuc_vu_don_vi
        context["tu_ngay"] = ngay_ngan(self.tu_ngay)
        context["den_ngay"] = ngay_ngan(self.den_ngay)
        context["thoi_gian"] = self.thoi_gian
        context["noi_nghi"] = self.noi_nghi
        context["tinh_vao"] = self.tinh_vao
        context["xac_nhan"] = self.xac_nhan
        context["noi_dung"] = [
            {"kieu": "doan_tiep" if i == 1 else "doan", "so": "", "van_ban": line, "dong": line}
            for i, line in enumerate(self.noi_dung_giay())
        ]
        return context


def _recipient_text(item: Any) -> str:
    if isinstance(item, str):
        return recipient_key(strip_list_punctuation(item))
    if isinstance(item, dict) and isinstance(item.get("ten"), str):
        return recipient_key(strip_list_punctuation(item["ten"]))
    ten = getattr(item, "ten", None)
    return recipient_key(ten) if isinstance(ten, str) else ""


KINDS_MAU_1_10: tuple[type[VanBan], ...] = (GiayNghiPhep,)
"""The kinds laid out on Mẫu 1.10: Giấy nghỉ phép alone."""

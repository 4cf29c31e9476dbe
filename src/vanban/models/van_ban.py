"""The base of every document kind: the components all the sample layouts share.

The main components (thành phần chính) of an administrative document are listed by NĐ 30/2020,
Điều 8.2: Quốc hiệu và Tiêu ngữ; tên cơ quan ban hành; số, ký hiệu; địa danh và thời gian ban hành;
tên loại và trích yếu; nội dung; chức vụ, họ tên và chữ ký; dấu / chữ ký số; nơi nhận. Every layout
(Mẫu) of Phụ lục III places the header, the number, the date line, Nơi nhận and the signature the
same way; they differ in their body (a Quyết định has articles, a Giấy mời labelled fields), so the
body lives in each layout's module: ``models/mau_1_4.py`` for the 17 kinds of Mẫu 1.4.

The other components of Điều 8.3, which any document may carry, are here too: Phụ lục (Điều
8.3.a; ``phu_luc``, :mod:`vanban.models.phu_luc`), the marks of Điều 8.3.b, ô 12 (Điều 8.3.c)
and the contact footer ô 13 (Điều 8.3.d; ``lien_he``, :mod:`vanban.models.lien_he`).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any, ClassVar, Self

from pydantic import ConfigDict, Field, ValidationInfo, field_validator, model_validator

from vanban.errors import CodeError, DataWarning
from vanban.loai import LoaiVanBan
from vanban.models.base import Model, Ngay, Text
from vanban.models.chu_ky import ChuKy
from vanban.models.co_quan import CoQuan
from vanban.models.lien_he import LienHe
from vanban.models.noi_nhan import NoiNhan, check_recipients, noi_nhan_lines
from vanban.models.phu_luc import PhuLuc, phu_luc_context
from vanban.models.so_ky_hieu import SO_KY_HIEU_PATTERN, Abbreviation, SoKyHieu, format_so
from vanban.models.thanh_phan import (
    DO_KHAN_RULE,
    DO_MAT_RULE,
    PHAM_VI_RULE,
    DoKhan,
    DoMat,
    PhamViLuuHanh,
    ky_hieu_phat_hanh,
)
from vanban.text.dates import ngay_thang

if TYPE_CHECKING:
    from vanban.metadata import Metadata

SO_TRONG = "\u00a0" * 6
"""The blank a draft prints for its number and for the day and month of its date: no-break
spaces (kept by Word and LibreOffice, never collapsed), as the electronic documents of NĐ 30/2020
leave them for the system to fill at issue (Điều 15.3; the samples print "Số:      /…")."""


def _loai_required(schema: dict[str, Any]) -> None:
    # In Python the class names the kind; in a data file `loai` does (vanban.load reads it first).
    required = schema.setdefault("required", [])
    if "loai" not in required:
        required.insert(0, "loai")


def _so_or_code(schema: dict[str, Any]) -> None:
    # The schema admits what the model admits: a number from 1, or the code written out.
    for key in ("type", "minimum", "default"):
        schema.pop(key, None)
    schema["anyOf"] = [
        {"type": "integer", "minimum": 1},
        {"type": "string", "pattern": SO_KY_HIEU_PATTERN},
    ]


def _left_out_for_a_draft(schema: dict[str, Any]) -> None:
    # A draft leaves the field out rather than writing null (so the schema keeps the written
    # forms only, as before): drop the null branch and the null default.
    options = [o for o in schema.pop("anyOf", []) if o.get("type") != "null"]
    schema.pop("default", None)
    if len(options) == 1:
        schema.update(options[0])
    else:
        schema["anyOf"] = options


def so_from_code(text: str, loai: LoaiVanBan | None, viet_tat: str | None) -> int:
    """The number of a document whose ``so`` is written as its whole code ("49/KH-UBND").

    The code is read by :meth:`SoKyHieu.parse_with_fixes`; its kind and agency must be the
    document's own (``loai``, ``co_quan.viet_tat``), since vanban writes the code from them
    (NĐ 30/2020, Phụ lục I, mục II.3.b). What had to be mended (spaces, case, a leading zero;
    mục II.3.c) is reported as a :class:`vanban.DataWarning`; a code of another kind or agency
    is refused with the document's own spelling.
    """
    own = None
    if loai is not None and loai.viet_tat is not None and viet_tat is not None:
        own = SoKyHieu(so=1, loai=loai, co_quan=viet_tat)
    try:
        code, fixes = SoKyHieu.parse_with_fixes(text)
    except CodeError as error:
        hint = "" if own is None else f" (e.g. '49/{own.ky_hieu}')"
        raise ValueError(
            f"{error} — write the number alone (so: 49) or the document's whole code{hint}"
        ) from None
    if own is not None and code.ky_hieu != own.ky_hieu:
        right = f"{format_so(code.so)}/{own.ky_hieu}"
        raise ValueError(
            f"{text!r} — {str(code)!r} is not this document's code: a {own.loai.ten} of "
            f"{own.co_quan} is numbered {right!r} (ký hiệu: the kind's and the agency's "
            f"abbreviations, NĐ 30/2020, Phụ lục I, mục II.3.b); write so: {code.so} "
            f"or so: {right!r}"
        )
    if fixes:
        warnings.warn(
            DataWarning(f"so: {text!r} read as {str(code)!r}, mended: " + "; ".join(fixes)),
            stacklevel=2,
        )
    return code.so


def _at_least_one(schema: dict[str, Any]) -> None:
    # an optional count: the number branch starts at 1 (the null branch stays)
    for option in schema.get("anyOf", [schema]):
        if option.get("type") == "integer":
            option["minimum"] = 1


# Vietnamese titles for the parts of a document's schema that are not vanban models: the kind
# (vanban.loai) and the reporting period (vanban.periods).
_OTHER_SCHEMAS: dict[str, dict[str, Any]] = {
    "DoMat": {
        "title": "Độ mật",
        "description": (
            "mat (MẬT), toi_mat (TỐI MẬT), tuyet_mat (TUYỆT MẬT): Luật Bảo vệ bí mật nhà nước "
            "2018, Điều 8; NĐ 30/2020, Phụ lục I, mục III.2.a."
        ),
    },
    "DoKhan": {
        "title": "Độ khẩn",
        "description": (
            "khan (KHẨN), thuong_khan (THƯỢNG KHẨN), hoa_toc (HỎA TỐC): NĐ 30/2020, Phụ lục I, "
            "mục III.2.b."
        ),
    },
    "PhamViLuuHanh": {
        "title": "Chỉ dẫn phạm vi lưu hành",
        "description": (
            "xem_xong_tra_lai, luu_hanh_noi_bo, tra_lai_sau_khi_hop, tai_lieu_thu_hoi: NĐ "
            "30/2020, Phụ lục I, mục III.2.a, III.2.c."
        ),
    },
    "LoaiVanBan": {
        "title": "Loại văn bản",
        "description": "Mã các loại văn bản hành chính (NĐ 30/2020, Điều 7).",
    },
    "KyBaoCao": {
        "title": "Kỳ báo cáo",
        "description": "Kỳ báo cáo định kỳ và thời gian chốt số liệu (NĐ 09/2019, Điều 12).",
        "properties": {
            "loai": (
                "Loại kỳ",
                "thang (tháng), quy (quý), sau_thang (6 tháng), chin_thang (9 tháng) hoặc "
                "nam (năm).",
            ),
            "so": (
                "Số kỳ",
                "Tháng 1-12, quý 1-4 hoặc nửa năm 1-2; 0 với kỳ 9 tháng và kỳ năm.",
            ),
            "nam_bao_cao": ("Năm báo cáo", "Năm của tháng cuối kỳ báo cáo."),
            "ngay_chot": (
                "Ngày chốt số liệu",
                "Ngày chốt số liệu trong tháng (14: NĐ 09/2019, Điều 12); null: theo tháng dương "
                "lịch.",
            ),
        },
    },
}


def _name_other_schemas(schema: dict[str, Any]) -> None:
    for name, text in _OTHER_SCHEMAS.items():
        target = schema.get("$defs", {}).get(name)
        if target is None:
            continue
        target["title"], target["description"] = text["title"], text["description"]
        properties = target.get("properties", {})
        for field, (title, description) in text.get("properties", {}).items():
            if field in properties:  # a field renamed elsewhere is caught by the schema tests
                properties[field].update(title=title, description=description)


def kind_from_text(value: Any) -> Any:
    """A kind written in data ("ke_hoach", "Kế hoạch", "KH") as its LoaiVanBan; anything else is
    left for the field's own validation to refuse, with its message."""
    if isinstance(value, str):
        try:
            return LoaiVanBan.parse(value)
        except ValueError:
            return value
    return value


class VanBan(Model):
    """What every administrative document carries, whatever its layout; no body.

    Use a concrete kind (``KeHoach``, ``ToTrinh``): each layout adds its body (``VanBanMau14``).
    """

    model_config = ConfigDict(json_schema_extra=_loai_required)

    LOAI: ClassVar[LoaiVanBan]

    loai: LoaiVanBan = Field(
        title="Loại văn bản",
        description="Mã loại văn bản, cố định theo kiểu: 'ke_hoach', 'to_trinh' (vanban kinds).",
    )
    co_quan: CoQuan = Field(
        title="Cơ quan, tổ chức ban hành", description="Cơ quan, tổ chức ban hành văn bản (ô 2)."
    )
    so: int | None = Field(
        default=None,
        title="Số",
        description=(
            "Số văn bản: thứ tự trong năm của cơ quan, từ 1; hoặc cả số và ký hiệu của chính văn "
            "bản này: '49/KH-UBND' (ô 3; NĐ 30/2020, Phụ lục I, mục II.3). Bỏ trống cùng ngay: "
            "dự thảo, văn thư cấp số khi ban hành (Điều 15.2-15.3)."
        ),
        json_schema_extra=_so_or_code,
    )
    ngay: Ngay | None = Field(
        default=None,
        title="Ngày ban hành",
        description=(
            "Ngày ban hành, dạng YYYY-MM-DD ('2022-01-29') hoặc ngày/tháng/năm ('29/01/2022') "
            "(ô 4; mục II.4). Bỏ trống cùng so: dự thảo (Điều 15.2-15.3)."
        ),
        json_schema_extra=_left_out_for_a_draft,
    )
    nam: int | None = Field(
        default=None,
        title="Năm ban hành",
        description=(
            "Năm in trên dòng ngày tháng của bản dự thảo ('ngày     tháng     năm 2026'), khi "
            "chưa có ngay; có ngay thì là năm của ngay."
        ),
        ge=1900,
        le=9999,
    )
    trich_yeu: Text = Field(
        title="Trích yếu",
        description=(
            "Trích yếu nội dung: một câu ngắn, viết như câu thường, không có dấu chấm cuối "
            "(ô 5a; mục II.5)."
        ),
    )
    noi_nhan: list[NoiNhan] = Field(
        title="Nơi nhận",
        description=(
            "Các nơi nhận, mỗi nơi một mục, không trùng nhau; vanban thêm '- ', ';' và dòng "
            "'- Lưu: VT, ...' từ luu (ô 9b; mục II.9)."
        ),
        json_schema_extra={"minItems": 1},
    )
    luu: Abbreviation = Field(
        title="Đơn vị soạn thảo",
        description=(
            "Chữ viết tắt đơn vị soạn thảo trên dòng lưu '- Lưu: VT, VP.' (mục II.9.d), in hoa, "
            "không dấu cách."
        ),
    )
    so_ban_luu: int | None = Field(
        default=None,
        title="Số bản lưu",
        description="Số bản lưu, nếu ghi, từ 1: '- Lưu: VT, VP (2).' (mục II.9.d).",
        json_schema_extra=_at_least_one,
    )
    chu_ky: ChuKy = Field(
        title="Chữ ký", description="Quyền hạn, chức vụ, họ tên người ký (ô 7a, 7b; mục II.7)."
    )
    do_mat: DoMat | None = Field(
        default=None,
        title="Độ mật",
        description=(
            "Dấu chỉ độ mật (ô 10a; NĐ 30/2020, Điều 8.3.b, Phụ lục I, mục III.2.a): 'mat', "
            "'toi_mat', 'tuyet_mat' (Luật Bảo vệ bí mật nhà nước 2018, Điều 8)."
        ),
    )
    do_khan: DoKhan | None = Field(
        default=None,
        title="Độ khẩn",
        description=("Dấu chỉ mức độ khẩn (ô 10b; mục III.2.b): 'khan', 'thuong_khan', 'hoa_toc'."),
    )
    pham_vi_luu_hanh: PhamViLuuHanh | None = Field(
        default=None,
        title="Chỉ dẫn phạm vi lưu hành",
        description=(
            "Chỉ dẫn phạm vi lưu hành (ô 11; mục III.2.c): 'xem_xong_tra_lai', "
            "'luu_hanh_noi_bo', 'tra_lai_sau_khi_hop', 'tai_lieu_thu_hoi' (mục III.2.a)."
        ),
    )
    ky_hieu_nguoi_soan: Abbreviation | None = Field(
        default=None,
        title="Ký hiệu người soạn thảo",
        description=(
            "Ký hiệu người soạn thảo văn bản, in hoa, cuối dòng lưu: '- Lưu: VT, VP. PL.(300).' "
            "(ô 12; Điều 8.3.c; mục III.3)."
        ),
    )
    so_ban_phat_hanh: int | None = Field(
        default=None,
        title="Số lượng bản phát hành",
        description="Số lượng bản phát hành, từ 1, sau ký hiệu người soạn thảo (ô 12; mục III.3).",
        json_schema_extra=_at_least_one,
    )
    lien_he: LienHe | None = Field(
        default=None,
        title="Địa chỉ, điện thoại, thư điện tử",
        description=(
            "Ô 13 (nếu cần): địa chỉ, thư điện tử, trang thông tin điện tử, điện thoại, fax, ở "
            "cuối trang thứ nhất (Điều 8.3.d; mục III.4)."
        ),
    )
    phu_luc: list[PhuLuc] = Field(
        default_factory=list,
        title="Phụ lục",
        description=(
            "Các phụ lục kèm theo (Điều 8.3.a), mỗi phụ lục từ trang mới sau văn bản, đánh số "
            "trang riêng (Mẫu 2.1; mục III.1); hai phụ lục trở lên được đánh số La Mã."
        ),
    )

    _schema_title = "Văn bản hành chính"
    _schema_description = (
        "Thành phần chính của văn bản hành chính (NĐ 30/2020, Điều 8.2), chung cho mọi mẫu "
        "trình bày của Phụ lục III."
    )

    @classmethod
    def _schema_name(cls) -> str:
        return cls.LOAI.value if hasattr(cls, "LOAI") else "van_ban"

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        schema = super().json_schema()
        _name_other_schemas(schema)
        # the number and the date of issue come together, or neither (a draft; Điều 15.2-15.3)
        schema["dependentRequired"] = {"so": ["ngay"], "ngay": ["so"]}
        return schema

    @model_validator(mode="before")
    @classmethod
    def _default_kind(cls, data: Any) -> Any:
        if isinstance(data, dict) and "loai" not in data and hasattr(cls, "LOAI"):
            data = {**data, "loai": cls.LOAI}
        return data

    @field_validator("loai", mode="before")
    @classmethod
    def _parse_kind(cls, value: Any) -> Any:
        return kind_from_text(value)

    @field_validator("loai")
    @classmethod
    def _own_kind(cls, value: LoaiVanBan) -> LoaiVanBan:
        expected = getattr(cls, "LOAI", None)
        if expected is not None and value is not expected:
            raise ValueError(f"{value.value!r} — a {cls.__name__} has loai {expected.value!r}")
        return value

    @field_validator("so", mode="before")
    @classmethod
    def _written_code(cls, value: Any, info: ValidationInfo) -> Any:
        # A data file may carry the code as the clerk typed it: so: "49 /KH - UBND".
        if not isinstance(value, str) or value.strip().isdigit():
            return value
        co_quan = info.data.get("co_quan")
        return so_from_code(
            value,
            info.data.get("loai", getattr(cls, "LOAI", None)),
            co_quan.viet_tat if isinstance(co_quan, CoQuan) else None,
        )

    @field_validator("so")
    @classmethod
    def _number(cls, value: int | None) -> int | None:
        if value is not None and value < 1:
            raise ValueError(
                f"{value} — số văn bản bắt đầu từ 01 (NĐ 30/2020, Điều 15; Phụ lục I, mục II.3.a)"
            )
        return value

    @field_validator("so_ban_luu")
    @classmethod
    def _copies(cls, value: int | None) -> int | None:
        if value is not None and value < 1:
            raise ValueError(f"{value} — the number of archived copies is at least 1")
        return value

    @field_validator("do_mat", mode="before")
    @classmethod
    def _do_mat(cls, value: Any) -> Any:
        return DoMat.parse(value, rule=DO_MAT_RULE)

    @field_validator("do_khan", mode="before")
    @classmethod
    def _do_khan(cls, value: Any) -> Any:
        return DoKhan.parse(value, rule=DO_KHAN_RULE)

    @field_validator("pham_vi_luu_hanh", mode="before")
    @classmethod
    def _pham_vi(cls, value: Any) -> Any:
        return PhamViLuuHanh.parse(value, rule=PHAM_VI_RULE)

    @field_validator("so_ban_phat_hanh")
    @classmethod
    def _issued(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is None:
            return value
        if value < 1:
            raise ValueError(f"{value} — the number of copies issued is at least 1")
        if info.data.get("ky_hieu_nguoi_soan") is None:
            raise ValueError(
                f"{value} — the copies issued follow the drafter's code: write "
                "ky_hieu_nguoi_soan too (ô 12; NĐ 30/2020, Phụ lục I, mục III.3)"
            )
        return value

    @field_validator("trich_yeu")
    @classmethod
    def _no_final_period(cls, value: str) -> str:
        return value.rstrip(".").rstrip()

    @field_validator("noi_nhan", mode="before")
    @classmethod
    def _has_recipients(cls, value: Any) -> Any:
        if isinstance(value, list | tuple) and not value:
            raise ValueError(
                "empty — a document needs at least one recipient and the archive line "
                "(NĐ 30/2020, Phụ lục I, mục II.9)"
            )
        return value

    @model_validator(mode="after")
    def _numbered_at_issue(self) -> Self:
        # The văn thư gives the number and the date together, at issue (NĐ 30/2020, Điều 15.2 on
        # paper, after the signature; Điều 15.3 electronically, by the system): both or neither.
        if (self.so is None) != (self.ngay is None):
            given, missing = ("so", "ngay") if self.ngay is None else ("ngay", "so")
            raise ValueError(
                f"{given} without {missing} — the number and the date of issue are given "
                "together when the document is issued (NĐ 30/2020, Điều 15.2-15.3): write both, "
                "or leave both out for a draft numbered at issue"
            )
        if self.ngay is not None and self.nam is not None and self.nam != self.ngay.year:
            raise ValueError(
                f"nam: {self.nam} — the date of issue {self.ngay.isoformat()} is in "
                f"{self.ngay.year}; nam is for a draft without ngay"
            )
        return self

    @model_validator(mode="after")
    def _recipients(self) -> Self:
        kinh_gui: list[str] = getattr(self, "kinh_gui", [])
        check_recipients(self.noi_nhan, kinh_gui=kinh_gui, loai=self.loai.ten)
        return self

    def ma_so(self, so: int) -> SoKyHieu:
        """The number and code this document has with number ``so`` (a layout may add parts:
        a Công văn's drafting unit)."""
        return SoKyHieu(so=so, loai=self.loai, co_quan=self.co_quan.viet_tat)

    @property
    def so_ky_hieu(self) -> SoKyHieu | None:
        """The number and code: ``str(kh.so_ky_hieu) == "49/KH-UBND"``; ``None`` for a draft."""
        return None if self.so is None else self.ma_so(self.so)

    @property
    def du_thao(self) -> bool:
        """Whether the document is a draft to be numbered and dated at issue (``so`` left out;
        NĐ 30/2020, Điều 15.2-15.3)."""
        return self.so is None

    @property
    def ky_hieu(self) -> str:
        """The code without the number: ``"KH-UBND"`` (Phụ lục I, mục II.3.b)."""
        return self.ma_so(1).ky_hieu

    @property
    def so_ky_hieu_in(self) -> str:
        """The number and code as printed after "Số: ": ``"49/KH-UBND"``; a draft keeps the
        number's place blank, ``"      /KH-UBND"``, as the văn thư fills it at issue."""
        return str(self.ma_so(self.so)) if self.so is not None else f"{SO_TRONG}/{self.ky_hieu}"

    def kem_theo(self, cua: str) -> str:
        """The line that ties a text to this document: "(Kèm theo Kế hoạch số 49/KH-UBND ngày 29
        tháng 01 năm 2022 của Ủy ban nhân dân xã Gia Lương)", ``cua`` naming who issued it. A Phụ
        lục carries it (Phụ lục I, mục III.1.c; Mẫu 2.1), and so does a text issued with a Quyết
        định (Mẫu 1.3); a draft's number and date keep their blanks."""
        return f"(Kèm theo {self.loai.ten} số {self.so_ky_hieu_in} {self.ngay_thang_in} của {cua})"

    @property
    def ten_so_ky_hieu(self) -> str:
        """The number and code for file names and messages: ``"49/KH-UBND"``; a draft's
        ``"du-thao-KH-UBND"`` (never blanks: a file name stays readable and safe)."""
        return str(self.ma_so(self.so)) if self.so is not None else f"du-thao-{self.ky_hieu}"

    def metadata(
        self,
        *,
        page_amount: int | None = None,
        organ_id: str | None = None,
        partial: bool = False,
        **given: Any,
    ) -> Metadata:
        """This document's metadata record (NĐ 30/2020, Phụ lục VI, phần II, mục I), with the
        official field names: ``kh.metadata().code_number == "49"``. ``page_amount`` (or
        ``pdf=``, the rendered PDF) and the other fields only the system knows are given here;
        a draft needs ``partial=True``. See :func:`vanban.metadata.from_document`."""
        from vanban.metadata import from_document  # the metadata layer sits above the models

        return from_document(
            self, page_amount=page_amount, organ_id=organ_id, partial=partial, **given
        )

    @property
    def ngay_thang_in(self) -> str:
        """The date as printed: ``"ngày 29 tháng 01 năm 2022"``; a draft's
        ``"ngày      tháng      năm 2026"`` (the year from ``nam``, blank without it)."""
        if self.ngay is not None:
            return ngay_thang(self.ngay)
        year = SO_TRONG if self.nam is None else str(self.nam)
        return f"ngày {SO_TRONG}tháng {SO_TRONG}năm {year}"

    @property
    def co_kinh_gui(self) -> bool:
        """Whether the document carries "Kính gửi" (then Nơi nhận begins "- Như trên;")."""
        return False

    def context(self) -> dict[str, Any]:
        """The plain template context: the variables every layout's template places.

        Each layout adds its body (``VanBanMau14.context``); see docs/template-authoring.md for
        the meaning of each name.
        """
        return {
            "loai": self.loai.value,
            "ten_loai": self.loai.ten_in_hoa,
            "co_quan": {
                "ten": self.co_quan.ten,
                "dong": self.co_quan.dong,
                "chu_quan": self.co_quan.chu_quan_in_hoa,
                "viet_tat": self.co_quan.viet_tat,
                "dia_danh": self.co_quan.dia_danh,
            },
            "so": SO_TRONG if self.so is None else format_so(self.so),
            "so_ky_hieu": self.so_ky_hieu_in,
            "ngay": self.ngay,
            "ngay_thang": self.ngay_thang_in,
            "dia_danh_ngay_thang": f"{self.co_quan.dia_danh}, {self.ngay_thang_in}",
            "du_thao": self.du_thao,
            "trich_yeu": self.trich_yeu,
            "noi_nhan": noi_nhan_lines(
                self.noi_nhan,
                self.luu,
                self.so_ban_luu,
                nhu_tren=self.co_kinh_gui,
                phat_hanh=ky_hieu_phat_hanh(self.ky_hieu_nguoi_soan, self.so_ban_phat_hanh),
            ),
            "chu_ky": {"dong": self.chu_ky.dong, "ho_ten": self.chu_ky.ho_ten},
            "do_mat": None if self.do_mat is None else self.do_mat.value,
            "do_khan": None if self.do_khan is None else self.do_khan.value,
            "pham_vi_luu_hanh": (
                None if self.pham_vi_luu_hanh is None else self.pham_vi_luu_hanh.value
            ),
            "lien_he": None if self.lien_he is None else self.lien_he.dong,
            # "tên cơ quan, tổ chức ban hành văn bản" (Phụ lục I, mục III.1.c; Mẫu 2.1, note 5),
            # for every kind: the body of ô 2, also for a Quyết định of its head
            "phu_luc": phu_luc_context(self.phu_luc, self.kem_theo(self.co_quan.ten)),
        }

"""Mẫu 1.9, Biên bản: the record of a meeting, conference or workshop.

NĐ 30/2020, Phụ lục III, Mẫu 1.9 and its notes:

- Số ký hiệu "n/BB-<issuer>" (note 3; Phụ lục III, mục I: "BB"); the header has **no place-and-
  date line** (the sample leaves the cell beside Số empty).
- "BIÊN BẢN", then the name of the meeting ("Tên cuộc họp hoặc hội nghị, hội thảo", note 4: the
  ``trich_yeu``), bold, centred, and the short rule under it.
- Labelled lines, body paragraphs (14 pt, justified, first line indented): "Thời gian bắt đầu:",
  "Địa điểm:", "Thành phần tham dự:" (:class:`vanban.models.tham_du.ThanhPhanThamDu`), "Chủ trì
  (chủ tọa):", "Thư ký (người ghi biên bản):", "Nội dung (theo diễn biến cuộc họp):". The sample
  writes "chủ toạ" on this line and "CHỦ TỌA" in the signature; vanban writes both "tọa", the
  tone placement of its text (:mod:`vanban.text.dau`, the decree's own "CHỦ TỌA", "Ủy ban").
- The course of the meeting: the body tree (:mod:`vanban.models.noi_dung`), with speaker turns
  (:class:`PhatBieu`): "Ông Họ và tên, Chủ tịch Ủy ban nhân dân xã, phát biểu: …".
- The closing line "Cuộc họp kết thúc vào … giờ …, ngày … tháng … năm …./." (the end after the
  start); it carries the text's end mark "./.", not the body.
- Two signatures: "THƯ KÝ" on the left, "CHỦ TỌA" on the right (the chair signs with the
  authority and the seal: "Chữ ký của người có thẩm quyền, dấu/chữ ký số của cơ quan, tổ chức",
  and, note 5, "Ghi chức vụ chính quyền (nếu cần)"); a record signed by more (the parties of an
  inspection) adds columns, two per row. Nơi nhận under the Thư ký column, its archive line
  "- Lưu: VT, Hồ sơ." (the meeting's file).
- "Hội nghị" and "hội thảo" replace "cuộc họp" where the sample offers them (``hinh_thuc``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, Self

from pydantic import Discriminator, Field, Tag, field_validator, model_validator

from vanban.loai import LoaiVanBan
from vanban.models.bang import Bang
from vanban.models.base import BodyText, Model, Text, moment_schema
from vanban.models.chu_ky import ChuKy
from vanban.models.noi_dung import (
    KET_THUC,
    Doan,
    Khoan,
    Muc,
    Node,
    Y,
    check_body,
    number_body,
)
from vanban.models.noi_dung import node_kind as body_node_kind
from vanban.models.tham_du import NguoiThamDu, ThanhPhanThamDu
from vanban.models.van_ban import VanBan
from vanban.text.case import viet_hoa
from vanban.text.dates import gio_phut, ngay_thang, parse_thoi_diem, thoi_diem

__all__ = ["KINDS_MAU_1_9", "BienBan", "CotKy", "NguoiThamDu", "PhatBieu", "ThanhPhanThamDu"]

_CITE = "NĐ 30/2020, Phụ lục III, Mẫu 1.9"
LUU_HO_SO = "Hồ sơ"
"""The archive line of a Biên bản: "- Lưu: VT, Hồ sơ." (the sample of Mẫu 1.9)."""
THU_KY = "Thư ký"
CHU_TOA = "Chủ tọa"
HINH_THUC = {"cuoc_hop": "cuộc họp", "hoi_nghi": "hội nghị", "hoi_thao": "hội thảo"}
"""What the record is of, as the sample offers it: "Cuộc họp (hội nghị, hội thảo) kết thúc vào"."""
# "phát biểu:" typed at the start of a speech, which vanban writes after the speaker
_TYPED_VERB = re.compile(r"^\s*(phát\s+biểu|báo\s+cáo|kết\s+luận)\s*:\s*", re.IGNORECASE)


class PhatBieu(Model):
    """A speaker turn in the course of the meeting: "<người>, <chức vụ>, phát biểu: <nội dung>".

    ``nguoi`` is written as it is printed ("Ông Họ và tên", "Bà Họ và tên", "Đại diện Hội Nông
    dân xã"); ``dong_tu`` is what they do, "phát biểu" unless given ("báo cáo", "kết luận"). In
    data: ``{phat_bieu: …, nguoi: …, chuc_vu: …}``. Text after a blank line is a paragraph of its
    own, under the first.
    """

    nguoi: Text = Field(
        title="Người phát biểu",
        description="Người phát biểu, như in: 'Ông Họ và tên', 'Bà Họ và tên'.",
    )
    chuc_vu: Text | None = Field(
        default=None,
        title="Chức vụ",
        description="Chức vụ của người phát biểu, in sau tên: 'Chủ tịch Ủy ban nhân dân xã'.",
    )
    dong_tu: Text = Field(
        default="phát biểu",
        title="Động từ",
        description="'phát biểu' (mặc định), 'báo cáo', 'kết luận', … in trước dấu hai chấm.",
    )
    phat_bieu: BodyText = Field(
        title="Nội dung phát biểu",
        description="Nội dung phát biểu; một dòng trống tách hai đoạn.",
    )

    _schema_title = "Phát biểu"
    _schema_description = (
        "Một lượt phát biểu trong diễn biến cuộc họp: 'Ông (bà) …, chức vụ, phát biểu: …'."
    )
    if TYPE_CHECKING:

        def __init__(
            self,
            *,
            nguoi: str,
            phat_bieu: str,
            chuc_vu: str | None = None,
            dong_tu: str = "phát biểu",
        ) -> None: ...

    @field_validator("phat_bieu")
    @classmethod
    def _no_typed_verb(cls, value: str) -> str:
        typed = _TYPED_VERB.match(value)
        if typed is None:
            return value
        verb = " ".join(typed.group(1).lower().split())
        shown = value if len(value) <= 60 else value[:57] + "..."
        dong_tu = "" if verb == "phát biểu" else f", and dong_tu: {verb!r}"
        raise ValueError(
            f"{shown!r} — vanban writes '<người>, <chức vụ>, {verb}:' before the speech; write "
            f"the speech alone: {value[typed.end() :][:40]!r}{dong_tu}"
        )

    @property
    def dau_dong(self) -> str:
        """What stands before the speech: "Ông Họ và tên, Chủ tịch UBND xã, phát biểu:"."""
        who = self.nguoi if self.chuc_vu is None else f"{self.nguoi}, {self.chuc_vu},"
        return f"{who} {self.dong_tu}:"

    def doan(self) -> Doan:
        """The turn as a body đoạn: its first paragraph opens with :attr:`dau_dong`."""
        return Doan(doan=f"{self.dau_dong} {self.phat_bieu}")


def _kind(value: Any) -> str | None:
    if isinstance(value, PhatBieu) or (isinstance(value, dict) and "phat_bieu" in value):
        return "PhatBieu"
    return body_node_kind(value)


_NODE_ERROR = (
    "a node of a Biên bản's course is a string (đoạn), a speaker turn {phat_bieu, nguoi, "
    "chuc_vu}, or a mapping keyed by muc, khoan, van_ban, y, doan or bang/dong (a table), mục > "
    "khoản > điểm nesting in that order (NĐ 30/2020, Phụ lục I, mục II.6.đ)"
)

NutBienBan = Annotated[
    Annotated[PhatBieu, Tag("PhatBieu")]
    | Annotated[Muc, Tag("Muc")]
    | Annotated[Khoan, Tag("Khoan")]
    | Annotated[Doan, Tag("Doan")]
    | Annotated[Y, Tag("Y")]
    | Annotated[Bang, Tag("Bang")],
    Discriminator(_kind, custom_error_type="body_node", custom_error_message=_NODE_ERROR),
]
"""A node of the course of the meeting: a speaker turn, mục, khoản, đoạn, ý or bảng."""


class CotKy(Model):
    """A signature column of a Biên bản beyond THƯ KÝ and CHỦ TỌA: its heading in capitals
    ("ĐẠI DIỆN HỘI NÔNG DÂN XÃ"), an optional title under it, the signer's name."""

    tieu_de: Text = Field(
        title="Tiêu đề cột ký",
        description="Tư cách người ký, in hoa, đậm: 'Đại diện Hội Nông dân xã'.",
    )
    chuc_vu: Text | None = Field(
        default=None,
        title="Chức vụ",
        description="Chức vụ người ký (nếu cần), in hoa dưới tiêu đề: 'Chủ tịch'.",
    )
    ho_ten: Text = Field(title="Họ và tên", description="Họ và tên người ký.")

    _schema_title = "Cột ký"
    _schema_description = "Một cột chữ ký thêm của biên bản (ngoài Thư ký và Chủ tọa)."

    @property
    def dong(self) -> list[str]:
        """The heading lines in capitals (Phụ lục I, mục II.7.đ)."""
        lines = [viet_hoa(self.tieu_de)]
        if self.chuc_vu is not None:
            lines.append(viet_hoa(self.chuc_vu))
        return lines


def _required_in_schema(schema: dict[str, Any], *names: str) -> None:
    # a field vanban validates itself (to cite the rule when missing) is required in the schema
    required = schema.setdefault("required", [])
    for name in names:
        if name not in required:
            required.append(name)
        field = schema["properties"][name]
        options = [o for o in field.pop("anyOf", []) if o.get("type") != "null"]
        if options:
            field.update(options[0])
        field.pop("default", None)


class BienBan(VanBan):
    """A Biên bản (the record of a meeting), laid out on Mẫu 1.9 of NĐ 30/2020, Phụ lục III.

    ``trich_yeu`` is the meeting's name; ``bat_dau`` and ``ket_thuc`` its start and end;
    ``dia_diem``, ``thanh_phan`` (present and absent), ``chu_tri`` (the chair) and ``thu_ky``
    (the secretary, required); ``noi_dung`` the course of the meeting (the body tree, with
    :class:`PhatBieu` turns). ``chu_ky`` is the chair's signature under "CHỦ TỌA": left out, it
    is the chair's name alone; given, its lines (the chair's office, note 5) print under
    "CHỦ TỌA". ``cot_ky`` adds signature columns after THƯ KÝ and CHỦ TỌA, two per row.
    """

    LOAI: ClassVar[LoaiVanBan] = LoaiVanBan.BIEN_BAN
    loai: LoaiVanBan = Field(
        default=LoaiVanBan.BIEN_BAN,
        title="Loại văn bản",
        description="Mã loại văn bản: 'bien_ban'.",
        json_schema_extra={"const": LoaiVanBan.BIEN_BAN.value},
    )
    trich_yeu: Text = Field(
        title="Tên cuộc họp",
        description=(
            "Tên cuộc họp hoặc hội nghị, hội thảo (Mẫu 1.9, ghi chú 4), in đậm dưới 'BIÊN BẢN'."
        ),
    )
    hinh_thuc: Literal["cuoc_hop", "hoi_nghi", "hoi_thao"] = Field(
        default="cuoc_hop",
        title="Hình thức",
        description="cuoc_hop (cuộc họp), hoi_nghi (hội nghị) hoặc hoi_thao (hội thảo).",
    )
    bat_dau: datetime = Field(
        title="Thời gian bắt đầu",
        description="Giờ, ngày bắt đầu: '2022-12-27 08:00' (giờ địa phương, không múi giờ).",
        json_schema_extra=moment_schema,
    )
    ket_thuc: datetime = Field(
        title="Kết thúc",
        description="Giờ, ngày kết thúc, sau giờ bắt đầu: '2022-12-27 11:30'.",
        json_schema_extra=moment_schema,
    )
    dia_diem: Text = Field(title="Địa điểm", description="Địa điểm họp, in sau 'Địa điểm:'.")
    thanh_phan: ThanhPhanThamDu = Field(
        title="Thành phần tham dự",
        description=(
            "Người có mặt (co_mat) và vắng mặt (vang_mat), mỗi người họ tên và chức vụ; viết gọn "
            "là danh sách người có mặt."
        ),
    )
    chu_tri: NguoiThamDu = Field(
        title="Chủ trì (chủ tọa)",
        description="Người chủ trì: họ tên, chức vụ; ký bên phải dưới 'CHỦ TỌA'.",
    )
    thu_ky: NguoiThamDu | None = Field(
        default=None,
        title="Thư ký (người ghi biên bản)",
        description="Người ghi biên bản: họ tên, chức vụ; ký bên trái dưới 'THƯ KÝ'.",
    )
    noi_dung: list[NutBienBan] = Field(
        title="Nội dung (theo diễn biến cuộc họp)",
        description=(
            "Diễn biến cuộc họp: các đoạn văn, lượt phát biểu {phat_bieu, nguoi, chuc_vu}, hoặc "
            "mục > khoản > điểm; vanban tự đánh số."
        ),
        json_schema_extra={"minItems": 1},
    )
    chu_ky: ChuKy | None = Field(  # type: ignore[assignment]
        default=None,
        title="Chữ ký chủ tọa",
        description=(
            "Bỏ trống: dưới 'CHỦ TỌA' chỉ có họ tên người chủ trì. Ghi khi cần chức vụ chính "
            "quyền (Mẫu 1.9, ghi chú 5): các dòng của nó in dưới 'CHỦ TỌA'; họ tên là của người "
            "chủ trì."
        ),
    )
    cot_ky: list[CotKy] = Field(
        default_factory=list,
        title="Các cột ký khác",
        description=(
            "Người ký thêm (biên bản nhiều bên), sau Thư ký và Chủ tọa, hai cột một hàng."
        ),
    )
    luu: Text = Field(
        default=LUU_HO_SO,
        title="Dòng lưu",
        description="Sau 'Lưu: VT, ' trên dòng lưu: 'Hồ sơ' (Mẫu 1.9) trừ khi ghi khác.",
    )

    _schema_title = "Biên bản"
    _schema_description = (
        "Biên bản, trình bày theo Mẫu 1.9, NĐ 30/2020, Phụ lục III: tên cuộc họp, thời gian, địa "
        "điểm, thành phần, chủ trì, thư ký, diễn biến, giờ kết thúc; chữ ký thư ký và chủ tọa."
    )

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        schema = super().json_schema()
        _required_in_schema(schema, "thu_ky")
        schema["required"] = [name for name in schema["required"] if name != "chu_ky"]
        return schema

    @field_validator("bat_dau", "ket_thuc", mode="before")
    @classmethod
    def _written(cls, value: Any) -> Any:
        # "2022-12-27 08:00", or day first as Vietnamese is written, "27/12/2022 08:00"
        return parse_thoi_diem(value) if isinstance(value, str) else value

    @field_validator("thu_ky")
    @classmethod
    def _has_secretary(cls, value: NguoiThamDu | None) -> NguoiThamDu | None:
        if value is None:
            raise ValueError(
                "missing — a Biên bản names its secretary, who records the meeting and signs on "
                f"the left under 'THƯ KÝ': 'Thư ký (người ghi biên bản): …' ({_CITE})"
            )
        return value

    @field_validator("noi_dung")
    @classmethod
    def _has_body(cls, value: list[Any]) -> list[Any]:
        return check_body(value)

    @field_validator("dia_diem")
    @classmethod
    def _no_final_stop(cls, value: str) -> str:
        return value.rstrip(".;").rstrip()

    @field_validator("luu")
    @classmethod
    def _archive(cls, value: str) -> str:
        return value.strip().removeprefix("VT,").strip().rstrip(".").strip() or LUU_HO_SO

    @model_validator(mode="after")
    def _times(self) -> Self:
        start, end = self.bat_dau, self.ket_thuc
        if (start.tzinfo is None) != (end.tzinfo is None):
            raise ValueError(
                "ket_thuc: one of bat_dau and ket_thuc has a time zone and the other has none — "
                "write both as local times, without a zone"
            )
        if end <= start:
            raise ValueError(
                f"ket_thuc: {end.isoformat(sep=' ')} — the meeting ends before it starts "
                f"({start.isoformat(sep=' ')}, bat_dau); 'kết thúc vào …' is after 'Thời gian "
                f"bắt đầu' ({_CITE})"
            )
        if self.ngay is not None and self.ngay < start.date():
            raise ValueError(
                f"ngay: {self.ngay.isoformat()} — the Biên bản is issued before the meeting it "
                f"records starts ({start.date().isoformat()}, bat_dau); it is issued on or after "
                f"the meeting ({_CITE})"
            )
        return self

    @model_validator(mode="after")
    def _chair_signs(self) -> Self:
        if self.chu_ky is None:
            # the chair signs under "CHỦ TỌA" (Mẫu 1.9): the signer of the record
            object.__setattr__(self, "chu_ky", ChuKy(chuc_vu=CHU_TOA, ho_ten=self.chu_tri.ho_ten))
        elif self.chu_ky.ho_ten != self.chu_tri.ho_ten:
            raise ValueError(
                f"chu_ky: ho_ten {self.chu_ky.ho_ten!r} — the chair signs a Biên bản under "
                f"'CHỦ TỌA', and the chair is {self.chu_tri.ho_ten!r} (chu_tri; {_CITE})"
            )
        return self

    @property
    def cuoc_hop(self) -> str:
        """What the record is of, in lower case: "cuộc họp", "hội nghị" or "hội thảo"."""
        return HINH_THUC[self.hinh_thuc]

    @property
    def ket_thuc_in(self) -> str:
        """The closing line: "Cuộc họp kết thúc vào 11 giờ 30 phút, ngày 27 tháng 12 năm
        2022./." (Mẫu 1.9: "… giờ …, ngày … tháng … năm …/."; the hour on two digits and the
        zero rule of NĐ 30/2020, Phụ lục I, mục II.4.b, as :func:`vanban.thoi_diem` writes)."""
        end = self.ket_thuc
        when = f"{gio_phut(end, gio_hai_so=True)}, {ngay_thang(end)}"
        return f"{self.cuoc_hop.capitalize()} kết thúc vào {when}{KET_THUC}"

    def dong_mo_dau(self) -> list[str]:
        """The labelled lines before the course of the meeting, in the sample's order."""
        assert self.thu_ky is not None  # required (_has_secretary)
        return [
            f"Thời gian bắt đầu: {thoi_diem(self.bat_dau)}",
            f"Địa điểm: {self.dia_diem}",
            *self.thanh_phan.dong(),
            f"Chủ trì (chủ tọa): {self.chu_tri.dong}",
            f"Thư ký (người ghi biên bản): {self.thu_ky.dong}",
            f"Nội dung (theo diễn biến {self.cuoc_hop}):",
        ]

    def cot_chu_ky(self) -> list[dict[str, Any]]:
        """The signature columns in order: THƯ KÝ (left), CHỦ TỌA (right), then ``cot_ky``;
        each ``{"dong": [...], "ho_ten": ...}``."""
        assert self.thu_ky is not None
        assert self.chu_ky is not None  # filled from chu_tri when left out (_chair_signs)
        chair = [viet_hoa(CHU_TOA)]
        if self.chu_ky.dong != chair:
            chair += self.chu_ky.dong  # the chair's office (note 5)
        columns = [
            {"dong": [viet_hoa(THU_KY)], "ho_ten": self.thu_ky.ho_ten},
            {"dong": chair, "ho_ten": self.chu_ky.ho_ten},
        ]
        columns += [{"dong": column.dong, "ho_ten": column.ho_ten} for column in self.cot_ky]
        return columns

    def context(self) -> dict[str, Any]:
        """The template context of Mẫu 1.9: the shared parts; the fields as printed
        (``thoi_gian_bat_dau``, ``dia_diem``, ``thanh_phan`` lines, ``chu_tri``, ``thu_ky``,
        ``ket_thuc``: the closing line) for a user's own template; ``noi_dung``: the labelled
        lines, the course of the meeting and the closing line as body paragraphs; ``cot_ky``:
        the signature columns two per row (:func:`hang_ky`)."""
        assert self.thu_ky is not None
        context = super().context()
        context["hinh_thuc"] = self.cuoc_hop
        context["thoi_gian_bat_dau"] = thoi_diem(self.bat_dau)
        context["dia_diem"] = self.dia_diem
        context["thanh_phan"] = self.thanh_phan.dong()
        context["chu_tri"] = self.chu_tri.dong
        context["thu_ky"] = self.thu_ky.dong
        context["ket_thuc"] = self.ket_thuc_in
        body = number_body(_nodes(self.noi_dung), ket_thuc=False)
        paragraphs = [_line(text) for text in self.dong_mo_dau()]
        paragraphs += [p.context() for p in body]
        paragraphs.append(_line(self.ket_thuc_in))
        context["noi_dung"] = paragraphs
        context["cot_ky"] = hang_ky(self.cot_chu_ky())
        return context


def _nodes(nodes: Sequence[Any]) -> list[Node]:
    return [node.doan() if isinstance(node, PhatBieu) else node for node in nodes]


def _line(text: str) -> dict[str, str]:
    return {"kieu": "doan", "so": "", "van_ban": text, "dong": text}


def hang_ky(columns: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Signature columns laid out two per row; an odd last one alone in its row (the template
    centres it across the row). The title lines (``dong``) of a row's columns are padded with
    empty lines to the same count, so that the names stand level, as in the sample."""
    rows = [columns[i : i + 2] for i in range(0, len(columns), 2)]
    padded = []
    for row in rows:
        height = max(len(column["dong"]) for column in row)
        padded.append([{**c, "dong": c["dong"] + [""] * (height - len(c["dong"]))} for c in row])
    return padded


KINDS_MAU_1_9: tuple[type[VanBan], ...] = (BienBan,)
"""The kinds laid out on Mẫu 1.9: Biên bản alone."""

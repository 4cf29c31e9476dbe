"""Who attends a meeting: the "Thành phần tham dự" of a Biên bản (NĐ 30/2020, Phụ lục III,
Mẫu 1.9), and the people named on its lines (chair, secretary).

- One attendee (:class:`NguoiThamDu`) is a person or a body with an optional title: printed
  "<họ tên>, <chức vụ>" ("Họ và tên, Chủ tịch Ủy ban nhân dân xã"); an absent one may carry the
  reason, printed in brackets after it.
- The attendance (:class:`ThanhPhanThamDu`): those present (``co_mat``, at least one: a meeting
  someone attends) and those absent (``vang_mat``). Data may give a plain list: all present.
- Printed as a labelled line: one entry stands on the label's line ("Thành phần tham dự: …");
  several go one per line under it, "- …;", the last ending "." (as the recipients of Kính gửi,
  NĐ 30/2020, Phụ lục I, mục II.9.d). The absent follow under "Vắng mặt:", the same way.
- List punctuation typed around an entry ("- …;") is removed (vanban writes it); one entry named
  twice is refused, as a recipient named twice is (mục II.9.d).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import Field, GetJsonSchemaHandler, field_validator, model_validator
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from vanban.models.base import Model, StringShorthand, Text, problems_at
from vanban.models.noi_nhan import duplicates, kinh_gui_lines, strip_list_punctuation

__all__ = ["NguoiThamDu", "ThanhPhanThamDu", "dong_liet_ke"]

_CITE = "NĐ 30/2020, Phụ lục III, Mẫu 1.9"


class NguoiThamDu(StringShorthand):
    """One attendee: a person (or a body) and their title; in data, a plain string is the name.

    >>> NguoiThamDu(ho_ten="Họ và tên", chuc_vu="Chủ tịch Ủy ban nhân dân xã").dong
    'Họ và tên, Chủ tịch Ủy ban nhân dân xã'
    """

    ho_ten: Text = Field(
        title="Họ và tên",
        description=(
            "Họ và tên người dự họp (hoặc tên cơ quan, tổ chức dự họp), không viết '- ' đầu dòng "
            "và ';' cuối dòng (vanban thêm)."
        ),
    )
    chuc_vu: Text | None = Field(
        default=None,
        title="Chức vụ",
        description="Chức vụ, đơn vị công tác, in sau họ tên: 'Chủ tịch Ủy ban nhân dân xã'.",
    )
    ly_do: Text | None = Field(
        default=None,
        title="Lý do vắng mặt",
        description="Lý do vắng mặt (chỉ với người vắng mặt), in trong ngoặc đơn: 'đi công tác'.",
    )

    _schema_title = "Người tham dự"
    _schema_description = (
        "Một người (cơ quan, tổ chức) dự họp: họ tên, chức vụ; viết gọn là họ tên."
    )
    _shorthand = "ho_ten"
    _positional = ("ho_ten", "chuc_vu")
    if TYPE_CHECKING:

        def __init__(
            self, ho_ten: str, chuc_vu: str | None = None, *, ly_do: str | None = None
        ) -> None: ...

    @model_validator(mode="before")
    @classmethod
    def _clean(cls, data: Any) -> Any:
        if isinstance(data, str):
            data = {"ho_ten": data}
        if isinstance(data, dict) and isinstance(data.get("ho_ten"), str):
            data = {**data, "ho_ten": strip_list_punctuation(data["ho_ten"]) or data["ho_ten"]}
        if isinstance(data, dict) and isinstance(data.get("ly_do"), str):
            reason = data["ly_do"].strip().removeprefix("(").removesuffix(")")
            data = {**data, "ly_do": reason}
        return data

    @field_validator("chuc_vu")
    @classmethod
    def _no_list_end(cls, value: str | None) -> str | None:
        return None if value is None else strip_list_punctuation(value) or value

    @property
    def dong(self) -> str:
        """As printed: "Họ và tên, Chủ tịch Ủy ban nhân dân xã (đi công tác)"."""
        text = self.ho_ten if self.chuc_vu is None else f"{self.ho_ten}, {self.chuc_vu}"
        return text if self.ly_do is None else f"{text} ({self.ly_do})"


class ThanhPhanThamDu(Model):
    """The attendance of a meeting: present (``co_mat``) and absent (``vang_mat``).

    Data may give a plain list for ``thanh_phan``: everyone in it was present.
    """

    co_mat: list[NguoiThamDu] = Field(
        title="Có mặt",
        description="Những người (cơ quan, tổ chức) có mặt, mỗi người một mục, không trùng nhau.",
        json_schema_extra={"minItems": 1},
    )
    vang_mat: list[NguoiThamDu] = Field(
        default_factory=list,
        title="Vắng mặt",
        description="Những người vắng mặt (nếu có), với lý do (ly_do) nếu ghi.",
    )

    _schema_title = "Thành phần tham dự"
    _schema_description = (
        "Thành phần tham dự cuộc họp (Mẫu 1.9): người có mặt, người vắng mặt; viết gọn là danh "
        "sách người có mặt."
    )

    @model_validator(mode="before")
    @classmethod
    def _all_present(cls, data: Any) -> Any:
        return {"co_mat": data} if isinstance(data, list | tuple) else data

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        # the schema admits what the model reads: the object, or the list of those present
        schema = super().__get_pydantic_json_schema__(core_schema, handler)
        target = handler.resolve_ref_schema(schema)
        present = {"type": "array", "items": target["properties"]["co_mat"]["items"], "minItems": 1}
        return {
            "anyOf": [{**present, "description": "Viết gọn: danh sách người có mặt."}, schema],
            "title": target.get("title"),
            "description": target.get("description"),
        }

    @field_validator("co_mat")
    @classmethod
    def _someone_attends(cls, value: list[NguoiThamDu]) -> list[NguoiThamDu]:
        if not value:
            raise ValueError(
                "missing — who attended the meeting: 'Thành phần tham dự: …' names at least one "
                f"person or body present ({_CITE})"
            )
        problems = [
            (
                index,
                person.ho_ten,
                f"ly_do: {person.ly_do!r} — a reason of absence, but {person.ho_ten!r} is "
                "listed as present; move them to vang_mat",
            )
            for index, person in enumerate(value)
            if person.ly_do is not None
        ]
        if problems:
            raise problems_at("co_mat", problems, at_field=True)
        return value

    @model_validator(mode="after")
    def _each_once(self) -> ThanhPhanThamDu:
        everyone = [*self.co_mat, *self.vang_mat]
        names = [person.ho_ten for person in everyone]
        problems = []
        for first, again in duplicates(names):
            place = "co_mat" if again < len(self.co_mat) else "vang_mat"
            index = again if place == "co_mat" else again - len(self.co_mat)
            where = (
                f"co_mat[{first}]"
                if first < len(self.co_mat)
                else f"vang_mat[{first - len(self.co_mat)}]"
            )
            problems.append(f"{place}[{index}]: {names[again]!r} is already {where}")
        if problems:
            raise ValueError("; ".join(problems) + " (each attendee is listed once)")
        return self

    def dong(self, nhan: str = "Thành phần tham dự") -> list[str]:
        """The printed lines: the label with one attendee on its line, or alone above "- …;"
        lines; then "Vắng mặt: …" the same way."""
        lines = dong_liet_ke(nhan, [person.dong for person in self.co_mat])
        if self.vang_mat:
            lines += dong_liet_ke("Vắng mặt", [person.dong for person in self.vang_mat])
        return lines


def dong_liet_ke(nhan: str, items: list[str]) -> list[str]:
    """A labelled list: ``["Nhãn: a"]`` for one item, ``["Nhãn:", "- a;", "- b."]`` for several
    (NĐ 30/2020, Phụ lục I, mục II.9.d, as Kính gửi lists its recipients)."""
    if len(items) == 1:
        return [f"{nhan}: {items[0]}"]
    return [f"{nhan}:", *kinh_gui_lines(items)]

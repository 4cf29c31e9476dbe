"""The metadata record of an outgoing electronic document: NĐ 30/2020, Phụ lục VI, phần II, mục I
("Thông tin đầu vào của dữ liệu quản lý văn bản đi"), field by field.

:data:`FIELDS` is the decree's table as data (STT, the field, its official name, type and length);
:class:`Metadata` holds one record, its Python names the official names in snake case and its
aliases the official names themselves, so ``Metadata.model_validate({"CodeNumber": "05", ...})``
and ``Metadata(code_number="05", ...)`` are the same record.

How vanban reads the decree's table (where the project's summary, spec/register.md, differs, the
decree is followed):

- the decree's own file spells two names with a lower-case L, "Organld" and "Signerlnfo"; they
  are "OrganId" and "SignerInfo" (the capital I of "Id" and "Info", as every other name of the
  table is written), and vanban uses those;
- field 1.1 is the "Mã định danh của cơ quan, tổ chức lập danh mục hồ sơ" (the body that keeps the
  file list), which the decree's footnote says the system fills by default;
- the lengths are limits: a longer value is a :class:`vanban.ValidationError` naming the field and
  the limit, never cut. A String's length counts characters of its NFC form (Vietnamese letters
  precomposed, TCVN 6909:2001, as NĐ 30/2020, Phụ lục I, mục I.4 requires); a Number's length
  counts its decimal digits; a Date is written YYYY-MM-DD, its 10 characters.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar, Literal

from pydantic import ConfigDict, Field, ValidationInfo, field_validator
from pydantic.fields import FieldInfo

from vanban.errors import Problem, ValidationError
from vanban.models.base import Model
from vanban.text.chars import check_xml_chars

CITE = "NĐ 30/2020, Phụ lục VI, phần II, mục I"

Kieu = Literal["String", "Number", "Date"]


@dataclass(frozen=True)
class FieldSpec:
    """One row of the decree's table: ``stt`` its number ("12.1"), ``ten`` the field as the
    decree names it, ``name`` the official name with its parents ("SignerInfo.Position"),
    ``kieu`` the type and ``do_dai`` the length."""

    stt: str
    ten: str
    name: str
    kieu: Kieu
    do_dai: int


FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("1.1", "Mã định danh của cơ quan, tổ chức lập danh mục hồ sơ", "FileCode.OrganId",
              "String", 13),
    FieldSpec("1.2", "Năm hình thành hồ sơ", "FileCode.FileCatalog", "Number", 4),
    FieldSpec("1.3", "Số và ký hiệu hồ sơ", "FileCode.FileNotation", "String", 20),
    FieldSpec("2", "Số thứ tự văn bản trong hồ sơ", "DocOrdinal", "Number", 3),
    FieldSpec("3", "Tên loại văn bản", "TypeName", "String", 100),
    FieldSpec("4", "Số của văn bản", "CodeNumber", "String", 11),
    FieldSpec("5", "Ký hiệu của văn bản", "CodeNotation", "String", 30),
    FieldSpec("6", "Ngày, tháng, năm văn bản", "IssuedDate", "Date", 10),
    FieldSpec("7", "Tên cơ quan, tổ chức ban hành văn bản", "OrganName", "String", 200),
    FieldSpec("8", "Trích yếu nội dung", "Subject", "String", 500),
    FieldSpec("9", "Ngôn ngữ", "Language", "String", 30),
    FieldSpec("10", "Số trang của văn bản", "PageAmount", "Number", 3),
    FieldSpec("11", "Ghi chú", "Description", "String", 500),
    FieldSpec("12.1", "Chức vụ của người ký văn bản", "SignerInfo.Position", "String", 100),
    FieldSpec("12.2", "Họ và tên người ký văn bản", "SignerInfo.FullName", "String", 50),
    FieldSpec("13.1", "Mã định danh của cơ quan, tổ chức nhận văn bản", "To.OrganId", "String", 13),
    FieldSpec("13.2", "Tên cơ quan, tổ chức nhận văn bản", "To.OrganName", "String", 200),
    FieldSpec("14", "Mức độ khẩn, độ mật", "Priority", "Number", 1),
    FieldSpec("15", "Số lượng bản phát hành", "IssuedAmount", "Number", 3),
    FieldSpec("16", "Hạn trả lời văn bản", "DueDate", "Date", 10),
)  # fmt: skip
"""The decree's table, in its order (Phụ lục VI, phần II, mục I)."""

SPEC: dict[str, FieldSpec] = {spec.name: spec for spec in FIELDS}
"""Each field's row by its official name: ``SPEC["CodeNumber"].do_dai == 11``."""


def official(info: FieldInfo, name: str) -> str:
    """A field's official name (its aliases): "CodeNumber" for ``code_number``."""
    alias = info.serialization_alias
    return alias if isinstance(alias, str) else name


def _spec(model: type[Record], field: str) -> FieldSpec | None:
    # None for a group (FileCode, SignerInfo, To): its parts are checked in their own model
    alias = official(model.model_fields[field], field)
    return SPEC.get(f"{model._group}.{alias}" if model._group else alias)


def _too_long(spec: FieldSpec, shown: str, size: int, unit: str) -> ValueError:
    return ValueError(
        f"{shown} has {size} {unit}, over the {spec.do_dai} of {spec.name} ({spec.ten}; {CITE}, "
        f"STT {spec.stt}): vanban never cuts a value, shorten it"
    )


class Record(Model):
    """A part of the record: fields named by their official names (aliases), each checked
    against its row of :data:`FIELDS` (type and length)."""

    model_config = ConfigDict(
        validate_by_alias=True, validate_by_name=True, serialize_by_alias=True, strict=True
    )

    _group: ClassVar[str] = ""

    @field_validator("*", mode="before")
    @classmethod
    def _dates_as_written(cls, value: Any, info: ValidationInfo) -> Any:
        # A Date is written YYYY-MM-DD, its 10 characters (JSON and XML carry it as text).
        spec = _spec(cls, info.field_name or "")
        if spec is not None and spec.kieu == "Date" and isinstance(value, str):
            try:
                if len(value) != 10:
                    raise ValueError(value)
                return date.fromisoformat(value)
            except ValueError:
                raise ValueError(
                    f"{value!r} is not a date written YYYY-MM-DD ({spec.name}, Date, 10; {CITE})"
                ) from None
        return value

    @field_validator("*")
    @classmethod
    def _within_length(cls, value: Any, info: ValidationInfo) -> Any:
        spec = _spec(cls, info.field_name or "")
        if spec is None or value is None:
            return value
        if spec.kieu == "String":
            assert isinstance(value, str)
            check_xml_chars(value)
            text = unicodedata.normalize("NFC", value).strip()
            if not text:
                raise ValueError(f"empty — write the {spec.name} or leave it out (null)")
            if len(text) > spec.do_dai:
                shown = repr(text if len(text) <= 40 else text[:37] + "...")
                raise _too_long(spec, shown, len(text), "characters")
            return text
        if spec.kieu == "Number":
            assert isinstance(value, int)
            if value < 0:
                raise ValueError(f"{value} — {spec.name} is a count, not negative")
            if len(str(value)) > spec.do_dai:
                raise _too_long(spec, str(value), len(str(value)), "digits")
            return value
        assert isinstance(value, date)
        if not 1000 <= value.year <= 9999:
            raise ValueError(f"{value} — {spec.name} is written YYYY-MM-DD, 10 characters")
        return value


def _named(name: str) -> Any:
    """A field known by its official name (in data, JSON and XML) and its Python name."""
    return Field(default=None, validation_alias=name, serialization_alias=name)


class FileCode(Record):
    """Mã hồ sơ (STT 1): the file (hồ sơ) the document is kept in."""

    _group = "FileCode"

    organ_id: str | None = _named("OrganId")
    file_catalog: int | None = _named("FileCatalog")
    file_notation: str | None = _named("FileNotation")


class SignerInfo(Record):
    """Chức vụ, họ tên người ký (STT 12)."""

    _group = "SignerInfo"

    position: str | None = _named("Position")
    full_name: str | None = _named("FullName")


class To(Record):
    """One recipient, Nơi nhận (STT 13): a document has as many as it is sent to."""

    _group = "To"

    organ_id: str | None = _named("OrganId")
    organ_name: str | None = _named("OrganName")


class Metadata(Record):
    """The metadata of an outgoing electronic document (NĐ 30/2020, Phụ lục VI, phần II, mục I).

    Every field is optional in the record, since a file read back carries only some of them
    (:meth:`unknown` lists the rest); a record made from a document
    (:func:`vanban.metadata.from_document`) has every field the document decides.
    ``to_json()`` / ``to_xml()`` write it with the official names; :meth:`from_json` and
    :func:`vanban.metadata.from_xml` read it back.
    """

    file_code: FileCode | None = _named("FileCode")
    doc_ordinal: int | None = _named("DocOrdinal")
    type_name: str | None = _named("TypeName")
    code_number: str | None = _named("CodeNumber")
    code_notation: str | None = _named("CodeNotation")
    issued_date: date | None = _named("IssuedDate")
    organ_name: str | None = _named("OrganName")
    subject: str | None = _named("Subject")
    language: str | None = _named("Language")
    page_amount: int | None = _named("PageAmount")
    description: str | None = _named("Description")
    signer_info: SignerInfo | None = _named("SignerInfo")
    to: list[To] = Field(default_factory=list, validation_alias="To", serialization_alias="To")
    priority: int | None = _named("Priority")
    issued_amount: int | None = _named("IssuedAmount")
    due_date: date | None = _named("DueDate")

    @field_validator("code_number")
    @classmethod
    def _arabic_digits(cls, value: str | None) -> str | None:
        # Số: Arabic digits, a leading zero below 10 (NĐ 30/2020, Phụ lục I, mục II.3.a)
        if value is not None and (not value.isascii() or not value.isdigit()):
            raise ValueError(
                f"{value!r} — the number is written in Arabic digits (NĐ 30/2020, Phụ lục I, "
                "mục II.3.a)"
            )
        if value is not None and value != f"{int(value):02d}":
            raise ValueError(
                f"{value!r} — written {int(value):02d}: a leading zero below 10 only (NĐ 30/2020, "
                "Phụ lục I, mục II.3.a)"
            )
        return value

    def unknown(self) -> list[str]:
        """The official names of the fields this record does not know, in the table's order
        ("PageAmount", "SignerInfo.FullName"…): "To" when it names no recipient, "To.OrganId"
        when a recipient lacks its identifier."""
        known = {name for name, value in self.flat() if value is not None}
        missing = []
        for spec in FIELDS:
            head, _, leaf = spec.name.partition(".")
            if head != "To":
                if spec.name not in known:
                    missing.append(spec.name)
            elif not self.to:
                if "To" not in missing:
                    missing.append("To")
            elif any(getattr(to, _python_name(To, leaf)) is None for to in self.to):
                missing.append(spec.name)
        return missing

    def flat(self) -> list[tuple[str, Any]]:
        """Every (official name, value) of the record in the table's order; each recipient gives
        its two names once per recipient ("To.OrganName", …)."""
        out: list[tuple[str, Any]] = []
        groups: dict[str, list[Record]] = {
            "FileCode": [self.file_code or FileCode()],
            "SignerInfo": [self.signer_info or SignerInfo()],
            "To": list(self.to),
        }
        done: set[str] = set()
        for spec in FIELDS:
            head, _, leaf = spec.name.partition(".")
            if not leaf:
                out.append((spec.name, getattr(self, _python_name(type(self), spec.name))))
                continue
            if head in done:
                continue
            done.add(head)
            for part in groups[head]:
                for field, info in type(part).model_fields.items():
                    out.append((f"{head}.{official(info, field)}", getattr(part, field)))
        return out

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON data: official names as keys, dates as YYYY-MM-DD, unknown fields
        as null, ``FileCode`` and ``SignerInfo`` nested, ``To`` a list."""
        return self.model_dump(mode="json", by_alias=True)

    def to_json(self) -> str:
        """The record as JSON text (UTF-8, letters unescaped, two-space indent)."""
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)

    def to_xml(self) -> bytes:
        """The record as XML (UTF-8): see :func:`vanban.metadata.to_xml`."""
        from vanban.metadata.xml import to_xml

        return to_xml(self)


def _python_name(model: type[Record], alias: str) -> str:
    for name, info in model.model_fields.items():
        if official(info, name) == alias:
            return name
    raise KeyError(alias)


_NESTED: dict[str, type[Record]] = {"file_code": FileCode, "signer_info": SignerInfo, "to": To}


def official_path(path: str) -> str:
    """A record's field path in official names: "to[2].organ_name" -> "To[2].OrganName"."""
    head, dot, leaf = path.partition(".")
    name, bracket, index = head.partition("[")
    info = Metadata.model_fields.get(name)
    if info is None:
        return path  # already official (validated by alias), or not a field: left as it is
    out = official(info, name) + bracket + index
    group = _NESTED.get(name)
    if dot and group is not None and leaf in group.model_fields:
        return f"{out}.{official(group.model_fields[leaf], leaf)}"
    return f"{out}{dot}{leaf}"


def with_official_names(error: ValidationError, where: str) -> ValidationError:
    """``error`` of a record built by Python names, its paths in official names, under ``where``."""
    return ValidationError(
        where, [Problem(official_path(p.path), p.message) for p in error.problems]
    )

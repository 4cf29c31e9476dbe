"""The base of every vanban model: strict fields, clean text, vanban's own validation errors."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Self, dataclass_transform

import pydantic
import yaml
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    PrivateAttr,
    WithJsonSchema,
    model_validator,
)

# pydantic documents no public name for its model metaclass; this one is stable across 2.x.
from pydantic._internal._model_construction import ModelMetaclass
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError
from pydantic_core import ValidationError as PydanticCoreError

from vanban.data_files import DataFileError, load_yaml, read_data
from vanban.errors import Problem, ValidationError
from vanban.text.chars import clean_text
from vanban.text.dates import parse_ngay

# Text and line breaks. The body is justified (NĐ 30/2020, Phụ lục I, mục II.6.e: "canh đều cả
# hai lề"), so a manual line break left inside a paragraph stretches the words of its line: vanban
# reads a single line break as a space and a blank line as a new paragraph.

# Line ends as editors and YAML blocks write them; U+2029 (paragraph separator) is a blank line.
_LINE_END = re.compile(r"\r\n?|[\u2028\u0085]")
# A newline with the spaces around it: inside a paragraph it is one space (a line the editor wrapped).
_NEWLINE = re.compile(r"[ \t]*\n[ \t]*")
# One or more blank lines (lines holding at most spaces) between two paragraphs.
_BLANK_LINE = re.compile(r"[ \t]*\n(?:[ \t]*\n)+[ \t]*")

PARAGRAPH_BREAK = "\n\n"
"""How :data:`BodyText` keeps its paragraphs apart: one blank line."""


def _lines(value: str) -> str:
    return _LINE_END.sub("\n", value).replace("\u2029", "\n\n")


def _non_empty(value: str) -> str:
    if not value:
        raise ValueError("empty — write the text or leave the field out")
    return value


def _one_paragraph(value: str) -> str:
    cleaned = clean_text(_lines(value))
    if _BLANK_LINE.search(cleaned):
        raise ValueError(
            f"{_shown(cleaned)} holds a blank line, which starts a new paragraph; this field is "
            "one paragraph (only the text of body nodes in noi_dung may hold several): join the "
            "lines, or make each part its own item"
        )
    return _non_empty(_NEWLINE.sub(" ", cleaned))


def _paragraphs(value: str) -> str:
    cleaned = clean_text(_lines(value))
    parts = [_NEWLINE.sub(" ", part) for part in _BLANK_LINE.split(cleaned)]
    return _non_empty(PARAGRAPH_BREAK.join(parts))


def _shown(value: str) -> str:
    return repr(value if len(value) <= 60 else value[:57] + "...")


JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The ``$schema`` of every schema vanban exports: JSON Schema draft 2020-12."""

SCHEMA_VERSION = "0.1"
"""The version in the schemas' ``$id``: vanban's major.minor version (a test keeps them equal)."""


class SchemaKeywords:
    """Annotated metadata adding keywords to a type's JSON Schema, leaving validation to vanban
    (whose messages name the rule): ``Annotated[str, SchemaKeywords(pattern=r"\\S")]``."""

    def __init__(self, **keywords: Any) -> None:
        self.keywords = keywords

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema.update(self.keywords)
        return schema


_NOT_BLANK = SchemaKeywords(minLength=1, pattern=r"\S")

Text = Annotated[str, AfterValidator(_one_paragraph), _NOT_BLANK]
"""A user string of one paragraph: NFC-normalised, stripped, not empty, free of characters XML
cannot store. A single line break (and the spaces around it) is one space: YAML blocks and editors
wrap long lines, and a line break inside a justified paragraph would stretch its words. A blank
line (a new paragraph) is refused: names, titles and the trích yếu are one paragraph."""

BodyText = Annotated[str, AfterValidator(_paragraphs), _NOT_BLANK]
"""The text of a body node (đoạn, ý, khoản and điểm text): like :data:`Text`, but a blank line
separates paragraphs, kept as :data:`PARAGRAPH_BREAK`; :func:`vanban.models.number_body` lays
each one out as its own paragraph."""


def _written_date(value: Any) -> Any:
    return parse_ngay(value) if isinstance(value, str) else value


MOMENT_PATTERN = (
    r"^([0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}([/.-])[0-9]{1,2}\2[0-9]{4})"
    r"(T| +(lúc +)?)[0-9]{1,2}[:hg][0-9]{2}(:[0-9]{2})?$"
)
"""One moment as data writes it, "2022-03-07 08:00" or "07/03/2022 08:00" (what
:func:`vanban.text.dates.parse_thoi_diem` reads; JSON Schema's "date-time" format would ask for
seconds and a zone, which a meeting's local time does not have)."""


def moment_schema(schema: dict[str, Any]) -> None:
    """A moment's JSON Schema as text (``json_schema_extra`` of a datetime field): the pattern
    :data:`MOMENT_PATTERN`, not "format: date-time"; used by the meeting layouts (Mẫu 1.7,
    1.9)."""
    for option in schema.get("anyOf", [schema]):
        if option.get("format") == "date-time":
            del option["format"]
            option["pattern"] = MOMENT_PATTERN


_DAY_FIRST_PATTERN = (
    r"^\s*(?:[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{1,2}-[0-9]{1,2}-[0-9]{4}"
    r"|[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4})\s*$"
)

Ngay = Annotated[
    date,
    BeforeValidator(_written_date),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "date"},
                {"type": "string", "pattern": _DAY_FIRST_PATTERN},
            ],
            "examples": ["2022-02-10", "10/02/2022"],
        },
        mode="validation",
    ),
]
"""A date as users write it (:func:`vanban.text.dates.parse_ngay`): a ``date``, ``"2022-02-10"``
(YYYY-MM-DD) or day first ``"10/02/2022"``; a day that does not exist is named as such."""


# pyright takes dataclass semantics from the metaclass a class names, not from that metaclass's
# bases: repeat pydantic's own declaration so it synthesizes each model's __init__ from its fields.
@dataclass_transform(kw_only_default=True, field_specifiers=(Field, PrivateAttr))
class _ModelMeta(ModelMetaclass):
    """Turns pydantic's error into vanban's when a model is constructed directly.

    Type checkers never see its ``__call__``: a metaclass ``__call__`` replaces the constructor's
    signature for them (pyright, Pylance), so fields would lose completion and a wrong field or
    type would go unflagged. They see pydantic's synthesized ``__init__`` (``dataclass_transform``)
    or a model's own ``TYPE_CHECKING`` ``__init__`` (models with ``_positional`` fields).
    """

    if not TYPE_CHECKING:

        def __call__(cls, *args, **kwargs):
            names: tuple[str, ...] = getattr(cls, "_positional", ())
            if len(args) > len(names):
                raise TypeError(f"{cls.__name__} takes at most {len(names)} positional argument(s)")
            for name, value in zip(names, args, strict=False):
                if name in kwargs:
                    raise TypeError(f"{cls.__name__} got {name!r} both by position and by name")
                kwargs[name] = value
            try:
                return super().__call__(**kwargs)
            except pydantic.ValidationError as error:
                raise ValidationError.from_pydantic(cls.__name__, error) from None


class Model(BaseModel, metaclass=_ModelMeta):
    """Base model. Unknown fields are errors (a typo never drops data silently); models are frozen.

    Construction and validation raise :class:`vanban.ValidationError`, which lists every problem
    with its field path.
    """

    # defer_build: each model's validator is built when the model is first used, not on import
    # (29 kinds; a render uses one): 19% fewer instructions to import vanban (docs/performance.md)
    model_config = ConfigDict(extra="forbid", frozen=True, validate_default=True, defer_build=True)

    _positional: ClassVar[tuple[str, ...]] = ()
    """Fields that may also be passed by position, in order (kept out of pydantic's __init__)."""

    _schema_title: ClassVar[str | None] = None
    """The model's title in its JSON Schema, in Vietnamese ("Cơ quan ban hành")."""
    _schema_description: ClassVar[str | None] = None
    """The model's description in its JSON Schema, in Vietnamese (the docstring is for Python)."""

    @classmethod
    def model_validate(
        cls,
        obj: Any,
        *,
        strict: bool | None = None,
        extra: Any = None,
        from_attributes: bool | None = None,
        context: Any | None = None,
        by_alias: bool | None = None,
        by_name: bool | None = None,
    ) -> Self:
        try:
            return super().model_validate(
                obj,
                strict=strict,
                extra=extra,
                from_attributes=from_attributes,
                context=context,
                by_alias=by_alias,
                by_name=by_name,
            )
        except pydantic.ValidationError as error:
            raise ValidationError.from_pydantic(cls.__name__, error) from None

    @classmethod
    def from_dict(cls, data: Any) -> Self:
        """Build from plain data of the same shape (what YAML or JSON gives)."""
        return cls.model_validate(data)

    @classmethod
    def from_json(cls, text: str | bytes) -> Self:
        """Build from a JSON document of the same shape."""
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ValidationError(
                cls.__name__, [Problem("", f"cannot be parsed: {error}")]
            ) from None
        return cls.from_dict(data)

    @classmethod
    def from_yaml(cls, text: str) -> Self:
        """Build from a YAML document of the same shape (read as :mod:`vanban.data_files` reads
        YAML: a date that does not exist is reported with its field, not by the parser)."""
        try:
            data = load_yaml(text)
        except yaml.YAMLError as error:
            raise ValidationError(
                cls.__name__, [Problem("", f"cannot be parsed: {error}")]
            ) from None
        return cls.from_dict(data)

    @classmethod
    def from_file(cls, path: str | Path) -> Self:
        """Build from a .yaml/.yml or .json file; errors name the file."""
        try:
            return cls.from_dict(read_data(path))
        except DataFileError as error:
            raise ValidationError(error.path, [Problem("", error.reason)]) from None
        except ValidationError as error:
            raise ValidationError(f"{path} ({cls.__name__})", error.problems) from None

    @classmethod
    def schema_id(cls) -> str:
        """The ``$id`` of this model's JSON Schema: ``urn:vanban:schema:<name>:<SCHEMA_VERSION>``.

        A URN, not a URL: vanban publishes its schemas on no host (``vanban schema KIND`` prints
        them); the name is the kind's slug for a document, the class name for a component.
        """
        return f"urn:vanban:schema:{cls._schema_name()}:{SCHEMA_VERSION}"

    @classmethod
    def _schema_name(cls) -> str:
        return cls.__name__

    @classmethod
    def json_schema(cls) -> dict[str, Any]:
        """The JSON Schema (draft 2020-12) of this model's data shape, with Vietnamese titles and
        descriptions and the single-field rules JSON Schema can state."""
        return {"$schema": JSON_SCHEMA_DIALECT, "$id": cls.schema_id(), **cls.model_json_schema()}

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        target = handler.resolve_ref_schema(schema)
        if cls._schema_title is not None:
            target["title"] = cls._schema_title
        if cls._schema_description is not None:
            target["description"] = cls._schema_description
        return schema


class StringShorthand(Model):
    """A model whose data may also be a plain string, read as its ``_shorthand`` field:
    ``"UBND huyện"`` is ``{ten: "UBND huyện"}``. Its JSON Schema admits both forms."""

    _shorthand: ClassVar[str]

    @model_validator(mode="before")
    @classmethod
    def _from_string(cls, data: Any) -> Any:
        return {cls._shorthand: data} if isinstance(data, str) else data

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = super().__get_pydantic_json_schema__(core_schema, handler)
        field = cls._shorthand
        return {
            "anyOf": [
                {
                    "type": "string",
                    "minLength": 1,
                    "pattern": r"\S",
                    "description": f"Viết gọn của {{{field}: <chuỗi>}}",
                },
                schema,
            ],
            "title": schema.get("title"),
            "description": schema.get("description"),
        }


def problems_at(
    field: str, problems: list[tuple[int, Any, str]], *, at_field: bool = False
) -> PydanticCoreError:
    """Problems of a list field's items, each at its own index (``kinh_moi[1]``), as pydantic's
    own error: raised in a validator, pydantic merges them into the model's errors with their
    paths. From the field's own validator (``at_field``) pydantic puts the field's name in front
    of each index itself; from a model validator the error says it."""
    return PydanticCoreError.from_exception_data(
        field,
        [
            {
                "type": PydanticCustomError("value_error", "{message}", {"message": message}),
                "loc": (index,) if at_field else (field, index),
                "input": value,
            }
            for index, value, message in problems
        ],
    )

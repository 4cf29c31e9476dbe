"""A metadata record as XML: one element per field, named by its official name (NĐ 30/2020,
Phụ lục VI, phần II, mục I), the groups nested as the table nests them::

    <Metadata>
      <FileCode><OrganId>…</OrganId><FileCatalog>2022</FileCatalog>…</FileCode>
      <TypeName>Kế hoạch</TypeName><CodeNumber>49</CodeNumber>…
      <SignerInfo><Position>Chủ tịch</Position><FullName>…</FullName></SignerInfo>
      <To><OrganName>UBND huyện</OrganName></To><To>…</To>
      …
    </Metadata>

The decree names the fields, not the record: the root element is ``Metadata``. An unknown field is
left out; dates are YYYY-MM-DD. Reading back (:func:`from_xml`) treats the text as untrusted: no
DTD, no entities, no network; an element it does not know, or a field given twice, is refused
rather than dropped.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from lxml import etree

from vanban.errors import PackageError, Problem, ValidationError
from vanban.metadata.fields import (
    SPEC,
    FieldSpec,
    FileCode,
    Metadata,
    Record,
    SignerInfo,
    To,
    official,
)
from vanban.render.package import parse_xml

ROOT = "Metadata"
_GROUPS: dict[str, type[Record]] = {"FileCode": FileCode, "SignerInfo": SignerInfo, "To": To}


def to_xml(record: Metadata) -> bytes:
    """``record`` as UTF-8 XML with a declaration, indented."""
    root = etree.Element(ROOT)
    _fill(root, record)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _fill(parent: etree._Element, record: Record) -> None:
    for name, info in type(record).model_fields.items():
        value = getattr(record, name)
        tag = official(info, name)
        if value is None:
            continue
        if isinstance(value, list):
            for item in value:
                _fill(etree.SubElement(parent, tag), item)
        elif isinstance(value, Record):
            _fill(etree.SubElement(parent, tag), value)
        else:
            etree.SubElement(parent, tag).text = _text(value)


def _text(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def from_xml(data: bytes | str, *, source: str = "<xml>") -> Metadata:
    """Read back a record written by :func:`to_xml` (or by another system with the same names)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        root = parse_xml(raw, source)
    except PackageError as error:
        raise ValidationError(
            source, [Problem("", str(error).removeprefix(f"{source}: "))]
        ) from None
    if root.tag != ROOT:
        raise ValidationError(
            source, [Problem("", f"the root element is <{root.tag}>, not <{ROOT}>")]
        )
    problems: list[Problem] = []
    values = _read(root, Metadata, "", problems)
    if problems:
        raise ValidationError(source, problems)
    try:
        return Metadata.model_validate(values)
    except ValidationError as error:
        raise ValidationError(source, error.problems) from None


def _read(
    element: etree._Element, model: type[Record], path: str, problems: list[Problem]
) -> dict[str, Any]:
    fields = [official(info, name) for name, info in model.model_fields.items()]
    values: dict[str, Any] = {}
    for child in element:
        if not isinstance(child.tag, str):
            continue  # a comment or a processing instruction
        where = f"{path}.{child.tag}" if path else child.tag
        if child.tag not in fields:
            problems.append(
                Problem(where, f"not a field of {model.__name__} ({', '.join(fields)})")
            )
            continue
        group = _GROUPS.get(child.tag)
        if group is not None:
            value: Any = _read(child, group, where, problems)
        else:
            if len(child):
                problems.append(Problem(where, "holds elements; this field holds text only"))
                continue
            official_name = f"{model._group}.{child.tag}" if model._group else child.tag
            value = _value(child.text or "", SPEC[official_name])
        if child.tag == "To" and model is Metadata:
            values.setdefault("To", []).append(value)
        elif child.tag in values:
            problems.append(Problem(where, "given twice; a field holds one value"))
        else:
            values[child.tag] = value
    return values


def _value(text: str, spec: FieldSpec) -> Any:
    # a Number's text is read as one; any other text is left for the model to refuse and name
    digits = text.strip()
    if spec.kieu == "Number" and digits.isascii() and digits.isdigit():
        return int(digits)
    return text

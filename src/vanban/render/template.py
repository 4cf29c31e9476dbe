"""Compile once, render many: a docxtpl-compatible template loaded and compiled a single time.

docxtpl, for every document, reopens the .docx with python-docx, re-runs its XML clean-up
(``patch_xml``), recompiles the Jinja template and re-serialises and re-compresses every part.
:class:`Template` does the clean-up and the compilation once per templated part (body, headers,
footers, footnotes, core properties) and, per document, only renders the compiled templates,
checks the result is well-formed XML, compresses the parts that changed and copies the others as
they are. It calls docxtpl's own clean-up functions (``patch_xml``, ``resolve_listing``,
``fix_tables``) so the output has the same text and structure as docxtpl's for the same template
and context.

Features that add parts to the package (docxtpl's ``InlineImage``, ``Subdoc``, hyperlinks in
``RichText``) are rendered through docxtpl itself: create them with ``tpl = template.docxtpl()``
and pass them in the context; :meth:`Template.render` notices them and renders through that
``tpl``, with the same strictness.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, time
from pathlib import Path
from typing import Any, cast

import jinja2
import jinja2.meta
from docxtpl import DocxTemplate, InlineImage, RichText
from lxml import etree

from vanban.errors import MissingVariablesError, TemplateError
from vanban.render.builtin import builtin_template
from vanban.render.environment import MissingRecorder, make_environment
from vanban.render.zipparts import Member, read_members, write_package

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsi": "http://www.w3.org/2001/XMLSchema-instance",
}
_REL_TYPES = {
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header": "header",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer": "footer",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes": "footnotes",
}
try:  # Subdoc needs the optional docxcompose package
    from docxtpl.subdoc import Subdoc

    _PACKAGE_VALUES: tuple[type, ...] = (InlineImage, Subdoc)
except ImportError:  # pragma: no cover - depends on what is installed
    _PACKAGE_VALUES = (InlineImage,)
_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_TAG = re.compile(r"\{[{%#]")
_TC_LOOP = re.compile(r"\{%-?\s*tc\s")
_DOCPR_ID = re.compile(r'(<wp:docPr\b[^>]*?\bid=")\d+(")')
_PLACEHOLDER = "VANBAN-BODY-PLACEHOLDER"
# Core properties docxtpl renders as templates (DocxTemplate.render_properties).
_PROPERTIES = {
    "author": "dc:creator",
    "comments": "dc:description",
    "identifier": "dc:identifier",
    "language": "dc:language",
    "subject": "dc:subject",
    "title": "dc:title",
}
COMPRESSION_LEVEL = 6


@dataclass(frozen=True)
class _Part:
    """A templated part: its name, what it is, and its compiled template."""

    name: str
    kind: str  # "body", "header", "footer", "footnotes"
    compiled: jinja2.Template
    source: str  # the patched XML, for error messages
    prefix: str  # document XML before the body (body parts only)
    suffix: str
    fix_tables: bool


class Template:
    """A docxtpl-style .docx template, loaded and compiled once; safe to render from many threads.

    ``source`` is a path, a built-in template's name ("ke_hoach") or the .docx bytes.
    """

    def __init__(self, source: str | os.PathLike[str] | bytes, *, name: str | None = None) -> None:
        if isinstance(source, bytes):
            data, default_name = source, "<template bytes>"
        else:
            path = locate(source)
            data, default_name = path.read_bytes(), path.name
        self.name = name or default_name
        self._data = data
        self._env = make_environment()
        try:
            members, contents = read_members(data)
        except Exception as error:
            raise TemplateError(f"{self.name}: not a .docx (zip) file: {error}") from None
        self._members = members
        self._parts: dict[str, _Part] = {}
        for part_name, kind in _templated_parts(contents).items():
            part = self._compile(part_name, kind, contents[part_name])
            if part is not None:
                self._parts[part_name] = part
        self._core_name = "docProps/core.xml" if "docProps/core.xml" in contents else None
        self._core_source = contents.get("docProps/core.xml", b"")
        self._core_sources = self._property_sources()
        self._core_templates = {
            tag: self._env.from_string(text) for tag, text in self._core_sources.items()
        }
        self.variables: list[str] = sorted(self._find_variables())
        """The names the template uses at its top level, sorted."""

    # --- loading ------------------------------------------------------------------------------

    def _compile(self, part_name: str, kind: str, blob: bytes) -> _Part | None:
        root = etree.fromstring(blob)
        prefix = suffix = ""
        if kind == "body":
            body = root.find("w:body", NS)
            if body is None:
                raise TemplateError(f"{self.name}: {part_name} has no w:body")
            xml = etree.tostring(body, encoding="unicode")
            placeholder = etree.Element(_PLACEHOLDER)
            root.replace(body, placeholder)
            whole = etree.tostring(root, encoding="unicode")
            prefix, suffix = whole.split(f"<{_PLACEHOLDER}/>")
        else:
            xml = etree.tostring(root, encoding="unicode")
        if not _TAG.search(xml):
            return None
        patched = DocxTemplate.patch_xml(None, xml)
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)
        try:
            compiled = self._env.from_string(source)
        except jinja2.TemplateSyntaxError as error:
            raise TemplateError(
                f"{self.name}: {part_name}: template syntax error: {error.message}; near: "
                f"{_nearby(source, error.lineno)!r}"
            ) from None
        return _Part(part_name, kind, compiled, source, prefix, suffix, bool(_TC_LOOP.search(xml)))

    def _property_sources(self) -> dict[str, str]:
        """The core properties that hold template tags, as docxtpl renders them."""
        if not self._core_source:
            return {}
        root = etree.fromstring(self._core_source)
        sources = {}
        for tag in _PROPERTIES.values():
            element = root.find(tag, NS)
            if element is not None and element.text and _TAG.search(element.text):
                sources[tag] = element.text
        return sources

    def _find_variables(self) -> set[str]:
        names: set[str] = set()
        for source in [*(p.source for p in self._parts.values()), *self._core_sources.values()]:
            names |= jinja2.meta.find_undeclared_variables(self._env.parse(source))
        return names

    # --- rendering ----------------------------------------------------------------------------

    def render(
        self, context: Mapping[str, Any], *, properties: Mapping[str, Any] | None = None
    ) -> bytes:
        """Render ``context`` (a plain mapping) into a complete .docx and return its bytes.

        ``properties`` sets core properties afterwards (title, author, subject, keywords,
        category, last_modified_by, created). Every variable the template uses and the context
        lacks is reported at once by :class:`vanban.MissingVariablesError`.
        """
        context = dict(context)
        bound = _bound_template(context)
        if bound is not None:
            return self._render_with_docxtpl(bound, context, properties)
        recorder = MissingRecorder()
        rendered: dict[str, bytes] = {}
        with recorder:
            for part in self._parts.values():
                rendered[part.name] = self._render_part(part, context, recorder)
            core = self._render_core(context, properties)
        missing = recorder.unique()
        if missing:
            raise MissingVariablesError(missing, self.name)
        if core is not None and self._core_name is not None:
            rendered[self._core_name] = core
        members = [
            Member.from_bytes(m.name, rendered[m.name], m.date_time, COMPRESSION_LEVEL)
            if m.name in rendered
            else m
            for m in self._members
        ]
        return write_package(members)

    def _render_part(
        self, part: _Part, context: dict[str, Any], recorder: MissingRecorder
    ) -> bytes:
        try:
            xml = part.compiled.render(context)
        except jinja2.UndefinedError:
            raise MissingVariablesError(recorder.unique() or ["?"], self.name) from None
        except (ValueError, TypeError) as error:
            if recorder.unique():
                raise MissingVariablesError(recorder.unique(), self.name) from error
            raise TemplateError(
                f"{self.name}: a value the template filters was refused: {error}"
            ) from error
        # The steps of DocxTemplate.render_xml_part after Jinja, in docxtpl's order.
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = (
            xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        )
        if any(ch in xml for ch in "\t\a\n\f"):
            xml = DocxTemplate.resolve_listing(None, xml)
        if part.kind == "body":
            if part.fix_tables:
                xml = etree.tostring(DocxTemplate.fix_tables(None, xml), encoding="unicode")
            if "<wp:docPr" in xml:
                counter = iter(range(1001, 1_000_000))
                xml = _DOCPR_ID.sub(lambda m: f"{m.group(1)}{next(counter)}{m.group(2)}", xml)
            xml = part.prefix + xml + part.suffix
        document = _DECLARATION + xml
        try:
            etree.fromstring(document.encode("utf-8"))
        except etree.XMLSyntaxError as error:
            line = error.position[0]
            raise TemplateError(
                f"{self.name}: {part.name}: the rendered XML is not well-formed ({error.msg}) "
                f"near: {_nearby(document, line)!r}; a value may carry raw XML (|safe, Markup)"
            ) from None
        return document.encode("utf-8")

    def _render_core(
        self, context: dict[str, Any], properties: Mapping[str, Any] | None
    ) -> bytes | None:
        if not self._core_templates and not properties:
            return None
        root = etree.fromstring(self._core_source)
        for tag, template in self._core_templates.items():
            _set(root, tag, template.render(context))
        for key, value in (properties or {}).items():
            _set_property(root, key, value)
        data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return data

    def _render_with_docxtpl(
        self, tpl: DocxTemplate, context: dict[str, Any], properties: Mapping[str, Any] | None
    ) -> bytes:
        recorder = MissingRecorder()
        try:
            with recorder:
                tpl.render(context, jinja_env=make_environment(), autoescape=True)
        except jinja2.TemplateSyntaxError as error:
            raise TemplateError(f"{self.name}: template syntax error: {error.message}") from None
        except jinja2.UndefinedError:
            pass
        except (ValueError, TypeError) as error:
            if not recorder.unique():
                raise TemplateError(
                    f"{self.name}: a value the template filters was refused: {error}"
                ) from error
        if recorder.unique():
            raise MissingVariablesError(recorder.unique(), self.name)
        props = tpl.docx.core_properties
        for key, value in (properties or {}).items():
            setattr(props, key, value)
        buffer = io.BytesIO()
        tpl.save(buffer)
        return buffer.getvalue()

    def docxtpl(self) -> DocxTemplate:
        """A fresh docxtpl ``DocxTemplate`` of this template, for building ``InlineImage``,
        ``Subdoc`` or hyperlinked ``RichText`` values; pass them in the context of :meth:`render`."""
        return DocxTemplate(io.BytesIO(self._data))

    def __repr__(self) -> str:
        return f"<Template {self.name!r}: {len(self._parts)} templated part(s), {len(self.variables)} variable(s)>"


def _templated_parts(contents: Mapping[str, bytes]) -> dict[str, str]:
    """Part name -> kind, for the main document and the headers, footers and footnotes it uses."""
    rels = etree.fromstring(contents["_rels/.rels"])
    main = next(
        (r.get("Target", "") for r in rels if r.get("Type", "").endswith("/officeDocument")),
        "word/document.xml",
    ).lstrip("/")
    parts = {main: "body"}
    folder, _, filename = main.rpartition("/")
    rels_name = f"{folder}/_rels/{filename}.rels" if folder else f"_rels/{filename}.rels"
    if rels_name in contents:
        for rel in etree.fromstring(contents[rels_name]):
            kind = _REL_TYPES.get(rel.get("Type", ""))
            if kind is not None and rel.get("TargetMode") != "External":
                target = rel.get("Target", "")
                name = (
                    target.lstrip("/")
                    if target.startswith("/")
                    else f"{folder}/{target}"
                    if folder
                    else target
                )
                if name in contents:
                    parts[name] = kind
    return parts


def _bound_template(context: Mapping[str, Any]) -> DocxTemplate | None:
    """The DocxTemplate that InlineImage/Subdoc/hyperlinked RichText values are bound to, if any."""
    found: list[DocxTemplate] = []

    def walk(value: Any) -> None:
        if isinstance(value, _PACKAGE_VALUES):
            found.append(cast(Any, value).tpl)
        elif isinstance(value, RichText) and "<w:hyperlink" in str(value):
            raise TemplateError(
                "a RichText with a hyperlink needs its DocxTemplate: build it with "
                "tpl = template.docxtpl() and put an InlineImage or Subdoc of that tpl in the context, "
                "or render with docxtpl directly"
            )
        elif isinstance(value, Mapping):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    walk(context)
    if not found:
        return None
    first = found[0]
    if any(tpl is not first for tpl in found):
        raise TemplateError(
            "the InlineImage/Subdoc values of one render must come from one template.docxtpl()"
        )
    return first


def _set(root: etree._Element, tag: str, text: str) -> None:
    element = root.find(tag, NS)
    if element is None:
        prefix, local = tag.split(":")
        element = etree.SubElement(root, f"{{{NS[prefix]}}}{local}")
    element.text = text


_PROPERTY_TAGS = {
    "title": "dc:title",
    "author": "dc:creator",
    "subject": "dc:subject",
    "keywords": "cp:keywords",
    "category": "cp:category",
    "comments": "dc:description",
    "last_modified_by": "cp:lastModifiedBy",
}


def _set_property(root: etree._Element, key: str, value: Any) -> None:
    if key in ("created", "modified"):
        stamp = value if isinstance(value, datetime) else datetime.combine(value, time())
        _set(root, f"dcterms:{key}", stamp.strftime("%Y-%m-%dT%H:%M:%SZ"))
        element = root.find(f"dcterms:{key}", NS)
        assert element is not None
        element.set(f"{{{NS['xsi']}}}type", "dcterms:W3CDTF")
        return
    if key not in _PROPERTY_TAGS:
        raise ValueError(
            f"unknown core property {key!r}; known: {', '.join([*_PROPERTY_TAGS, 'created', 'modified'])}"
        )
    _set(root, _PROPERTY_TAGS[key], str(value))


def _nearby(source: str, lineno: int | None) -> str:
    lines = source.splitlines()
    if not lines:
        return ""
    index = max(0, min((lineno or 1) - 1, len(lines) - 1))
    text = " ".join(re.sub(r"<[^>]+>", "", line) for line in lines[max(0, index - 1) : index + 2])
    return " ".join(text.split())[:160]


def locate(source: str | os.PathLike[str]) -> Path:
    """The file of a template given as a path or a built-in name ("ke_hoach")."""
    path = Path(source)
    if path.is_file():
        return path
    if not path.suffix:
        try:
            return builtin_template(str(source))
        except (ValueError, TemplateError):
            pass
    raise TemplateError(f"template {str(source)!r} is not a file nor a built-in template")

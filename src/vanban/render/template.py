"""Compile once, render many: a docxtpl-compatible template loaded and compiled a single time.

docxtpl, for every document, reopens the .docx with python-docx, re-runs its XML clean-up
(``patch_xml``), recompiles the Jinja template and re-serialises and re-compresses every part.
:class:`Template` does the clean-up and the compilation once per templated part (body, headers,
footers, footnotes, core properties) and, per document, only renders the compiled templates,
checks the result is well-formed XML, compresses the parts that changed and copies the others as
they are. It calls docxtpl's own clean-up functions (``patch_xml``, ``resolve_listing``,
``fix_tables``) so the output has the same text and structure as docxtpl's for the same template
and context.

A part is rendered in batches (:meth:`Template._render_member`): Jinja's output is cut after a
``</w:p>``, each batch cleaned up, encoded, checked by a parser that builds nothing and compressed
while the next is made, so a document is never held whole (a 100 000-row table renders in about
7 MiB more than the process had); the whole-part path (:meth:`Template._render_part`) is the
reference the tests compare it with, byte for byte, and names the fault of a part the check
refuses.

Features that add parts to the package (docxtpl's ``InlineImage``, ``Subdoc``, hyperlinks in
``RichText``) are rendered through docxtpl itself: create them with ``tpl = template.docxtpl()``
and pass them in the context; :meth:`Template.render` notices them and renders through that
``tpl``, with the same strictness and the same sandbox. docxtpl changes its ``tpl`` while it
renders, so renders through one ``tpl`` take turns (a lock per ``tpl``). A ``tpl`` must come
from ``docxtpl()`` of a template with the same bytes.

Every template is untrusted: it renders in the sandbox of :mod:`vanban.render.sandbox`, and its
package is read and checked by :mod:`vanban.render.package` within :class:`PackageLimits`, and
its output never nests deeper than vanban's readers accept: proven when it is loaded
(:mod:`vanban.render.depth`), else counted by the check of each render.
"""

from __future__ import annotations

import contextlib
import html
import io
import itertools
import os
import re
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any, cast
from xml.parsers import expat

import jinja2
import jinja2.meta
from docxtpl import DocxTemplate, InlineImage, RichText
from jinja2.exceptions import SecurityError
from lxml import etree

from vanban.errors import (
    MissingVariablesError,
    PackageError,
    TemplateError,
    UnsafeTemplateError,
    UnstorableCharacterError,
)
from vanban.render.builtin import builtin_template
from vanban.render.context import check_context
from vanban.render.depth import MAX_DEPTH, UnbalancedLoop, part_bound
from vanban.render.environment import MissingRecorder, make_environment
from vanban.render.package import (
    DEFAULT_LIMITS,
    Package,
    PackageLimits,
    parse_xml,
    read_file,
    read_package,
    safe_parser,
)
from vanban.render.shapes import Marks, Shapes, can_mark, split, unmarked, watch
from vanban.render.zipparts import LastMember, Member, write_package

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
COMPRESSION_LEVEL = 2
"""zlib level of the parts a render changes. Measured on the reference plan's document.xml
(48 267 bytes; CPU time per compression, best of five runs of 500, docs/performance.md): level 6,
zlib's default, 557 µs and 7 926 bytes; level 3, 130 µs and 9 062 bytes; level 2, 100 µs and
9 521 bytes; level 1, 96 µs and 10 038 bytes. Level 2 takes 82 % less time than 6 and 23 % less
than 3, for 1.6 KB more than 6 in a file of some 20 KB (0.5 KB more than 3); level 1 saves 4 µs
more for another 0.5 KB."""
BATCH_CHARS = 256 * 1024
"""About how many characters of a part's rendered XML are finished, checked and compressed at a
time: small enough that a big document is never held whole, large enough that a batch's fixed
costs do not show."""


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
    head: bytes  # the XML declaration and the prefix, encoded once
    tail: bytes  # the suffix, encoded once
    depth: int | None  # the most elements its output nests, proven at load for a plain context
    count_depth: bool  # the depth bound is not proven at load: count it on every render
    variables: frozenset[str]  # the names it uses at its top level
    markable: bool  # its values may be marked, so its output is checked once per shape
    shapes: Shapes  # the shapes of its output already checked
    last: LastMember  # its member for the output it last gave


class Template:
    """A docxtpl-style .docx template, loaded and compiled once; safe to render from many threads.

    ``source`` is a path, a built-in template's name ("ke_hoach") or the .docx bytes. The template
    renders in vanban's sandbox with vanban's filters; ``filters`` and ``globals`` add the
    caller's own (``Template(path, filters={"dau": dau})``), which run unsandboxed themselves, as
    the caller's code. ``limits`` bounds what reading the package and compiling it may cost
    (:class:`PackageLimits`; its defaults pass every real template vanban knows).
    """

    def __init__(
        self,
        source: str | os.PathLike[str] | bytes,
        *,
        name: str | None = None,
        filters: Mapping[str, Any] | None = None,
        globals: Mapping[str, Any] | None = None,
        limits: PackageLimits | None = None,
    ) -> None:
        limits = limits or DEFAULT_LIMITS
        if isinstance(source, bytes):
            data, default_name = source, "<template bytes>"
        else:
            path = locate(source)
            default_name = path.name
            data = read_file(path, limits)
        self.name = name or default_name
        self.limits = limits
        self._data = data
        self._filters = dict(filters or {})
        self._globals = dict(globals or {})
        self._env = make_environment(filters=self._filters, globals=self._globals, marks=True)
        self._text_env = make_environment(
            filters=self._filters, globals=self._globals, autoescape=False
        )
        package = read_package(data, self.name, limits)
        self._members = package.members
        self._by_name = {m.name: m for m in package.members}
        self._parts: dict[str, _Part] = {}
        sources = {
            part_name: (kind, *self._part_source(package, part_name, kind))
            for part_name, kind in _templated_parts(package).items()
        }
        self._core_last = LastMember()  # the core properties of a batch are often the same
        self._core_name = "docProps/core.xml" if "docProps/core.xml" in package else None
        self._core_source = package.read(self._core_name) if self._core_name else b""
        self._core_sources = self._property_sources()
        tags = sum(len(_TAG.findall(xml)) for _, xml, _, _ in sources.values())
        tags += sum(len(_TAG.findall(text)) for text in self._core_sources.values())
        if tags > limits.max_tags:
            raise TemplateError(
                f"{self.name}: the template holds {tags} tags, over the limit of "
                f"{limits.max_tags} (PackageLimits.max_tags); compiling costs about 0.15 ms "
                "and 14 KiB per tag (docs/security.md)"
            )
        for part_name, (kind, xml, prefix, suffix) in sources.items():
            part = self._compile(part_name, kind, xml, prefix, suffix)
            if part is not None:
                self._parts[part_name] = part
        self._core_templates = {
            tag: self._compile_text(f"{self._core_name} ({tag})", text, text=True)
            for tag, text in self._core_sources.items()
        }
        self.variables: list[str] = sorted(self._find_variables())
        """The names the template uses at its top level, sorted."""

    # --- loading ------------------------------------------------------------------------------

    def _part_source(self, package: Package, part_name: str, kind: str) -> tuple[str, str, str]:
        """A part's XML as text (for the body: the w:body element) and what surrounds it."""
        root = package.xml(part_name)
        prefix = suffix = ""
        if kind == "body":
            body = root.find("w:body", NS)
            if body is None:
                raise PackageError(f"{self.name}: {part_name} has no w:body")
            xml = etree.tostring(body, encoding="unicode")
            placeholder = etree.Element(_PLACEHOLDER)
            root.replace(body, placeholder)
            whole = etree.tostring(root, encoding="unicode")
            prefix, suffix = whole.split(f"<{_PLACEHOLDER}/>")
        else:
            xml = etree.tostring(root, encoding="unicode")
        return xml, prefix, suffix

    def _compile(
        self, part_name: str, kind: str, xml: str, prefix: str, suffix: str
    ) -> _Part | None:
        if not _TAG.search(xml):
            return None
        patched = DocxTemplate.patch_xml(None, xml)
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", patched)
        tree = self._parse(part_name, source)  # once: for the bound, the code and the names
        try:
            bound = part_bound(
                tree,
                _DECLARATION + prefix,
                filters=set(self._filters),
                globals=set(self._globals),
            )
        except UnbalancedLoop as loop:
            raise UnsafeTemplateError(
                f"{self.name}: {part_name}: line {loop.lineno}: {loop.what} whose body opens "
                f"elements it does not close (it changes the depth by {loop.effect.low}"
                + (f" to {loop.effect.high}" if loop.effect.high != loop.effect.low else "")
                + f"), so the document could nest deeper than {MAX_DEPTH} levels; near: "
                f"{_nearby(source, loop.lineno)!r}"
            ) from None
        compiled = self._compile_text(part_name, source, tree=tree)
        variables = frozenset(jinja2.meta.find_undeclared_variables(tree))
        head = (_DECLARATION + prefix).encode("utf-8")
        return _Part(
            part_name,
            kind,
            compiled,
            source,
            prefix,
            suffix,
            bool(_TC_LOOP.search(xml)),
            head,
            suffix.encode("utf-8"),
            bound.depth,
            bound.per_render,
            variables,
            can_mark(tree),
            Shapes(),
            LastMember(),
        )

    @contextlib.contextmanager
    def _compiling(self, where: str, source: str) -> Iterator[None]:
        """Jinja's syntax errors, and a source nested too deeply for the compiler, as
        :class:`TemplateError` naming the template, the part and the text near the fault."""
        try:
            yield
        except jinja2.TemplateSyntaxError as error:
            raise TemplateError(
                f"{self.name}: {where}: template syntax error: {error.message}; near: "
                f"{_nearby(source, error.lineno)!r}"
            ) from None
        except RecursionError:
            raise TemplateError(
                f"{self.name}: {where}: the template nests its tags too deeply to compile"
            ) from None

    def _parse(self, where: str, source: str) -> jinja2.nodes.Template:
        """Parse one part's template source (:meth:`_compile_text` compiles what it gives)."""
        with self._compiling(where, source):
            return self._env.parse(source)

    def _compile_text(
        self,
        where: str,
        source: str,
        *,
        text: bool = False,
        tree: jinja2.nodes.Template | None = None,
    ) -> jinja2.Template:
        """Compile one part's (or, with ``text``, one core property's) template source, or the
        ``tree`` :meth:`_parse` made of it."""
        with self._compiling(where, source):
            return (self._text_env if text else self._env).from_string(
                source if tree is None else tree
            )

    def _property_sources(self) -> dict[str, str]:
        """The core properties that hold template tags, as docxtpl renders them."""
        if not self._core_source:
            return {}
        root = parse_xml(self._core_source, f"{self.name}: {self._core_name}")
        sources = {}
        for tag in _PROPERTIES.values():
            element = root.find(tag, NS)
            if element is not None and element.text and _TAG.search(element.text):
                sources[tag] = element.text
        return sources

    def _find_variables(self) -> set[str]:
        names: set[str] = set()
        for part in self._parts.values():
            names |= part.variables
        for source in self._core_sources.values():
            names |= jinja2.meta.find_undeclared_variables(self._env.parse(source))
        return names

    # --- rendering ----------------------------------------------------------------------------

    def render(
        self, context: Mapping[str, Any], *, properties: Mapping[str, Any] | None = None
    ) -> bytes:
        """Render ``context`` (a plain mapping) into a complete .docx and return its bytes.

        ``properties`` sets core properties afterwards (title, author, subject, keywords,
        category, last_modified_by, created). Every variable the template uses and the context
        lacks is reported at once by :class:`vanban.MissingVariablesError`; a value holding a
        character XML cannot store raises :class:`vanban.UnstorableCharacterError` naming it; what
        the sandbox refuses raises :class:`vanban.UnsafeTemplateError`.

        Values come out exactly as given: text that looks like a tag (``{{ x }}``, ``{_{``) is
        text. A line feed (``\\n``), a carriage return and line feed (``\\r\\n``) and a lone
        carriage return (``\\r``) each become one line break (``<w:br/>``), which reads back as
        ``\\n``.
        """
        return self._render(dict(context), properties, search=True)

    def _render(
        self, context: dict[str, Any], properties: Mapping[str, Any] | None, *, search: bool
    ) -> bytes:
        """:meth:`render`; ``search=False`` skips the search of the context for docxtpl-bound
        values, for a context that cannot hold one (a model's: plain values only)."""
        bound, plain = _scan_context(context) if search else (None, True)
        if bound is not None:
            return self._render_with_docxtpl(bound, context, properties)
        recorder = MissingRecorder()
        rendered: dict[str, Member] = {}
        with recorder:
            for part in self._parts.values():
                count_depth = part.count_depth or not plain
                rendered[part.name] = self._render_member(part, context, recorder, count_depth)
            core = self._render_core(context, properties, recorder)
        missing = recorder.unique()
        if missing:
            raise MissingVariablesError(missing, self.name)
        if core is not None and self._core_name is not None:
            original = self._by_name[self._core_name]
            rendered[original.name] = self._core_last.member(
                core,
                lambda: Member.from_bytes(
                    original.name, core, original.date_time, COMPRESSION_LEVEL
                ),
            )
        return write_package([rendered.get(m.name, m) for m in self._members])

    @contextlib.contextmanager
    def _errors(self, where: str, source: str, recorder: MissingRecorder) -> Iterator[None]:
        """Jinja's and the filters' errors while rendering one template, as vanban's."""
        try:
            yield
        except SecurityError as error:
            raise _refused(self.name, where, source, error) from None
        except jinja2.UndefinedError:
            raise MissingVariablesError(recorder.unique() or ["?"], self.name) from None
        except RecursionError:
            raise TemplateError(f"{self.name}: {where}: the template recursed too deeply") from None
        except (ValueError, TypeError) as error:
            if recorder.unique():
                raise MissingVariablesError(recorder.unique(), self.name) from error
            raise TemplateError(
                f"{self.name}: a value the template filters was refused: {error}"
            ) from error

    def _run(
        self,
        where: str,
        template: jinja2.Template,
        source: str,
        context: dict[str, Any],
        recorder: MissingRecorder,
    ) -> str:
        """Render one compiled template, turning Jinja's and the filters' errors into vanban's."""
        with self._errors(where, source, recorder):
            return template.render(context)

    # The fast path: a part rendered, post-processed, checked and compressed in pieces, so that
    # nothing of it is held whole (a 100 000-row table is 55 MB of XML) and nothing that does
    # not depend on the data is done per document.

    def _render_member(
        self,
        part: _Part,
        context: dict[str, Any],
        recorder: MissingRecorder,
        count_depth: bool = True,
    ) -> Member:
        """One templated part rendered into its compressed zip member.

        The rendered XML goes through a non-validating XML parser as it is compressed (the same
        bytes, in the same pieces): a document that is not well-formed is never written. When
        the parser refuses it, the part is rendered again by :meth:`_render_part`, the reference
        path, which names the fault (or the value that holds a character XML cannot store).

        The parser sets no limit on how deeply elements nest; vanban's readers do
        (:data:`vanban.render.depth.MAX_DEPTH`). The template proves the bound when it is loaded
        (:mod:`vanban.render.depth`) for a plain context; otherwise (``count_depth``) the parser
        also counts the depth, and a part nested deeper is refused as one not well-formed is.
        """
        original = self._by_name[part.name]
        try:
            checked = self._checked(part, context, recorder, count_depth)
            if isinstance(checked, bytes):  # one batch, its shape checked: the same output as
                # last time is the same member (headers and footers, mostly)
                return part.last.member(
                    checked,
                    lambda: Member.from_pieces(
                        part.name,
                        (part.head, checked, part.tail),
                        original.date_time,
                        COMPRESSION_LEVEL,
                    ),
                )
            return Member.from_pieces(part.name, checked, original.date_time, COMPRESSION_LEVEL)
        except _NotWellFormed:
            data = self._render_part(part, context, recorder)  # raises, naming the fault
            return Member.from_bytes(part.name, data, original.date_time, COMPRESSION_LEVEL)

    def _checked(
        self,
        part: _Part,
        context: dict[str, Any],
        recorder: MissingRecorder,
        count_depth: bool = True,
    ) -> bytes | Iterator[bytes]:
        """The part's output, well-formed: the rendered text between its head and its tail
        when it is one batch checked by its shape (:mod:`vanban.render.shapes`; not checked at
        all when the part has seen that shape), else all its bytes in pieces, each checked (with
        ``count_depth``, its depth too) before it is given out. :class:`_NotWellFormed` when a
        check (or the UTF-8 encoding) fails: at once for one batch, as the pieces come else.
        """
        marks = Marks() if part.markable else None
        texts = self._texts(part, context, recorder, marks)
        try:
            first = next(texts)
            second = next(texts, None)
            if marks is not None and marks.spoiled:
                raise _NotWellFormed  # a value the marks cannot hold: the reference path names it
            if marks is not None and second is None:
                try:
                    document, shape = split(first.encode("utf-8"))
                except ValueError:  # a mark no value placed (spoiled says so first)
                    raise _NotWellFormed from None
                if shape not in part.shapes:
                    checker = well_formedness_checker(count_depth=count_depth)
                    checker.Parse(part.head, False)
                    checker.Parse(shape, False)
                    checker.Parse(part.tail, True)
                    part.shapes.add(shape)
                return document
        except (UnicodeEncodeError, expat.ExpatError, _TooDeep, etree.XMLSyntaxError):
            raise _NotWellFormed from None  # XMLSyntaxError: from docxtpl's column-loop fix
        rest = itertools.chain([first], [] if second is None else [second], texts)
        return self._checked_pieces(part, rest, marks, count_depth)

    def _checked_pieces(
        self, part: _Part, texts: Iterator[str], marks: Marks | None, count_depth: bool
    ) -> Iterator[bytes]:
        """The part's bytes in pieces from its rendered ``texts``, each fed to a
        well-formedness check before it is given out."""
        checker = well_formedness_checker(count_depth=count_depth)
        try:
            checker.Parse(part.head, False)
            yield part.head
            for text in texts:
                data = text.encode("utf-8")
                if marks is not None:
                    if marks.spoiled:
                        raise _NotWellFormed
                    data = unmarked(data)
                checker.Parse(data, False)
                yield data
            checker.Parse(part.tail, True)
            yield part.tail
        except (UnicodeEncodeError, expat.ExpatError, _TooDeep, etree.XMLSyntaxError):
            raise _NotWellFormed from None

    def _texts(
        self,
        part: _Part,
        context: dict[str, Any],
        recorder: MissingRecorder,
        marks: Marks | None = None,
    ) -> Iterator[str]:
        """The part's rendered XML (without what precedes and follows the body) in batches,
        each finished as docxtpl finishes the whole (:meth:`_finish`); with ``marks``, its
        values marked."""
        counter = iter(range(1001, 1_000_000))
        batches = self._batches(part, context, recorder, marks)
        if part.fix_tables:  # docxtpl's column-loop fix works on the whole part
            yield self._finish(part, "".join(batches), counter, whole=True)
            return
        for batch in batches:
            yield self._finish(part, batch, counter)

    def _batches(
        self,
        part: _Part,
        context: dict[str, Any],
        recorder: MissingRecorder,
        marks: Marks | None = None,
    ) -> Iterator[str]:
        """Jinja's output of the part, joined into batches of about :data:`BATCH_CHARS`
        characters, each cut just after a ``</w:p>``.

        A cut there splits no match of any step of :meth:`_finish` (a paragraph, a run, a
        ``\n<w:p``, a ``\r\n``, a tag), so finishing the batches one by one gives what
        finishing the whole would.
        """
        compiled = part.compiled
        pending: list[str] = []
        size = 0
        limit = BATCH_CHARS
        with self._errors(part.name, part.source, recorder):
            try:
                render = compiled.new_context(context)
                if marks is not None:
                    watch(render.eval_ctx, marks)
                for chunk in compiled.root_render_func(render):
                    pending.append(chunk)
                    size += len(chunk)
                    if size >= limit:
                        text = "".join(pending)
                        cut = text.rfind("</w:p>") + len("</w:p>")
                        if cut >= len("</w:p>"):
                            yield text[:cut]
                            text = text[cut:]
                        pending, size = [text], len(text)
                        limit = max(BATCH_CHARS, 2 * size)  # a long paragraph: grow, not rejoin
            except Exception:
                compiled.environment.handle_exception()  # the template's line numbers, as render
        yield "".join(pending)

    def _finish(self, part: _Part, xml: str, counter: Iterator[int], *, whole: bool = False) -> str:
        """The steps of DocxTemplate.render_xml_part after Jinja, in docxtpl's order, except that
        its literal-tag escapes were undone at compile time (sandbox.LiteralTags), in the
        template's text only. ``whole``: ``xml`` is the whole part, so columns loops can be fixed.
        """
        # docxtpl's re.sub(r"\n<w:p([ >])", r"<w:p\1", xml), as two plain replacements
        xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")
        xml = _line_feeds(xml)
        if "\t" in xml or "\a" in xml or "\n" in xml or "\f" in xml:
            xml = DocxTemplate.resolve_listing(None, xml)
        if part.kind == "body":
            if whole and part.fix_tables:
                xml = _fix_tables(xml)
            if "<wp:docPr" in xml:
                xml = _DOCPR_ID.sub(lambda m: f"{m.group(1)}{next(counter)}{m.group(2)}", xml)
        return xml

    def _render_part(
        self, part: _Part, context: dict[str, Any], recorder: MissingRecorder
    ) -> bytes:
        """The reference path: the part rendered whole, finished whole and parsed by lxml.

        The fast path (:meth:`_render_member`) gives the same bytes (tests compare them on every
        example); this one names the fault when the rendered XML is not well-formed.
        """
        xml = self._run(part.name, part.compiled, part.source, context, recorder)
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = _line_feeds(xml)
        if any(ch in xml for ch in "\t\a\n\f"):
            xml = DocxTemplate.resolve_listing(None, xml)
        if part.kind == "body":
            if part.fix_tables:
                # docxtpl's fix parses with recover=True, which drops silently what is not
                # well-formed or nests too deeply: the whole part is checked strictly first
                self._parsed(part, context, _DECLARATION + part.prefix + xml + part.suffix)
                xml = _fix_tables(xml)
            if "<wp:docPr" in xml:
                counter = iter(range(1001, 1_000_000))
                xml = _DOCPR_ID.sub(lambda m: f"{m.group(1)}{next(counter)}{m.group(2)}", xml)
            xml = part.prefix + xml + part.suffix
        return self._parsed(part, context, _DECLARATION + xml)

    def _parsed(self, part: _Part, context: dict[str, Any], document: str) -> bytes:
        """The part's ``document`` as UTF-8, parsed by lxml's safe parser; else the fault named."""
        try:
            data = document.encode("utf-8")
            etree.fromstring(data, safe_parser())
        except (UnicodeEncodeError, etree.XMLSyntaxError) as error:
            check_context(context)  # a value XML cannot store: named by its path
            raise _not_well_formed(f"{self.name}: {part.name}", document, error) from None
        return data

    def _render_core(
        self,
        context: dict[str, Any],
        properties: Mapping[str, Any] | None,
        recorder: MissingRecorder,
    ) -> bytes | None:
        if not self._core_templates and not properties:
            return None
        root = parse_xml(self._core_source, f"{self.name}: {self._core_name}")
        try:
            for tag, template in self._core_templates.items():
                where = f"{self._core_name} ({tag})"
                text = self._run(where, template, self._core_sources[tag], context, recorder)
                _set(root, tag, _line_feeds(text))
            for key, value in (properties or {}).items():
                _set_property(root, key, value)
        except ValueError as error:
            if "XML compatible" not in str(error):
                raise
            check_context(context)
            check_context(dict(properties or {}), "properties")
            raise UnstorableCharacterError(
                f"{self.name}: a core property holds a character XML cannot store"
            ) from None
        data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        return data

    def _render_with_docxtpl(
        self, tpl: DocxTemplate, context: dict[str, Any], properties: Mapping[str, Any] | None
    ) -> bytes:
        if not isinstance(tpl, _BoundDocxTemplate) or tpl.vanban_data != self._data:
            raise TemplateError(
                f"{self.name}: the InlineImage/Subdoc values were built on a DocxTemplate that "
                "is not this template's: build them with tpl = template.docxtpl() of the "
                "template you render with"
            )
        check_context(context)
        recorder = MissingRecorder()
        with tpl.vanban_lock:  # docxtpl rebuilds tpl.docx on every render: one at a time
            tpl.vanban_setup(self, recorder)
            try:
                with recorder:
                    try:
                        tpl.render(context, jinja_env=self._env, autoescape=True)
                    except BaseException:
                        # half rendered: docxtpl starts from the template again only after a
                        # render it finished, so it is told this one finished
                        tpl.is_rendered = True
                        raise
            except jinja2.TemplateSyntaxError as error:
                raise TemplateError(
                    f"{self.name}: template syntax error: {error.message}"
                ) from None
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
        ``Subdoc`` or hyperlinked ``RichText`` values; pass them in the context of :meth:`render`.

        Renders through one such ``tpl`` take turns, so it may be shared between threads; for
        renders in parallel, give each thread its own ``tpl``.
        """
        return _BoundDocxTemplate(self._data)

    def __repr__(self) -> str:
        return f"<Template {self.name!r}: {len(self._parts)} templated part(s), {len(self.variables)} variable(s)>"


class _BoundDocxTemplate(DocxTemplate):  # type: ignore[misc]
    """docxtpl's DocxTemplate as :meth:`Template.docxtpl` makes it: rendering in the template's
    sandbox, with the literal-tag escapes undone in the template only, line feeds as
    :meth:`Template.render` defines them, core properties escaped once, and a lock."""

    def __init__(self, data: bytes) -> None:
        super().__init__(io.BytesIO(data))
        self.vanban_data = data
        self.vanban_lock = threading.Lock()
        self.vanban_template: Template | None = None
        self.vanban_recorder: MissingRecorder | None = None

    def vanban_setup(self, template: Template, recorder: MissingRecorder) -> None:
        """Render for ``template``, recording missing names in ``recorder`` (under the lock)."""
        self.vanban_template = template
        self.vanban_recorder = recorder

    def _where(self, part: Any) -> str:
        return str(getattr(part, "partname", "?")).lstrip("/")

    def render_xml_part(
        self, src_xml: str, part: Any, context: dict[str, Any], jinja_env: Any = None
    ) -> str:
        """docxtpl's render_xml_part, without its unescaping of the rendered XML (data included)."""
        template = self.vanban_template
        assert template is not None and self.vanban_recorder is not None
        src_xml = re.sub(r"<w:p([ >])", r"\n<w:p\1", src_xml)
        self.current_rendering_part = part
        where = self._where(part)
        compiled = template._compile_text(where, src_xml)
        xml = template._run(where, compiled, src_xml, context, self.vanban_recorder)
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = str(self.resolve_listing(_line_feeds(xml)))
        try:  # docxtpl writes headers as they are and parses the body with recover=True,
            # which would cut short, without a word, a part that is broken or too deep
            etree.fromstring(xml.encode("utf-8"), safe_parser())
        except (UnicodeEncodeError, etree.XMLSyntaxError) as error:
            raise _not_well_formed(f"{template.name}: {where}", xml, error) from None
        return xml

    def render_properties(self, context: dict[str, Any], jinja_env: Any = None) -> None:
        """docxtpl's render_properties, with the values escaped once (by lxml), not twice."""
        template = self.vanban_template
        assert template is not None and self.vanban_recorder is not None
        props = self.docx.core_properties
        for prop in ("author", "comments", "identifier", "language", "subject", "title"):
            initial = getattr(props, prop)
            where = f"docProps/core.xml ({prop})"
            compiled = template._compile_text(where, initial, text=True)
            setattr(
                props,
                prop,
                _line_feeds(template._run(where, compiled, initial, context, self.vanban_recorder)),
            )


class _NotWellFormed(Exception):
    """The fast path's check refused a part (see :meth:`Template._render_member`)."""


class _TooDeep(Exception):
    """The checker counted more nested elements than :data:`MAX_DEPTH`."""


def well_formedness_checker(*, count_depth: bool = False) -> expat.XMLParserType:
    """A parser that checks XML is well-formed (XML 1.0, and Namespaces in XML: every prefix
    bound) and builds nothing: no tree, no handlers, fed the rendered bytes as they are made.

    It never reads a DTD: the part's root element starts in the template's own prefix, which
    lxml's safe parser read and vanban wrote without one, and a DOCTYPE after it is not
    well-formed. It refuses what lxml refuses: tests compare the two on generated fragments.

    Expat sets no limit on how deeply elements nest; with ``count_depth`` the parser counts them
    (two handlers, a Python call per element: about 4 times the check's cost) and raises
    :class:`_TooDeep` past :data:`MAX_DEPTH`, where lxml's safe parser stops.
    """
    parser = expat.ParserCreate("UTF-8", namespace_separator=" ")
    if count_depth:
        depth = [0]

        def start(name: str, attributes: object) -> None:
            depth[0] += 1
            if depth[0] > MAX_DEPTH:
                raise _TooDeep

        def end(name: str) -> None:
            depth[0] -= 1

        parser.StartElementHandler = start
        parser.EndElementHandler = end
    return parser


def _not_well_formed(
    where: str, document: str, error: UnicodeEncodeError | etree.XMLSyntaxError
) -> TemplateError:
    """The fault lxml's safe parser found in a rendered part, for ``where`` ("a.docx: part")."""
    message = error.msg if isinstance(error, etree.XMLSyntaxError) else str(error)
    line = error.position[0] if isinstance(error, etree.XMLSyntaxError) else None
    if message.startswith("Excessive depth"):
        return TemplateError(
            f"{where}: the rendered XML nests elements deeper than {MAX_DEPTH} levels, more "
            f"than vanban's readers accept (docs/security.md), near: "
            f"{_nearby(document, line)!r}; a value may carry raw XML (|safe, Markup) or a loop "
            "may open elements it does not close"
        )
    return TemplateError(
        f"{where}: the rendered XML is not well-formed ({message}) near: "
        f"{_nearby(document, line)!r}; a value may carry raw XML (|safe, Markup)"
    )


def _fix_tables(xml: str) -> str:
    """docxtpl's fix of column loops (``{%tc %}``) on a rendered body, refusing (with lxml's
    XMLSyntaxError) a body that is not well-formed or nests too deeply, which docxtpl's own
    parser (``recover=True``) would cut short without a word."""
    etree.fromstring(xml, safe_parser())
    return str(etree.tostring(DocxTemplate.fix_tables(None, xml), encoding="unicode"))


def _line_feeds(text: str) -> str:
    """``\\r\\n`` and a lone ``\\r`` as ``\\n``: XML stores no raw carriage return (a parser reads
    one back as a line feed, XML 1.0 §2.11), and each of the three is one line break in Word."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _refused(name: str, where: str, source: str, error: SecurityError) -> UnsafeTemplateError:
    """The sandbox's refusal, naming the part and the expression that tried."""
    lineno = None
    tb = error.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            lineno = tb.tb_lineno
        tb = tb.tb_next
    lines = source.splitlines() or [source]
    line = lines[lineno - 1] if lineno and 0 < lineno <= len(lines) else source
    text = html.unescape(re.sub(r"<[^>]+>", "", line))
    tags = re.findall(r"\{\{.*?\}\}|\{%.*?%\}", text, re.DOTALL) or [text.strip()[:160]]
    attribute = re.search(r"attribute '([^']+)'", str(error))
    chosen = [t for t in tags if attribute and attribute.group(1) in t] or tags
    return UnsafeTemplateError(f"{name}: {where}: the sandbox refused {chosen[0]}: {error}")


def _templated_parts(package: Package) -> dict[str, str]:
    """Part name -> kind, for the main document and the headers, footers and footnotes it uses."""
    if "_rels/.rels" not in package:
        raise PackageError(f"{package.name}: the package has no _rels/.rels: not a Word document")
    rels = package.xml("_rels/.rels")
    main = next(
        (
            r.get("Target", "")
            for r in rels.iterchildren(f"{{{NS['rel']}}}Relationship")
            if r.get("Type", "").endswith("/officeDocument")
        ),
        "word/document.xml",
    ).lstrip("/")
    if main not in package:
        raise PackageError(
            f"{package.name}: the main part {main!r} that _rels/.rels names is missing"
        )
    parts = {main: "body"}
    folder, _, filename = main.rpartition("/")
    rels_name = f"{folder}/_rels/{filename}.rels" if folder else f"_rels/{filename}.rels"
    if rels_name in package:
        for rel in package.xml(rels_name).iterchildren(f"{{{NS['rel']}}}Relationship"):
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
                if name in package:
                    parts[name] = kind
    return parts


_LEAVES = frozenset({str, int, float, bool, type(None), date, datetime, Decimal})


def _bound_template(context: Mapping[str, Any]) -> DocxTemplate | None:
    """The DocxTemplate that InlineImage/Subdoc/hyperlinked RichText values are bound to, if any."""
    return _scan_context(context)[0]


def _scan_context(context: Mapping[str, Any]) -> tuple[DocxTemplate | None, bool]:
    """The DocxTemplate that InlineImage/Subdoc/hyperlinked RichText values are bound to, if any,
    and whether the context is plain: text, numbers, dates, None, and dicts, lists and tuples of
    them only, so that no value it holds can be raw XML (Markup, RichText, an object whose
    methods may return one) and the depth bound proven at load holds
    (:mod:`vanban.render.depth`)."""
    found: list[DocxTemplate] = []
    plain = True
    pending: list[Any] = [context]
    while pending:  # every value of the context, without recursion; plain types looked at first
        value = pending.pop()
        kind = type(value)
        if kind in _LEAVES:
            continue
        if kind is dict or kind is list or kind is tuple:
            items = value.values() if kind is dict else value
            if kind is dict and plain and not _LEAVES.issuperset(map(type, value)):
                plain = False  # a key that is not plain (a loop over a dict places its keys)
            # a container of plain values only (most of a document's context) is looked at
            # whole, in C, instead of value by value
            if not _LEAVES.issuperset(map(type, items)):
                pending.extend(items)
        elif isinstance(value, _PACKAGE_VALUES):
            plain = False
            found.append(cast(Any, value).tpl)
        elif isinstance(value, RichText):
            plain = False
            if "<w:hyperlink" in str(value):
                raise TemplateError(
                    "a RichText with a hyperlink needs its DocxTemplate: build it with "
                    "tpl = template.docxtpl() and put an InlineImage or Subdoc of that tpl in "
                    "the context, or render with docxtpl directly"
                )
        elif isinstance(value, Mapping):
            plain = False
            pending.extend(value.values())
        elif isinstance(value, list | tuple):
            plain = False
            pending.extend(value)
        else:
            plain = False
    if not found:
        return None, plain
    first = found[0]
    if any(tpl is not first for tpl in found):
        raise TemplateError(
            "the InlineImage/Subdoc values of one render must come from one template.docxtpl()"
        )
    return first, plain


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

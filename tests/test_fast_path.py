"""The fast path of Template.render against the reference path, byte for byte.

The fast path renders a part in batches cut after ``</w:p>``, finishes each batch as docxtpl
finishes a whole part, checks it with a tree-less parser (expat) as it is compressed, and never
holds the part whole. The reference path (``Template._render_part``) renders, finishes and
parses the whole part with lxml. Both must give the same bytes for every example, for every
batch size, and for values full of what the finishing steps rewrite (line feeds, tabs, carriage
returns, text that looks like ``<w:p>``); and the check must refuse exactly what lxml refuses.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.shared import Mm
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from markupsafe import Markup

import vanban as vb
from vanban.render import template as template_module
from vanban.render.context import build_context
from vanban.render.environment import MissingRecorder
from vanban.render.package import safe_parser

from .conftest import EXAMPLES
from .test_template import one_pixel_png

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def parts_of(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def reference_parts(template: vb.Template, context: dict[str, Any]) -> dict[str, bytes]:
    """Every templated part as the reference path renders it."""
    recorder = MissingRecorder()
    with recorder:
        rendered = {
            name: template._render_part(part, dict(context), recorder)
            for name, part in template._parts.items()
        }
    assert not recorder.unique()
    return rendered


def assert_same_as_reference(template: vb.Template, context: dict[str, Any]) -> bytes:
    out = template.render(context)
    parts = parts_of(out)
    reference = reference_parts(template, context)
    assert reference, "the template has templated parts"
    for name, data in reference.items():
        assert parts[name] == data, name
    return out


def test_examples_exist() -> None:
    assert len(EXAMPLE_FILES) >= 5


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("batch", [template_module.BATCH_CHARS, 1, 500])
def test_every_example_same_as_the_reference_path(
    path: Path, batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(template_module, "BATCH_CHARS", batch)
    document = vb.load(path)
    template = vb.Template(vb.builtin_template(document.loai))
    out = assert_same_as_reference(template, build_context(document))
    assert docx.Document(io.BytesIO(out)).paragraphs  # reads back


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_a_model_renders_as_its_context_does(path: Path) -> None:
    """vb.render skips the search for docxtpl-bound values in a model's context (which holds
    plain values only): the same bytes as Template.render of that context."""
    from vanban.render import document_properties

    document = vb.load(path)
    context = build_context(document)
    assert template_module._bound_template(context) is None
    template = vb.Template(vb.builtin_template(document.loai))
    expected = template.render(context, properties=document_properties(document))
    assert vb.render(document, template=template).to_bytes() == expected


def listing_template() -> bytes:
    """Loops of paragraphs and table rows, a picture (its w:docPr ids are renumbered), a header."""
    document = docx.Document()
    document.add_paragraph("Tiêu đề: {{ ten }}")
    document.add_paragraph("{%p for y in cac_y %}")
    document.add_paragraph("- {{ y }}")
    document.add_paragraph("{%p endfor %}")
    document.add_paragraph("{%p for y in cac_y %}")
    document.add_picture(io.BytesIO(one_pixel_png()), width=Mm(5))
    document.add_paragraph("{%p endfor %}")
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text = "{%tr for y in cac_y %}"
    table.cell(1, 0).text, table.cell(1, 1).text = "{{ loop.index }}", "{{ y }}"
    table.cell(2, 0).text = "{%tr endfor %}"
    document.sections[0].header.paragraphs[0].text = "Đầu trang {{ ten }}"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


LISTING = vb.Template(listing_template())
TRICKY_TEXT = st.lists(
    st.sampled_from(
        ["a", "ệ", " ", "\n", "\r", "\r\n", "\t", "\f", "\a", "<w:p>", "<w:p ", "</w:p>", "&"]
    ),
    max_size=30,
).map("".join)


@settings(max_examples=60, deadline=None)
@given(
    ten=TRICKY_TEXT,
    cac_y=st.lists(TRICKY_TEXT, max_size=6),
    batch=st.sampled_from([1, 7, 64, 1000, template_module.BATCH_CHARS]),
)
def test_batches_give_the_reference_bytes(ten: str, cac_y: list[str], batch: int) -> None:
    saved = template_module.BATCH_CHARS
    template_module.BATCH_CHARS = batch
    try:
        out = assert_same_as_reference(LISTING, {"ten": ten, "cac_y": cac_y})
    finally:
        template_module.BATCH_CHARS = saved
    body = parts_of(out)["word/document.xml"].decode("utf-8")
    ids = [int(x) for x in etree.fromstring(body.encode()).xpath("//*[local-name()='docPr']/@id")]
    assert ids == list(range(1001, 1001 + len(cac_y)))  # renumbered across batches


def test_column_loops_same_as_reference(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(template_module, "BATCH_CHARS", 1)
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for i, text in enumerate(["{%tc for c in cot %}", "{{ c }}", "{%tc endfor %}"]):
        table.cell(0, i).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    assert_same_as_reference(vb.Template(buffer.getvalue()), {"cot": ["A", "B\nC", "D"]})


# --- the well-formedness check ----------------------------------------------------------------

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FRAGMENT = st.lists(
    st.sampled_from(
        [
            "<w:p>",
            "</w:p>",
            "<w:r/>",
            "<x:r/>",
            '<w:t xml:space="preserve">',
            "</w:t>",
            '<w:p w:a="1" w:a="2">',
            "text",
            "ệ",
            "&amp;",
            "&nbsp;",
            "&#1;",
            "&#x1F600;",
            "&",
            "<",
            ">",
            "]]>",
            "<![CDATA[x]]>",
            "<!-- c -->",
            "<!-- - -- -->",
            "<?pi x?>",
            "<?xml version='1.0'?>",
            "<!DOCTYPE d>",
            "\x01",
            "\x0b",
            "\ufffe",
            '<a xmlns:x="urn:x"><x:b/></a>',
            '<w:p xmlns:w="">',
            "<w:p\n>",
            "< w:p>",
        ]
    ),
    max_size=8,
).map("".join)


def lxml_accepts(data: bytes) -> bool:
    try:
        etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError:
        return False
    return True


def checker_accepts(data: bytes) -> bool:
    checker = template_module.well_formedness_checker()
    try:
        checker.Parse(data, True)
    except template_module.expat.ExpatError:
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(FRAGMENT)
def test_the_check_refuses_what_lxml_refuses(fragment: str) -> None:
    try:
        data = f'<?xml version="1.0" encoding="UTF-8"?>\n<w:document xmlns:w="{W}"><w:body>{fragment}</w:body></w:document>'.encode()
    except UnicodeEncodeError:
        return
    assert checker_accepts(data) == lxml_accepts(data), data


@settings(max_examples=100, deadline=None)
@given(FRAGMENT, st.sampled_from([1, 64, template_module.BATCH_CHARS]))
def test_raw_xml_in_a_value_is_refused_as_before(fragment: str, batch: int) -> None:
    """A value carrying raw XML (Markup) that breaks the document is refused with the reference
    path's message; one that does not gives the reference bytes."""
    context = {"ten": Markup(fragment), "cac_y": [Markup(fragment)]}
    saved = template_module.BATCH_CHARS
    template_module.BATCH_CHARS = batch
    try:
        try:
            expected = reference_parts(LISTING, context)
        except (vb.TemplateError, vb.UnstorableCharacterError) as error:
            with pytest.raises(type(error)) as caught:
                LISTING.render(context)
            assert str(caught.value) == str(error)
            assert "the rendered XML is not well-formed" in str(error) or isinstance(
                error, vb.UnstorableCharacterError
            )
        else:
            parts = parts_of(LISTING.render(context))
            for name, data in expected.items():
                assert parts[name] == data
    finally:
        template_module.BATCH_CHARS = saved


def test_a_character_xml_cannot_hold_is_named() -> None:
    with pytest.raises(vb.UnstorableCharacterError, match=r"cac_y\[1\]"):
        LISTING.render({"ten": "x", "cac_y": ["a", "b\x02"]})
    with pytest.raises(vb.UnstorableCharacterError, match=r"ten"):
        LISTING.render({"ten": "\ud800", "cac_y": []})


def test_loop_values_read_as_through_the_sandbox_checks() -> None:
    """The sandbox's shortcut for ``loop.*`` gives what Jinja's own sandbox gives."""
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from vanban.render.environment import make_environment
    from vanban.render.sandbox import LOOP_ATTRIBUTES

    source = (
        "{% for x in xs %}{% for y in x %}["
        + "|".join(f"{{{{ loop.{name} }}}}" for name in sorted(LOOP_ATTRIBUTES))
        + "]{% endfor %}{% endfor %}"
    )
    context = {"xs": [["a", "b", "c"], ["d"]]}
    ours = make_environment().from_string(source).render(context)
    jinja = ImmutableSandboxedEnvironment(autoescape=True).from_string(source).render(context)
    assert ours == jinja
    assert ours.startswith("[1|0|True|1|0|False|3|b||3|2][1|0|False|2|1|False|3|c|a|2|1]")


LEAF = st.one_of(st.text(max_size=3), st.integers(), st.none(), st.booleans(), st.dates())
HYPERLINK = "hyperlink"


def _nested(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.lists(children, max_size=4),
        st.lists(children, max_size=4).map(tuple),
        st.dictionaries(st.text(max_size=3), children, max_size=4),
    )


@settings(max_examples=200, deadline=None)
@given(st.recursive(st.one_of(LEAF, st.just(HYPERLINK)), _nested, max_leaves=30))
def test_the_context_search_finds_a_bound_value_anywhere(value: Any) -> None:
    """A value that needs docxtpl (here a RichText with a hyperlink) is found at any depth,
    among plain values or not; a context of plain values only needs nothing."""
    from docxtpl import RichText

    def place(item: Any) -> Any:
        if item == HYPERLINK:
            rich = RichText()
            rich.add("trang", url_id="rId9")
            return rich
        if isinstance(item, dict):
            return {k: place(v) for k, v in item.items()}
        if isinstance(item, list | tuple):
            return type(item)(place(v) for v in item)
        return item

    def holds(item: Any) -> bool:
        if item == HYPERLINK:
            return True
        if isinstance(item, dict):
            return any(holds(v) for v in item.values())
        return isinstance(item, list | tuple) and any(holds(v) for v in item)

    context = {"x": place(value)}
    if holds(value):
        with pytest.raises(vb.TemplateError, match="RichText with a hyperlink"):
            template_module._bound_template(context)
    else:
        assert template_module._bound_template(context) is None


CELL_VALUE = st.one_of(
    st.text(alphabet='aệ<&"', max_size=4), st.integers(-1, 4), st.none(), st.lists(st.none())
)
CELL = st.dictionaries(
    st.sampled_from(["o", "gop_cot", "can", "vmerge"]),
    st.one_of(CELL_VALUE, st.sampled_from(["trai", "giua", "phai", "restart", "continue", ""])),
)
TABLE = st.fixed_dictionaries(
    {
        "rong": st.one_of(
            st.lists(st.sampled_from([1, 500, 2000]), min_size=1, max_size=3),
            st.lists(st.one_of(st.integers(-1, 40000), st.text(max_size=2)), max_size=3),
        ),
        "dau": st.lists(st.lists(CELL, max_size=4), max_size=2),
        "dong": st.lists(st.one_of(st.lists(CELL, max_size=4), st.text(max_size=2)), max_size=3),
    }
)


def _outcome(make: Any, value: Any) -> tuple[str, str]:
    try:
        return ("xml", str(make(value)))
    except (ValueError, TypeError) as error:
        return (type(error).__name__, str(error))


@settings(max_examples=300, deadline=None)
@given(TABLE)
def test_the_table_filter_checks_as_its_checked_path(table: dict[str, Any]) -> None:
    """bang_xml gives the checked path's table, or its error with the same message."""
    from vanban.render import bang

    assert _outcome(bang.bang_xml, table) == _outcome(bang._checked, table)


def test_a_part_rendered_as_last_time_is_not_compressed_again() -> None:
    """A part whose output is the one it gave last time (a header in a batch) gives the member
    it made then; any other output, however close, makes a new one: the bytes never go stale."""
    template = vb.Template(listing_template())
    header = template._parts["word/header1.xml"]
    made: list[object] = []
    original = template_module.Member.from_pieces

    def counting(*args: Any, **kwargs: Any) -> Any:
        member = original(*args, **kwargs)
        if args[0] == header.name:
            made.append(member)
        return member

    contexts = [
        {"ten": "A", "cac_y": ["1"]},
        {"ten": "A", "cac_y": ["2"]},  # the body differs, the header does not
        {"ten": "B", "cac_y": ["2"]},
        {"ten": "A", "cac_y": ["3"]},
    ]
    outputs = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(template_module.Member, "from_pieces", counting)
        for context in contexts:
            outputs.append(parts_of(template.render(context)))
    assert len(made) == 3  # A, then B, then A again: only the second render reused its member
    for context, parts in zip(contexts, outputs, strict=True):
        reference = reference_parts(vb.Template(listing_template()), context)
        assert {name: parts[name] for name in reference} == reference

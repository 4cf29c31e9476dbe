"""The check of a part's output once per shape (vanban.render.shapes) gives what checking every
output gives: the same bytes, or the same refusal, whatever the values and wherever the template
places them (text, attribute values, comments, processing instructions). A template cannot place
one in a namespace name: the package's parser refuses ``{{`` in a namespace declaration as not a
URI when the template is loaded."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import docx
import jinja2
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jinja2.nodes import EvalContext
from markupsafe import Markup

import vanban as vb
from vanban.render import shapes as shapes_module
from vanban.render.shapes import (
    CLOSE,
    OPEN,
    SHAPES_KEPT,
    STAND_IN,
    Marks,
    can_mark,
    mark_value,
    split,
    watch,
)

from .test_fast_path import parts_of, reference_parts

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BODY = (
    f'<w:body xmlns:w="{W}">'
    '<w:p><w:r><w:t xml:space="preserve">{{ ten }}</w:t></w:r></w:p>'
    '<w:p><w:pPr><w:pStyle w:val="{{ kieu }}"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>'
    "<!--{{ ghi_chu }}--><!--a-{{ ghi_chu }}-b-->"
    "<?vanban {{ chi_dan }}?>"
    "{% for y in cac_y %}<w:p><w:r><w:t>{{ y }}</w:t></w:r></w:p>{% endfor %}"
    "{% if ten %}<w:p><w:r><w:t>{{ ten|upper }}]</w:t></w:r></w:p>{% endif %}"
    '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'
    "</w:body>"
)


def template_with_values_everywhere() -> bytes:
    """A .docx whose body places values in text, an attribute, a comment and a processing
    instruction."""
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                start, end = text.index("<w:body>"), text.index("</w:body>") + len("</w:body>")
                data = (text[:start] + BODY + text[end:]).encode("utf-8")
            package.writestr(info, data)
    return out.getvalue()


EVERYWHERE = vb.Template(template_with_values_everywhere())
PIECES = [
    "a",
    "ệ",
    " ",
    "-",
    "--",
    "]",
    "]]",
    ">",
    "<",
    "&",
    '"',
    "'",
    "?",
    "\t",
    "\n",
    "\u00a0",
    "\x01",
    "\x02",
    "\x0b",
    "\ufffe",
    "http://www.w3.org/2000/xmlns/",
    "http://www.w3.org/XML/1998/namespace",
    "urn:x",
]
VALUE = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=6).map("".join),
    st.sampled_from(["<w:br/>", "<b>", "\x01", "a\x02"]).map(Markup),
    st.integers(min_value=-3, max_value=3),
)
NAMES = ("ten", "kieu", "ghi_chu", "chi_dan")


def outcome(render: Any) -> tuple[str, Any]:
    try:
        return "ok", render()
    except (vb.TemplateError, vb.UnstorableCharacterError) as error:
        return type(error).__name__, str(error)


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({n: VALUE for n in NAMES}), st.lists(VALUE, max_size=3))
def test_checked_once_per_shape_gives_the_reference_bytes_or_its_refusal(
    values: dict[str, Any], cac_y: list[Any]
) -> None:
    context = {**values, "cac_y": cac_y}
    expected = outcome(lambda: reference_parts(EVERYWHERE, context))
    for _ in range(2):  # the second render finds its shape checked (when it was well-formed)
        got = outcome(lambda: parts_of(EVERYWHERE.render(context)))
        if expected[0] == "ok" and got[0] == "ok":
            assert {name: got[1][name] for name in expected[1]} == expected[1]
        else:
            assert got == expected


EDGES = ["a-", "-a", "-", "a--b", "]", "a]", "]]", "?", "\x01", "a\x02", "\x0b", "\u00a0", ""]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("value", EDGES)
def test_each_place_and_edge_value_as_the_reference(name: str, value: str) -> None:
    context = dict.fromkeys(NAMES, "x") | {name: value, "cac_y": [value]}
    expected = outcome(lambda: reference_parts(EVERYWHERE, context))
    for _ in range(2):
        got = outcome(lambda: parts_of(EVERYWHERE.render(context)))
        if expected[0] == "ok" and got[0] == "ok":
            assert {n: got[1][n] for n in expected[1]} == expected[1]
        else:
            assert got == expected


@pytest.mark.parametrize(
    ("value", "marked"),
    [
        ("Ủy ban nhân dân xã", True),
        ("a-b", True),
        (3, True),
        ("", False),  # nothing to mark: an empty value is as good anywhere
        ("-a", False),
        ("a-", False),
        ("a--b", False),
        ("a]", False),
        ("a\tb", False),
        ("a\nb", False),
        ("a\u00a0b", True),  # not printable, yet an XML character
        ("a\x01", False),
        ("http://www.w3.org/2000/xmlns/", False),
    ],
)
def test_which_values_are_marked(value: Any, marked: bool) -> None:
    eval_ctx = EvalContext(jinja2.Environment())
    marks = Marks()
    watch(eval_ctx, marks)
    got = mark_value(eval_ctx, value)
    assert (got == f"{OPEN}{value}{CLOSE}") is marked
    assert marks.spoiled is (isinstance(value, str) and "\x01" in value)
    assert mark_value(EvalContext(jinja2.Environment()), value) is value  # a render not marked


def test_values_differ_the_shape_does_not() -> None:
    template = vb.Template(template_with_values_everywhere())
    body = template._parts["word/document.xml"]
    assert body.markable
    for ten in ("Ủy ban nhân dân xã", "Hội đồng nhân dân xã", "Công an xã"):
        context = dict.fromkeys(NAMES, "giá trị") | {"ten": ten, "cac_y": ["một", "hai"]}
        out = parts_of(template.render(context))["word/document.xml"].decode("utf-8")
        assert ten in out and OPEN not in out and CLOSE not in out
    assert len(body.shapes) == 1
    template.render(dict.fromkeys(NAMES, "giá trị") | {"cac_y": ["một", "hai", "ba"]})
    assert len(body.shapes) == 2  # another path through the template: another shape


def test_a_part_forgets_its_shapes_past_the_limit() -> None:
    template = vb.Template(template_with_values_everywhere())
    body = template._parts["word/document.xml"]
    for n in range(SHAPES_KEPT + 1):
        template.render(dict.fromkeys(NAMES, "x") | {"cac_y": ["y"] * n})
    assert len(body.shapes) == 1


def test_a_shape_over_the_limit_is_checked_but_not_remembered(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(shapes_module, "SHAPE_MAX_BYTES", 100)
    template = vb.Template(template_with_values_everywhere())
    body = template._parts["word/document.xml"]
    template.render(dict.fromkeys(NAMES, "x") | {"cac_y": ["y"]})
    assert len(body.shapes) == 0  # its shape is more than 100 bytes: checked, not kept
    monkeypatch.setattr(shapes_module, "SHAPE_MAX_BYTES", 1 << 20)
    template.render(dict.fromkeys(NAMES, "x") | {"cac_y": ["y"]})
    assert len(body.shapes) == 1


def test_split_gives_the_document_and_one_stand_in_per_value() -> None:
    marked = f"<a b='{OPEN}giá trị{CLOSE}'>{OPEN}ệ{CLOSE}</a>".encode()
    assert split(marked) == (
        "<a b='giá trị'>ệ</a>".encode(),
        f"<a b='{STAND_IN}'>{STAND_IN}</a>".encode(),
    )
    with pytest.raises(ValueError):
        split(f"<a>{OPEN}x</a>".encode())


@pytest.mark.parametrize(
    ("source", "markable"),
    [
        ("<a>{{ x }}{% for y in z %}{{ y }}{% endfor %}{% if x %}1{% endif %}</a>", True),
        ("{% set n = x|length %}<a>{{ n }}</a>", True),
        ("{% macro m() %}<b/>{% endmacro %}<a>{{ m() }}</a>", False),
        ("{% set b %}{{ x }}{% endset %}<a>{{ b|length }}</a>", False),
        ("{% filter upper %}{{ x }}{% endfilter %}", False),
        ("{% call m() %}{{ x }}{% endcall %}", False),
        ("{% for y in z recursive %}{{ loop(y) }}{% endfor %}", False),
        ("{% autoescape false %}{{ x }}{% endautoescape %}", False),
        ("{% block b %}{{ x }}{% endblock %}", False),
    ],
)
def test_only_templates_that_capture_no_output_are_marked(source: str, markable: bool) -> None:
    assert can_mark(jinja2.Environment().parse(source)) is markable


def test_a_captured_value_is_refused_or_rendered_as_before() -> None:
    """A part that captures output (a set block) is checked on every render, as before."""
    document = docx.Document()
    document.add_paragraph("{% set b %}{{ x }}{% endset %}{{ b|length }} {{ b }}")
    buffer = io.BytesIO()
    document.save(buffer)
    template = vb.Template(buffer.getvalue())
    assert not template._parts["word/document.xml"].markable
    out = parts_of(template.render({"x": "ệ]"}))["word/document.xml"].decode("utf-8")
    assert ">2 ệ]<" in out


@pytest.mark.parametrize("value", ["a\x01b", "\x02", Markup("a\x01")])
def test_a_value_holding_a_mark_is_named_as_a_character_xml_cannot_store(value: Any) -> None:
    with pytest.raises((vb.UnstorableCharacterError, vb.TemplateError)) as caught:
        EVERYWHERE.render(dict.fromkeys(NAMES, "x") | {"ten": value, "cac_y": []})
    assert "ten" in str(caught.value) or "not well-formed" in str(caught.value)

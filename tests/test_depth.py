"""No rendered document nests deeper than vanban's readers accept (libxml2's 256 levels).

The template proves the bound when it is loaded (vanban.render.depth) for a plain context, refuses
a loop whose body opens elements it does not close, and where raw XML can reach the output the
check of every render counts the depth as lxml's safe parser does.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from markupsafe import Markup

import vanban as vb
from vanban.render import bang, depth
from vanban.render import template as template_module
from vanban.render.context import build_context
from vanban.render.environment import make_environment
from vanban.render.package import safe_parser

from .conftest import EXAMPLES
from .test_fast_path import TABLE, parts_of

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def raw_template(xml: str) -> bytes:
    """A .docx whose body holds ``xml`` (raw, not escaped) after a paragraph of text."""
    document = docx.Document()
    document.add_paragraph("Tiêu đề")
    buffer = io.BytesIO()
    document.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                text = text.replace("<w:sectPr", xml + "<w:sectPr", 1)
                data = text.encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


def max_depth(data: bytes) -> int:
    root = etree.fromstring(data, safe_parser())
    return max(1 + sum(1 for _ in e.iterancestors()) for e in root.iter())


HOSTILE = (
    "{% for i in range(100000) %}<w:sdt>{% endfor %}"
    "{% for i in range(100000) %}</w:sdt>{% endfor %}"
)


def test_the_hostile_template_is_refused_when_loaded() -> None:
    with pytest.raises(vb.UnsafeTemplateError) as caught:
        vb.Template(raw_template(HOSTILE), name="hostile.docx")
    message = str(caught.value)
    assert message.startswith("hostile.docx: word/document.xml: line ")
    assert "a loop whose body opens elements it does not close" in message
    assert "(it changes the depth by 1)" in message


def test_a_loop_closing_what_it_did_not_open_is_refused() -> None:
    with pytest.raises(vb.UnsafeTemplateError, match=r"changes the depth by -1\)"):
        vb.Template(raw_template("<w:sdt><w:sdt>{% for i in xs %}</w:sdt>{% endfor %}</w:sdt>"))


@pytest.mark.parametrize(
    "xml",
    [
        "{% macro m() %}<w:sdt>{% endmacro %}</w:sdt>",
        "{% macro m() %}x{% endmacro %}{% call m() %}<w:sdt>{% endcall %}</w:sdt>",
        "{% for i in xs recursive %}<w:sdt>{% endfor %}</w:sdt>",
        "{% for i in xs %}{{ i|safe }}<w:sdt>{% endfor %}</w:sdt>",
    ],
)
def test_macro_call_and_raw_loops_are_refused_too(xml: str) -> None:
    with pytest.raises(vb.UnsafeTemplateError, match="whose body opens elements it does not"):
        vb.Template(raw_template(xml))


def test_raw_xml_in_a_loop_is_counted_on_every_render() -> None:
    """``|safe`` makes the bound unknown at load: the render counts, and refuses past 256."""
    source = (
        "{% for i in range(n) %}{{ '<w:sdt>'|safe }}{% endfor %}"
        "{% for i in range(n) %}{{ '</w:sdt>'|safe }}{% endfor %}"
    )
    template = vb.Template(raw_template(source), name="raw.docx")
    assert template._parts["word/document.xml"].count_depth
    body = parts_of(template.render({"n": 10}))["word/document.xml"]
    assert max_depth(body) == 2 + 10
    with pytest.raises(vb.TemplateError) as caught:
        template.render({"n": 300})
    assert str(caught.value).startswith(
        "raw.docx: word/document.xml: the rendered XML nests elements deeper than 256 levels"
    )


def test_branches_that_add_up_past_the_limit_are_counted() -> None:
    """No loop, but 300 ``if`` that each may open one element: not proven, so counted."""
    source = "{% if a %}<w:sdt>{% endif %}{% if b %}</w:sdt>{% endif %}" * 300
    source += "{% if b %}<w:sdt>{% endif %}{% if a %}</w:sdt>{% endif %}" * 300
    template = vb.Template(raw_template(source))  # its own text nests 3 levels
    part = template._parts["word/document.xml"]
    assert part.count_depth and part.depth is not None and part.depth > 256
    deepest = max_depth(parts_of(template.render({"a": True, "b": True}))["word/document.xml"])
    assert deepest == 5  # the first paragraph's text: w:document > w:body > w:p > w:r > w:t
    with pytest.raises(vb.TemplateError, match="deeper than 256 levels"):
        template.render({"a": True, "b": False})


@pytest.mark.parametrize("extra", [253, 254, 255])
def test_a_deep_markup_value_is_refused_exactly_where_lxml_refuses(extra: int) -> None:
    """A context that is not plain (a Markup value) is counted; the limit is lxml's, to the level:
    the value sits in w:document > w:body > w:p > w:r > w:t, so 256 - 5 more levels fit."""
    document = docx.Document()
    document.add_paragraph("{{ x }}")
    buffer = io.BytesIO()
    document.save(buffer)
    template = vb.Template(buffer.getvalue())
    assert not template._parts["word/document.xml"].count_depth
    value = Markup("<w:sdt>" * extra + "</w:sdt>" * extra)
    if 5 + extra <= depth.MAX_DEPTH:
        body = parts_of(template.render({"x": value}))["word/document.xml"]
        assert max_depth(body) == 5 + extra
    else:
        with pytest.raises(vb.TemplateError, match="deeper than 256 levels"):
            template.render({"x": value})


@pytest.mark.parametrize("levels", [255, 256, 257, 300])
def test_the_counting_check_refuses_what_lxml_refuses(levels: int) -> None:
    data = (f'<w:document xmlns:w="{W}">' + "<w:sdt>" * (levels - 1)).encode()
    data += ("</w:sdt>" * (levels - 1) + "</w:document>").encode()
    checker = template_module.well_formedness_checker(count_depth=True)
    try:
        checker.Parse(data, True)
        counted = True
    except template_module._TooDeep:
        counted = False
    try:
        etree.fromstring(data, safe_parser())
        parsed = True
    except etree.XMLSyntaxError as error:
        assert "Excessive depth" in error.msg
        parsed = False
    assert counted == parsed == (levels <= 256)


TOKENS = st.lists(st.sampled_from(["<w:sdt>", "</w:sdt>", "<w:sdt/>", "t", "{{ v }}"]), max_size=8)


@settings(max_examples=80, deadline=None)
@given(TOKENS, st.integers(0, 3))
def test_generated_loop_bodies(tokens: list[str], times: int) -> None:
    """A loop body that changes the depth is refused at load; a balanced one is accepted, and
    its output nests no deeper than the bound proven for it."""
    net = low = 0
    for token in tokens:
        net += {"<w:sdt>": 1, "</w:sdt>": -1}.get(token, 0)
        low = min(low, net)
    # the template's text is well-formed XML as a whole: open before what the body closes first
    xml = (
        "<w:sdt>" * -low
        + "{% for i in range(times) %}"
        + "".join(tokens)
        + "{% endfor %}"
        + "</w:sdt>" * (net - low)
    )
    if net != 0:
        with pytest.raises(vb.UnsafeTemplateError, match="opens elements it does not close"):
            vb.Template(raw_template(xml))
        return
    template = vb.Template(raw_template(xml))
    part = template._parts["word/document.xml"]
    assert not part.count_depth and part.depth is not None
    body = parts_of(template.render({"times": times, "v": "<w:sdt>"}))["word/document.xml"]
    assert max_depth(body) <= part.depth


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_every_example_proven_and_within_its_bound(path: Path) -> None:
    """Every built-in template's parts are proven at load; a model's context is plain, so no
    render of an example counts; and the output nests no deeper than the proven bound."""
    document = vb.load(path)
    context = build_context(document)
    assert template_module._scan_context(context) == (None, True)
    template = vb.Template(vb.builtin_template(document.loai))
    parts = parts_of(vb.render(document, template=template).to_bytes())
    for name, part in template._parts.items():
        assert not part.count_depth, name
        assert part.depth is not None and max_depth(parts[name]) <= part.depth <= 64, name


def test_every_test_template_is_accepted() -> None:
    """The templates the tests build (docxtpl's paragraph, row, column loops, pictures)."""
    from .test_fast_path import LISTING

    assert not any(part.count_depth for part in LISTING._parts.values())


@pytest.mark.parametrize(
    ("value", "plain"),
    [
        ({"a": ["x", 1, None, {"b": (2.5, True)}]}, True),
        ({"a": Markup("<w:p/>")}, False),
        ({"a": [{"b": Markup("x")}]}, False),
        ({"a": {Markup("<w:p/>"): 1}}, False),
        ({"a": object()}, False),
    ],
)
def test_the_context_scan_tells_plain_values(value: dict[str, Any], plain: bool) -> None:
    assert template_module._scan_context(value) == (None, plain)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("<a>{{ x }}{% for y in ys %}<b>{{ y|upper }}<c/></b>{% endfor %}</a>", 3),
        ("<a>{% if x %}<b><c></c></b>{% else %}<d></d>{% endif %}</a>", 3),
        ("<a>{% if x %}</a><a>{% endif %}</a>", 1),
        ("<a>{{ x|bang_xml }}</a>", 1 + bang.DEPTH),
        ("<a>{{ range(3)|join(',') }}{{ loop_cycle }}{{ '{}'.format(x) }}</a>", 1),
        ("<a>{{ x|e }}{{ x|tojson }}{{ x|ngay_thang }}</a>", 1),
        ("<a>{{ x|safe }}</a>", None),
        ("<a>{{ x|urlize }}</a>", None),
        ("<a>{{ x|xmlattr }}</a>", None),
        ("<a>{{ lipsum(html=True) }}</a>", None),
        ("<a>{{ (x|bang_xml)[:5] }}</a>", None),
        ("<a>{% set y %}<b></b>{% endset %}</a>", None),
        ("<a>{% autoescape false %}{{ x }}{% endautoescape %}</a>", None),
        ("<a><!-- {{ x }} --></a>", None),
        ("<a>{{ x|dau }}</a>", None),
        ("<a>{{ x|upper }}</a>", None),  # the application's own "upper"
        ("<a>{{ don_vi() }}</a>", None),
        ("<a>{{ don_vi }}</a>", None),  # a global's value may be Markup
        ("<a>{{ xs|map('safe')|join }}</a>", None),
        ("<a>{{ xs|map(f)|join }}</a>", None),
        ("<a>{{ xs|map('upper')|join }}{{ xs|map(attribute='b')|join }}</a>", 1),
        ("<a><{{ x }}</a>", None),  # not the XML of a template, but never counted wrong
        ("<a>" * 129 + "</a>" * 129, 129),  # twice the bound passes the limit: counted
        ("<a>" * 128 + "</a>" * 128, 128),
    ],
)
def test_what_the_load_proves(source: str, expected: int | None) -> None:
    """Escaped values and vanban's table are proven; anything that may place raw XML is not."""
    env = make_environment()
    filters = {"dau", "upper"} if source == "<a>{{ x|upper }}</a>" else {"dau"}
    bound = depth.part_bound(env.parse(source), "", filters=filters, globals={"don_vi"})
    assert bound.depth == expected, bound.reason
    assert bound.per_render == (expected is None or expected > 128)


@settings(max_examples=200, deadline=None)
@given(TABLE)
def test_a_table_nests_no_deeper_than_bang_depth(table: dict[str, Any]) -> None:
    try:
        xml = str(bang.bang_xml(table))
    except (ValueError, TypeError):
        return
    data = f'<r xmlns:w="{W}">{xml}</r>'.encode()
    assert max_depth(data) - 1 <= bang.DEPTH
    if re.search("<w:pStyle", xml):
        assert max_depth(data) - 1 == bang.DEPTH


def column_loop_template() -> vb.Template:
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    for i, text in enumerate(["{%tc for c in cot %}", "{{ c }}", "{%tc endfor %}"]):
        table.cell(0, i).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return vb.Template(buffer.getvalue(), name="cot.docx")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (Markup("<w:sdt>" * 300 + "</w:sdt>" * 300), "nests elements deeper than 256 levels"),
        (Markup("<w:sdt>"), "the rendered XML is not well-formed"),
    ],
)
def test_column_loops_refuse_rather_than_cut_short(value: Markup, message: str) -> None:
    """docxtpl's fix of column loops parses with recover=True, which would drop the deep or
    broken part of the body without a word; the part is checked strictly before it."""
    template = column_loop_template()
    with pytest.raises(vb.TemplateError, match=message):
        template.render({"cot": ["A", value]})
    body = parts_of(template.render({"cot": ["A", Markup("<w:sdt/>")]}))["word/document.xml"]
    assert body.count(b"<w:sdt/>") == 1


def picture_template() -> vb.Template:
    document = docx.Document()
    document.add_paragraph("{{ x }}")
    document.add_paragraph("{{ anh }}")
    document.sections[0].header.paragraphs[0].text = "{{ dau }}"
    buffer = io.BytesIO()
    document.save(buffer)
    return vb.Template(buffer.getvalue(), name="anh.docx")


@pytest.mark.parametrize(
    ("x", "dau", "message"),
    [
        (
            Markup("<w:sdt>" * 300 + "</w:sdt>" * 300),
            "",
            "word/document.xml: the rendered XML nests",
        ),
        (Markup("<w:sdt>"), "", "word/document.xml: the rendered XML is not well-formed"),
        ("", Markup("<w:sdt>"), "word/header1.xml: the rendered XML is not well-formed"),
    ],
)
def test_the_docxtpl_route_refuses_rather_than_cut_short(x: str, dau: str, message: str) -> None:
    """With a picture the render goes through docxtpl, which parses the body with recover=True
    and writes headers unparsed: a part that is broken or too deep is refused, not cut short."""
    from docxtpl import InlineImage

    from .test_template import one_pixel_png

    template = picture_template()
    tpl = template.docxtpl()
    anh = InlineImage(tpl, io.BytesIO(one_pixel_png()))
    with pytest.raises(vb.TemplateError) as caught:
        template.render({"x": x, "dau": dau, "anh": anh})
    assert str(caught.value).startswith(f"anh.docx: {message}")
    out = template.render({"x": Markup("<w:sdt/>"), "dau": "A", "anh": anh})
    assert parts_of(out)["word/document.xml"].count(b"<w:sdt/>") == 1

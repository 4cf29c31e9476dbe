"""Instructions per render, without the noise of a shared machine: N renders for callgrind to count.

    valgrind --tool=callgrind --collect-atstart=no --toggle-collect=functools_reduce \\
        --callgrind-out-file=/dev/null python benchmarks/count_render.py 10 [STEP]

The renders run inside ``functools.reduce`` (which nothing in a render calls), so callgrind counts
only them; divide its "Collected" figure by N. STEP is ``render`` (the whole
``vanban.Template.render`` of the reference plan, the default; its shapes checked by the first
render, as in a batch), ``new-shape`` (the same render with every shape new, as a document unlike
the ones before it) or one of its steps on the same document: ``jinja`` (the body's compiled template), ``walk`` (the search of the context for
docxtpl-bound values), ``check`` (the well-formedness check of the rendered document.xml),
``encode``, ``zlib1`` … ``zlib9`` (compressing document.xml at that level), ``bang`` (the
``bang_xml`` filter on the plan's tables), ``count`` (the check counting the depth as well, as
a render whose depth bound is not proven does), ``load`` (loading and compiling the template)
and ``bound`` (proving the body's depth bound, part of ``load``). Run it once per step;
docs/performance.md lists the figures.
"""

from __future__ import annotations

import functools
import io
import itertools
import sys
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import vanban as vb
from vanban.render.bang import bang_xml
from vanban.render.context import build_context
from vanban.render.template import _DECLARATION, _bound_template, well_formedness_checker

ROOT = Path(__file__).resolve().parent.parent
PLAN = vb.load(ROOT / "examples" / "ke_hoach_cchc_2022.yaml")
TEMPLATE_PATH = vb.builtin_template(PLAN.loai)
TEMPLATE = vb.Template(TEMPLATE_PATH)
CONTEXT = build_context(PLAN)
NUMBERED = itertools.cycle([build_context(PLAN.model_copy(update={"so": so})) for so in (1, 2, 3)])
"""Contexts that differ as a batch's documents do (their numbers), so that no render gives the
output of the render before it."""
BODY = TEMPLATE._parts["word/document.xml"]
with zipfile.ZipFile(io.BytesIO(TEMPLATE.render(CONTEXT))) as archive:
    DOCUMENT = archive.read("word/document.xml")
TEXT = DOCUMENT.decode("utf-8")


def tables(value: Any) -> list[Any]:
    if isinstance(value, dict):
        found = [value["bang"]] if value.get("kieu") == "bang" else []
        return found + [t for item in value.values() for t in tables(item)]
    if isinstance(value, list):
        return [t for item in value for t in tables(item)]
    return []


TABLES = tables(CONTEXT)


def bound() -> object:
    from vanban.render.depth import part_bound

    head = _DECLARATION + BODY.prefix
    return part_bound(TEMPLATE._env.parse(BODY.source), head, filters=set(), globals=set())


def compress(level: int) -> bytes:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    return compressor.compress(DOCUMENT) + compressor.flush()


def new_shape() -> bytes:
    """A render whose shapes the template has not seen (each part forgets them first)."""
    for part in TEMPLATE._parts.values():
        part.shapes.forget()
    return TEMPLATE.render(next(NUMBERED))


STEPS: dict[str, Callable[[], object]] = {
    "render": lambda: TEMPLATE.render(next(NUMBERED)),
    "new-shape": new_shape,
    "jinja": lambda: BODY.compiled.render(CONTEXT),
    "walk": lambda: _bound_template(CONTEXT),
    "check": lambda: well_formedness_checker().Parse(DOCUMENT, True),
    "encode": lambda: TEXT.encode("utf-8"),
    "bang": lambda: [bang_xml(table) for table in TABLES],
    "count": lambda: well_formedness_checker(count_depth=True).Parse(DOCUMENT, True),
    "load": lambda: vb.Template(TEMPLATE_PATH),
    "bound": bound,
    **{f"zlib{level}": functools.partial(compress, level) for level in range(1, 10)},
}


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    step = STEPS[sys.argv[2] if len(sys.argv) > 2 else "render"]
    step()  # once before counting: caches, first-use imports
    functools.reduce(lambda done, _: (step(), done + 1)[1], range(count), 0)


if __name__ == "__main__":
    main()

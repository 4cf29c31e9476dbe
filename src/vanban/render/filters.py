"""vanban's template filters: every language helper of :mod:`vanban.text` under its own name, plus
``sap_xep`` (Vietnamese sorting) and ``am_lich`` (lunar dates).

Values from CSV cells and form fields are text: the helpers themselves read dates written
"2022-02-10" or "10/02/2022" (:func:`vanban.text.dates.parse_ngay`) and numbers written in
Vietnamese notation, "1.250.000,5" (:func:`vanban.text.so.parse_so`), so ``{{ so_tien |
tien_bang_chu }}`` gives the same words for ``1250000`` and ``"1.250.000"``.

When a filter refuses a value, :class:`vanban.errors.FilterError` names the filter, the value and
the context field that holds it, found by searching the render context for the refused value, so
that a batch's ``errors.csv`` says which column to fix.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from jinja2 import Undefined, pass_context
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context

from vanban import text
from vanban.errors import FilterError
from vanban.render.bang import bang_xml
from vanban.text.dates import as_date

SEARCH_LIMIT = 10_000
"""How many values of the render context are looked at, at most, to name a refused value's field."""


def sap_xep(values: Iterable[Any], attribute: str | None = None) -> list[Any]:
    """Sort in Vietnamese order (:func:`vanban.khoa_sap_xep`), by ``attribute`` or key when given:
    ``{% for n in noi_nhan | sap_xep %}``, ``{{ can_bo | sap_xep("ho_ten") }}``.

    An attribute name starting with ``_`` is refused, as the template sandbox refuses it in a
    template (:mod:`vanban.render.sandbox`).
    """
    if isinstance(attribute, str) and attribute.startswith("_"):
        raise SecurityError(f"access to attribute {attribute!r} is refused")

    def key(value: Any) -> tuple[tuple[int, ...], ...]:
        if attribute is not None:
            value = value[attribute] if isinstance(value, Mapping) else getattr(value, attribute)
        return text.khoa_sap_xep(str(value))

    return sorted(values, key=key)


def am_lich(d: Any) -> str:
    """The lunar date (see :func:`vanban.am_lich`) of a date or of a date written as text."""
    from vanban.lich import am_lich as lunar

    return lunar(as_date(d, "am_lich"))


def field_of(context: Mapping[str, Any], value: Any) -> str | None:
    """The path of ``value`` in ``context`` ("so_tien", "nhan_vien[2].luong"), shallowest first:
    the very object if it is there, else an equal text or number; None when it is not found."""
    queue: deque[tuple[str, Any]] = deque((str(k), v) for k, v in context.items())
    equal: str | None = None
    for _ in range(SEARCH_LIMIT):
        if not queue:
            break
        path, item = queue.popleft()
        if item is value:
            return path
        if (
            equal is None
            and type(item) is type(value)
            and isinstance(item, str | int)
            and item == value
        ):
            equal = path
        if isinstance(item, Mapping):
            queue.extend((f"{path}.{k}", v) for k, v in item.items())
        elif isinstance(item, list | tuple):
            queue.extend((f"{path}[{i}]", v) for i, v in enumerate(item))
    return equal


def _refused(error: Exception, values: list[Any]) -> Any:
    """The argument the error is about: the first whose repr the message quotes, else the first."""
    message = str(error)
    return next((v for v in values if repr(v) in message), values[0])


def as_filter(name: str, helper: Callable[..., Any]) -> Callable[..., Any]:
    """``helper`` as a template filter that raises :class:`FilterError` naming the field of the
    value it refuses. A missing variable is recorded as the template's other uses are, and the
    template names every one once it is rendered."""

    @pass_context
    @functools.wraps(helper)
    def run(context: Context, value: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return helper(value, *args, **kwargs)
        except (ValueError, TypeError) as error:
            values = [value, *args, *kwargs.values()]
            missing = [v for v in values if isinstance(v, Undefined)]
            if missing:
                # A missing variable, not a refused value: record it like any other use, so the
                # template names every missing variable once it is rendered.
                for undefined in missing:
                    str(undefined)
                return ""
            refused = _refused(error, values)
            raise FilterError(
                name, refused, field_of(context.get_all(), refused), str(error)
            ) from error

    return run


_HELPERS: dict[str, Callable[..., Any]] = {
    **{
        name: getattr(text, name)
        for name in (
            "ngay_thang", "ngay_ngan", "khoang_ngay", "thu", "thang_nam", "gio_phut",
            "dia_danh_ngay_thang", "bang_chu", "tien_bang_chu", "dinh_dang_so", "dinh_dang_tien",
            "so_la_ma", "chu_cai", "viet_hoa", "chuan_dau", "bo_dau",
        )
    },
    "sap_xep": sap_xep,
    "am_lich": am_lich,
    "bang_xml": bang_xml,
}  # fmt: skip

FILTERS: dict[str, Callable[..., Any]] = {
    name: as_filter(name, helper) for name, helper in _HELPERS.items()
}
"""vanban's template filters, each the helper of the same name (:mod:`vanban.text`,
:func:`vanban.am_lich`), plus ``sap_xep`` (Vietnamese sorting): ``{{ ngay | ngay_thang }}``,
``{{ so_tien | tien_bang_chu }}``, ``{{ ten | viet_hoa }}``. A filter with several arguments
takes the first from the pipe: ``{{ tu | khoang_ngay(den) }}``. Each takes text forms of its
numbers and dates, and a value it refuses raises :class:`vanban.errors.FilterError`."""

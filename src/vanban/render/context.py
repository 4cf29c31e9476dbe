"""From a document to the plain context a template places: the model's context plus layout values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from vanban.errors import UnstorableCharacterError
from vanban.models.van_ban import VanBan
from vanban.text.chars import check_xml_chars
from vanban.typeset import page
from vanban.typeset.metrics import short_rule


def build_context(document: VanBan | Mapping[str, Any]) -> dict[str, Any]:
    """The template context of a document (or a copy of a plain mapping, checked).

    A document's text was checked when the model validated it; a plain mapping is checked here.
    For a document this adds ``duong_ke``: the rules under the issuing body's name and under the
    trích yếu (or under the tên loại, for a layout without trích yếu: Mẫu 1.8, 1.10), 2/5 as long as their
    longest line (NĐ 30/2020, Phụ lục I, mục II.2.b and II.5.b).
    """
    if isinstance(document, VanBan):
        context = document.context()
        context["duong_ke"] = layout_rules(context)
    else:
        context = dict(document)
        check_context(context)
    return context


def layout_rules(context: Mapping[str, Any]) -> dict[str, Any]:
    """The short rules of the header, sized for the built-in templates' fonts and columns."""
    column = page.mm_to_pt(page.HEADER_LEFT_MM - 2 * page.CELL_MARGIN_MM)
    text = page.mm_to_pt(page.TEXT_WIDTH_MM)
    rules: dict[str, Any] = {
        "co_quan": short_rule(
            context["co_quan"]["dong"], page.SIZE_CO_QUAN, bold=True, max_width_pt=column
        ),
        "trich_yeu": short_rule(
            [context["trich_yeu"]], page.SIZE_TRICH_YEU, bold=True, max_width_pt=text
        ),
        # a layout without trích yếu (Mẫu 1.8, Giấy giới thiệu; Mẫu 1.10, Giấy nghỉ phép): the rule
        # under the tên loại
        "ten_loai": short_rule(
            [context["ten_loai"]], page.SIZE_TEN_LOAI, bold=True, max_width_pt=text
        ),
    }
    kem_theo = context.get("kem_theo")
    if kem_theo:  # Mẫu 1.3's attached text: the rule under its trích yếu and "Kèm theo" line
        rules["kem_theo"] = short_rule(
            [kem_theo["trich_yeu"]], page.SIZE_TRICH_YEU, bold=True, max_width_pt=text
        )
    phu_luc = context.get("phu_luc")
    if phu_luc:  # Mẫu 2.1: the rule under each Phụ lục's title and "Kèm theo" line
        rules["phu_luc"] = [
            short_rule([item["tieu_de"]], page.SIZE_TEN_LOAI, bold=True, max_width_pt=text)
            for item in phu_luc
        ]
    return rules


def check_context(value: Any, path: str = "") -> None:
    """Reject any string in the context holding a character XML cannot store, naming its path."""
    if isinstance(value, str):
        try:
            check_xml_chars(value)
        except ValueError as error:
            raise UnstorableCharacterError(f"{path or 'value'}: {error}") from None
    elif isinstance(value, Mapping):
        for key, item in value.items():
            check_context(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            check_context(item, f"{path}[{i}]")

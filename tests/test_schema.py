"""The JSON Schema of each kind (issue 9, item 17): draft 2020-12, an $id, Vietnamese titles and
descriptions, and the single-field rules, so an editor or a web form catches them before vanban."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

import vanban as vb
from vanban.models.base import SCHEMA_VERSION

from .conftest import BAO_CAO_YAML, KE_HOACH_YAML
from .test_models import plan

KINDS = [vb.KeHoach, vb.BaoCao]


def validator(kind: type[vb.VanBan] = vb.KeHoach) -> Draft202012Validator:
    schema = kind.json_schema()
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(data: dict[str, Any], kind: type[vb.VanBan] = vb.KeHoach) -> list[str]:
    """The schema's error paths for ``data`` (as JSON would carry it)."""
    instance = json.loads(json.dumps(data, default=str))
    return sorted(
        "/".join(str(part) for part in error.absolute_path) or "<root>"
        for error in validator(kind).iter_errors(instance)
    )


def test_dialect_and_id() -> None:
    schema = vb.KeHoach.json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == "urn:vanban:schema:ke_hoach:0.1"
    assert vb.BaoCao.json_schema()["$id"] == "urn:vanban:schema:bao_cao:0.1"
    assert vb.CoQuan.json_schema()["$id"] == "urn:vanban:schema:CoQuan:0.1"
    assert ".".join(vb.__version__.split(".")[:2]) == SCHEMA_VERSION


def test_the_plain_data_validates() -> None:
    assert errors(plan()) == []
    assert errors({**plan(loai="bao_cao"), "kinh_gui": ["UBND huyện"]}, vb.BaoCao) == []


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"so": 0}, "so"),
        ({"so": -3}, "so"),
        ({"so": "bốn chín"}, "so"),
        ({"noi_nhan": []}, "noi_nhan"),
        ({"noi_nhan": [""]}, "noi_nhan/0"),
        ({"noi_dung": []}, "noi_dung"),
        ({"trich_yeu": ""}, "trich_yeu"),
        ({"trich_yeu": "   "}, "trich_yeu"),
        ({"luu": "V P"}, "luu"),
        ({"luu": "vp"}, "luu"),
        ({"so_ban_luu": 0}, "so_ban_luu"),
        ({"co_quan": {**plan()["co_quan"], "viet_tat": "UB ND"}}, "co_quan/viet_tat"),
        ({"co_quan": {**plan()["co_quan"], "viet_tat": "KH-UBND"}}, "co_quan/viet_tat"),
        ({"co_quan": {**plan()["co_quan"], "viet_tat": "ubnd"}}, "co_quan/viet_tat"),
        ({"noi_dung": [{"khoan": "Mục đích", "van_ban": "Văn bản"}]}, "noi_dung/0"),
        ({"noi_dung": [{"noi_dung": ["x"]}]}, "noi_dung/0"),
    ],
)
def test_the_schema_refuses_what_vanban_refuses(changes: dict[str, Any], path: str) -> None:
    data = plan(**changes)
    assert path in errors(data)
    with pytest.raises(vb.ValidationError):
        vb.KeHoach.from_dict(data)


@pytest.mark.filterwarnings("ignore::vanban.DataWarning")  # "49 /KH - UBND" is mended
@pytest.mark.parametrize(
    "changes",
    [
        {"so": "49/KH-UBND"},
        {"so": "49 /KH - UBND"},
        {"so": "Số: 49/KH-UBND"},
        {"chu_ky": {"quyen_han": "KT.", "chuc_vu_thu_truong": "Chủ tịch", "chuc_vu": "Phó Chủ tịch", "ho_ten": "Nguyễn Văn A"}},
        {"co_quan": {**plan()["co_quan"], "viet_tat": "SỞ"}},
        {"noi_dung": ["Đoạn.", {"doan": "Đoạn."}, {"y": "Ý."}, {"van_ban": "Khoản."}]},
        {"so_ban_luu": 2},
    ],
)  # fmt: skip
def test_the_schema_admits_what_vanban_admits(changes: dict[str, Any]) -> None:
    assert errors(plan(**changes)) == []
    vb.KeHoach.from_dict(plan(**changes))


@pytest.mark.parametrize("path", [KE_HOACH_YAML, BAO_CAO_YAML])
def test_examples_validate_with_draft_2020_12(path: Any) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert errors(data, vb.models.kind_of(data["loai"])) == []


def _objects(schema: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    yield "<root>", schema
    for name, definition in schema.get("$defs", {}).items():
        for option in [definition, *definition.get("anyOf", [])]:
            if option.get("type") == "object":
                yield name, option


def _vietnamese(text: str) -> bool:
    return any(ord(ch) > 127 for ch in text)


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_has_a_vietnamese_title_and_description(kind: type[vb.VanBan]) -> None:
    schema = kind.json_schema()
    assert _vietnamese(schema["title"]) and _vietnamese(schema["description"])
    for name, definition in schema["$defs"].items():
        assert _vietnamese(definition["title"]), name
        assert _vietnamese(definition["description"]), name
    seen = 0
    for owner, obj in _objects(schema):
        for field, prop in obj["properties"].items():
            seen += 1
            where = f"{owner}.{field}"
            assert prop.get("title") != field.replace("_", " ").title(), where
            assert _vietnamese(prop["title"]), where
            assert _vietnamese(prop["description"]), where
    # 12 + 2 fields of the document (nam: a draft's year), 5 optional components (Điều
    # 8.3.b-c), ChuKy 6, CoQuan 6, Chuong 2, Diem 2, Dieu 2, Doan 1, Khoan 3, Muc 2, NoiNhan 2,
    # Y 1; KyBaoCao 4; Bang 4, OTieuDe 3, Cot 2; phu_luc 1, PhuLuc 2; lien_he 1, LienHe 5 (ô 13)
    assert seen == {vb.KeHoach: 62, vb.BaoCao: 68}[kind]


@pytest.mark.parametrize(
    "model",
    [vb.CoQuan, vb.ChuKy, vb.NoiNhan, vb.SoKyHieu, vb.Chuong, vb.Dieu, vb.Muc, vb.Khoan, vb.Diem],
)
def test_component_schemas(model: type[vb.models.base.Model]) -> None:
    schema = model.json_schema()
    Draft202012Validator.check_schema(schema)
    assert schema["$id"] == f"urn:vanban:schema:{model.__name__}:0.1"
    assert _vietnamese(schema["title"])


def test_abbreviation_pattern_in_a_code() -> None:
    check = Draft202012Validator(vb.SoKyHieu.json_schema())
    good = {"so": 12, "loai": "cong_van", "co_quan": "UBND", "don_vi": "VX"}
    assert not list(check.iter_errors(good))
    assert list(check.iter_errors({**good, "don_vi": "V X"}))
    assert list(check.iter_errors({**good, "so": 0}))


def test_so_as_a_code_is_in_the_schema() -> None:
    so = vb.KeHoach.json_schema()["properties"]["so"]
    assert so["anyOf"][0] == {"type": "integer", "minimum": 1}
    assert so["anyOf"][1]["type"] == "string"
    assert so["title"] == "Số"
    assert so["description"].startswith("Số văn bản: thứ tự trong năm của cơ quan, từ 1")

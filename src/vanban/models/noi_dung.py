"""The body tree (nội dung văn bản) and its numbering (NĐ 30/2020, Phụ lục I, mục II.6).

Plans and reports are laid out as mục > khoản > điểm (mục II.6.đ; the table of Phụ lục I, mục V,
row 6.b):

- mục: Roman numeral, ".", title in capitals, bold: "I. MỤC ĐÍCH, YÊU CẦU";
- khoản: Arabic numeral and "."; with a title the line is bold ("1. Mục đích"), without one the text
  follows the number in body type ("1. Quyết định này có hiệu lực ..."); numbered within each mục;
- điểm: a Vietnamese letter and ")" ("a)", ..., "đ)", "e)", "g)"), numbered within each khoản;
- đoạn: a plain paragraph; ý: a "- " item.

A body may instead be laid out in chương > điều > khoản > điểm, as the decree's samples write a
Quy chế or a Quy định (Phụ lục III, Mẫu 1.3's attached text; Phụ lục I, mục II.6.c–đ):

- chương: "Chương I" on its own line, then the title in capitals on the line under it, both bold
  and centred; Roman numerals, numbered through the document;
- điều: "Điều 1. Title", bold, indented like a paragraph; Arabic numerals, numbered through the
  whole document (not within each chương; the numbering of every Vietnamese legal text); a
  khoản inside a điều is numbered within it. The articles of a Quyết định or Nghị quyết
  (Phụ lục III, Mẫu 1.1–1.3) are the same nodes laid out as "Điều 1." in bold and the text in
  body type (``number_body(..., dieu_kieu="dieu_van_ban")``).

The two layouts are not mixed at one level: mục and khoản, or chương and điều (see
:func:`check_levels`). Mục and tiểu mục inside a chương ("Mục 1") are not modelled yet.

A table (:class:`vanban.models.bang.Bang`, keyed ``bang`` or ``dong``) may stand at the top level
or inside a chương, điều, mục or khoản.

A document's body ends with "./." (common practice carried by every sample of Phụ lục III).
In data, a plain string is a đoạn; a mapping is named by its key: ``chuong``, ``dieu``, ``muc``,
``khoan`` (or ``van_ban`` for a khoản without a title), ``diem``, ``y``, ``doan``.

The text of a đoạn, ý, điểm or untitled khoản may hold several paragraphs, separated by a blank
line (:data:`vanban.models.base.BodyText`): the first carries the node's number ("1.", "a)", "-"),
each further one is a plain đoạn, indented like any body paragraph (mục II.6.e). So an ý with two
paragraphs is one "- " item followed by a plain paragraph, not two items; write two ``y`` nodes for
two items. A single line break is a space, never a line break inside a justified paragraph.
Titles (``muc``, ``khoan``) are one paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, Self

from pydantic import ConfigDict, Discriminator, Field, Tag, model_validator

from vanban.models.bang import Bang
from vanban.models.base import PARAGRAPH_BREAK, BodyText, Model, StringShorthand, Text
from vanban.text.case import viet_hoa
from vanban.text.numbering import DIEM_LETTERS, chu_cai, so_la_ma

KET_THUC = "./."
"""The mark that ends a document's body."""


class Doan(StringShorthand):
    """A plain paragraph (đoạn). In data, a plain string."""

    doan: BodyText = Field(
        title="Đoạn",
        description=(
            "Một đoạn văn, không đánh số; một dòng trống tách hai đoạn, một lần xuống dòng là "
            "một dấu cách."
        ),
    )
    _positional = ("doan",)
    _schema_title = "Đoạn"
    _schema_description = "Đoạn văn không đánh số; viết gọn là một chuỗi."
    _shorthand = "doan"
    if TYPE_CHECKING:

        def __init__(self, doan: str) -> None: ...


class Y(Model):
    """A "- " item (ý). The text is given without the dash."""

    y: BodyText = Field(
        title="Ý",
        description=(
            "Một ý, in sau gạch đầu dòng '- ' (không viết dấu gạch); đoạn sau dòng trống in "
            "thành đoạn thường sau ý."
        ),
    )
    _positional = ("y",)
    _schema_title = "Ý (gạch đầu dòng)"
    _schema_description = "Một ý gạch đầu dòng '- ' trong nội dung văn bản."
    if TYPE_CHECKING:

        def __init__(self, y: str) -> None: ...

    @model_validator(mode="before")
    @classmethod
    def _strip_dash(cls, data: Any) -> Any:
        if isinstance(data, dict) and isinstance(data.get("y"), str):
            data = {**data, "y": data["y"].strip().removeprefix("- ")}
        return data


def node_kind(value: Any) -> str | None:
    """Which node of the body tree ``value`` is: its class name ("Doan" for a plain string, the
    key's kind for a mapping), or None; the discriminator of every body list, which a layout
    with nodes of its own (Biên bản's speaker turns) extends."""
    if isinstance(value, str):
        return "Doan"
    if isinstance(value, Model):
        return str(type(value).__name__)
    if isinstance(value, dict):
        for key, kind in _KEYS:
            if key in value:
                return kind
    return None


_KEYS = (
    ("bang", "Bang"),
    ("dong", "Bang"),
    ("chuong", "Chuong"),
    ("dieu", "Dieu"),
    ("muc", "Muc"),
    ("khoan", "Khoan"),
    ("van_ban", "Khoan"),
    ("diem", "Diem"),
    ("y", "Y"),
    ("doan", "Doan"),
)
_NODE_ERROR = (
    "a body node is a string (đoạn) or a mapping keyed by chuong, dieu, muc, khoan, van_ban, "
    "diem, y, doan or bang/dong (a table), and chương > điều > khoản > điểm or mục > khoản > điểm nest in that order "
    "(NĐ 30/2020, Phụ lục I, mục II.6.đ)"
)


class Diem(Model):
    """A điểm: "a) text", then optional paragraphs and "- " items."""

    diem: BodyText = Field(
        title="Điểm",
        description=(
            "Nội dung điểm, in sau chữ cái 'a)', 'b)', ... do vanban đánh (mục II.6.đ); đoạn sau "
            "dòng trống in thành đoạn thường."
        ),
    )
    noi_dung: list[
        Annotated[
            Annotated[Doan, Tag("Doan")] | Annotated[Y, Tag("Y")],
            Discriminator(
                node_kind, custom_error_type="body_node", custom_error_message=_NODE_ERROR
            ),
        ]
    ] = Field(
        default_factory=list,
        title="Nội dung của điểm",
        description="Các đoạn và ý trong điểm.",
    )
    _positional = ("diem", "noi_dung")
    _schema_title = "Điểm"
    _schema_description = "Một điểm 'a)' trong khoản (NĐ 30/2020, Phụ lục I, mục II.6.đ)."
    if TYPE_CHECKING:

        def __init__(self, diem: str, noi_dung: Sequence[Doan | Y | str] = ()) -> None: ...


class Khoan(Model):
    """A khoản: with a title (``khoan``, a bold line "1. Mục đích") or without (``van_ban``:
    "1. <text>" in body type), then its điểm, paragraphs and items."""

    khoan: Text | None = Field(
        default=None,
        title="Tiêu đề khoản",
        description="Tiêu đề khoản, in đậm trên một dòng sau số: '1. Mục đích'.",
    )
    van_ban: BodyText | None = Field(
        default=None,
        title="Nội dung khoản",
        description=(
            "Nội dung khoản không có tiêu đề, in tiếp sau số '1.'; đoạn sau dòng trống in thành "
            "đoạn thường."
        ),
    )
    noi_dung: list[
        Annotated[
            Annotated[Diem, Tag("Diem")]
            | Annotated[Doan, Tag("Doan")]
            | Annotated[Y, Tag("Y")]
            | Annotated[Bang, Tag("Bang")],
            Discriminator(
                node_kind, custom_error_type="body_node", custom_error_message=_NODE_ERROR
            ),
        ]
    ] = Field(
        default_factory=list,
        title="Nội dung của khoản",
        description="Các điểm, đoạn và ý trong khoản.",
    )
    model_config = ConfigDict(
        json_schema_extra={
            # a title or text after the number, not both, not neither (see _title_or_text)
            "oneOf": [
                {"required": ["khoan"], "properties": {"khoan": {"type": "string"}}},
                {"required": ["van_ban"], "properties": {"van_ban": {"type": "string"}}},
            ]
        }
    )
    _positional = ("khoan", "noi_dung")
    _schema_title = "Khoản"
    _schema_description = (
        "Một khoản '1.', có tiêu đề (khoan) hoặc không (van_ban), đánh số trong mỗi mục "
        "(NĐ 30/2020, Phụ lục I, mục II.6.đ)."
    )
    if TYPE_CHECKING:

        def __init__(
            self,
            khoan: str | None = None,
            noi_dung: Sequence[Diem | Doan | Y | Bang | str] = (),
            *,
            van_ban: str | None = None,
        ) -> None: ...

    @model_validator(mode="after")
    def _title_or_text(self) -> Self:
        if (self.khoan is None) == (self.van_ban is None):
            raise ValueError(
                "a khoản has either a title (khoan: 'Mục đích') or text after its number "
                "(van_ban: '...'), not both and not neither; put further text in noi_dung"
            )
        count = sum(isinstance(node, Diem) for node in self.noi_dung)
        if count > len(DIEM_LETTERS):
            raise ValueError(
                f"noi_dung: {count} điểm, but the Vietnamese letters for điểm run out after "
                f"{len(DIEM_LETTERS)} (a to y; NĐ 30/2020, Phụ lục I, mục II.6.đ)"
            )
        return self


class Muc(Model):
    """A mục: "I. TITLE" in capitals, bold; then its khoản, paragraphs and items."""

    muc: Text = Field(
        title="Tiêu đề mục",
        description="Tiêu đề mục, vanban in hoa sau số La Mã: 'I. MỤC ĐÍCH, YÊU CẦU'.",
    )
    noi_dung: list[
        Annotated[
            Annotated[Khoan, Tag("Khoan")]
            | Annotated[Doan, Tag("Doan")]
            | Annotated[Y, Tag("Y")]
            | Annotated[Bang, Tag("Bang")],
            Discriminator(
                node_kind, custom_error_type="body_node", custom_error_message=_NODE_ERROR
            ),
        ]
    ] = Field(
        default_factory=list,
        title="Nội dung của mục",
        description="Các khoản, đoạn và ý trong mục.",
    )
    _positional = ("muc", "noi_dung")
    _schema_title = "Mục"
    _schema_description = "Một mục 'I.', tiêu đề in hoa, đậm (NĐ 30/2020, Phụ lục I, mục II.6.đ)."
    if TYPE_CHECKING:

        def __init__(
            self, muc: str, noi_dung: Sequence[Khoan | Doan | Y | Bang | str] = ()
        ) -> None: ...


class Dieu(Model):
    """A điều: "Điều 1. Title" in bold; then its khoản, paragraphs and items."""

    dieu: Text = Field(
        title="Tiêu đề điều",
        description=(
            "Tiêu đề điều, in đậm sau 'Điều 1.' do vanban đánh số liên tục trong cả văn bản "
            "(mục II.6.d–đ: mỗi điều phải có tiêu đề)."
        ),
    )
    noi_dung: list[
        Annotated[
            Annotated[Khoan, Tag("Khoan")]
            | Annotated[Doan, Tag("Doan")]
            | Annotated[Y, Tag("Y")]
            | Annotated[Bang, Tag("Bang")],
            Discriminator(
                node_kind, custom_error_type="body_node", custom_error_message=_NODE_ERROR
            ),
        ]
    ] = Field(
        default_factory=list,
        title="Nội dung của điều",
        description="Các khoản (đánh số trong mỗi điều), đoạn và ý trong điều.",
    )
    _positional = ("dieu", "noi_dung")
    _schema_title = "Điều"
    _schema_description = (
        "Một điều 'Điều 1. Tiêu đề', in đậm, đánh số liên tục trong văn bản (NĐ 30/2020, Phụ "
        "lục I, mục II.6.đ)."
    )
    if TYPE_CHECKING:

        def __init__(
            self, dieu: str, noi_dung: Sequence[Khoan | Doan | Y | Bang | str] = ()
        ) -> None: ...

    @model_validator(mode="before")
    @classmethod
    def _no_typed_number(cls, data: Any) -> Any:
        # "Điều 3. Hiệu lực" typed by hand would print "Điều 1. Điều 3. Hiệu lực"; "Điều 3." at
        # the head of a line of an article's text is a second article typed inside the first.
        title = data.get("dieu") if isinstance(data, dict) else None
        if isinstance(title, str) and _TYPED_DIEU.match(title):
            raise ValueError(
                f"dieu: {title!r} — vanban numbers the điều ('Điều 1.', 'Điều 2.' …); write "
                "the title alone (NĐ 30/2020, Phụ lục I, mục II.6.đ)"
            )
        typed = _TYPED_DIEU_LINE.search(title) if isinstance(title, str) else None
        if typed:
            raise ValueError(
                f"dieu: {typed['so']!r} typed inside the text of a điều: write each article as "
                "its own dieu, without its number; vanban numbers them through the document "
                "(NĐ 30/2020, Phụ lục I, mục II.6.đ)"
            )
        return data


class Chuong(Model):
    """A chương: "Chương I", and its title in capitals under it, both bold and centred; then its
    điều."""

    chuong: Text = Field(
        title="Tiêu đề chương",
        description=(
            "Tiêu đề chương, vanban in hoa dưới dòng 'Chương I' (mục II.6.đ: mỗi chương phải có "
            "tiêu đề)."
        ),
    )
    noi_dung: list[
        Annotated[
            Annotated[Dieu, Tag("Dieu")]
            | Annotated[Doan, Tag("Doan")]
            | Annotated[Bang, Tag("Bang")],
            Discriminator(
                node_kind, custom_error_type="body_node", custom_error_message=_NODE_ERROR
            ),
        ]
    ] = Field(
        default_factory=list,
        title="Nội dung của chương",
        description="Các điều (đánh số liên tục qua các chương) và đoạn trong chương.",
    )
    _positional = ("chuong", "noi_dung")
    _schema_title = "Chương"
    _schema_description = (
        "Một chương 'Chương I' và tiêu đề in hoa, đậm, canh giữa (NĐ 30/2020, Phụ lục I, mục "
        "II.6.đ)."
    )
    if TYPE_CHECKING:

        def __init__(
            self, chuong: str, noi_dung: Sequence[Dieu | Doan | Bang | str] = ()
        ) -> None: ...


_TYPED_DIEU = re.compile(r"\s*(?P<so>điều\s+\d+\s*[.:])", re.IGNORECASE)
# "Điều 3." opening a line or a sentence of an article's text: a second article typed inside it
# ("... chịu trách nhiệm thi hành. Điều 3. Hiệu lực"); "quy định tại Điều 2." is a reference.
_TYPED_DIEU_LINE = re.compile(r"(?:\n|[.;:]\s)\s*(?P<so>điều\s+\d+\s*[.:])", re.IGNORECASE)

NutNoiDung = Annotated[
    Annotated[Chuong, Tag("Chuong")]
    | Annotated[Dieu, Tag("Dieu")]
    | Annotated[Muc, Tag("Muc")]
    | Annotated[Khoan, Tag("Khoan")]
    | Annotated[Doan, Tag("Doan")]
    | Annotated[Y, Tag("Y")]
    | Annotated[Bang, Tag("Bang")],
    Discriminator(node_kind, custom_error_type="body_node", custom_error_message=_NODE_ERROR),
]
"""A top-level body node: chương, điều, mục, khoản, đoạn, ý or bảng (a table)."""


def check_body(nodes: list[Any]) -> list[Any]:
    """A document's body: not empty (NĐ 30/2020, Điều 8.2.e: nội dung văn bản is a main
    component) and its levels in an order the numbering can follow (:func:`check_levels`)."""
    if not nodes:
        raise ValueError("empty — a document needs a body (NĐ 30/2020, Điều 8.2.e)")
    check_levels(nodes)
    return nodes


def check_levels(nodes: Sequence[object]) -> None:
    """Refuse levels side by side that the numbering cannot order.

    NĐ 30/2020, Phụ lục I, mục II.6.đ numbers khoản "trong mỗi mục"; a khoản standing between
    mục would have no mục to be numbered in. Likewise a điều beside chương would stand outside
    every chương, and mục or khoản beside chương or điều would mix the two layouts of mục II.6.c.
    """
    kinds = {type(n).__name__ for n in nodes} & {"Chuong", "Dieu", "Muc", "Khoan"}
    if {"Muc", "Khoan"} <= kinds:
        raise ValueError(
            "mục and khoản side by side: once the body has mục, every khoản goes inside one "
            "(khoản are numbered within each mục; NĐ 30/2020, Phụ lục I, mục II.6.đ)"
        )
    if {"Chuong", "Dieu"} <= kinds:
        raise ValueError(
            "chương and điều side by side: once the body has chương, every điều goes inside one "
            "(NĐ 30/2020, Phụ lục I, mục II.6.c–đ)"
        )
    if kinds & {"Chuong", "Dieu"} and kinds & {"Muc", "Khoan"}:
        raise ValueError(
            "chương or điều beside mục or khoản: a body is laid out in chương > điều > khoản or "
            "in mục > khoản, not both (NĐ 30/2020, Phụ lục I, mục II.6.c–đ)"
        )


Kieu = Literal[
    "bang",
    "chuong",
    "chuong_tieu_de",
    "dieu",
    "dieu_van_ban",
    "muc",
    "khoan_tieu_de",
    "khoan",
    "diem",
    "doan",
    "y",
]


@dataclass(frozen=True)
class DoanVan:
    """One numbered paragraph of the body, ready for a template.

    ``kieu`` names its level and the paragraph style that lays it out; ``so`` is its number
    ("I.", "1.", "a)", "-", or ""); ``van_ban`` its text; ``dong`` the whole line. A table
    (``kieu == "bang"``) has its title as ``van_ban`` and the table's data
    (:meth:`vanban.models.bang.Bang.context`) as ``bang``.
    """

    kieu: Kieu
    so: str
    van_ban: str
    bang: dict[str, Any] | None = None

    @property
    def dong(self) -> str:
        return " ".join(part for part in (self.so, self.van_ban) if part)

    def context(self) -> dict[str, Any]:
        context: dict[str, Any] = {
            "kieu": self.kieu,
            "so": self.so,
            "van_ban": self.van_ban,
            "dong": self.dong,
        }
        if self.bang is not None:
            context["bang"] = self.bang
        return context


Node = Chuong | Dieu | Muc | Khoan | Diem | Doan | Y | Bang


def number_body(
    nodes: Sequence[Node], *, dieu_kieu: Kieu = "dieu", ket_thuc: bool = True
) -> list[DoanVan]:
    """Flatten the body tree into numbered paragraphs and end the last one with "./." (a Phụ
    lục's content too: the last line of the sample Mẫu 2.1 ends "/.").

    ``dieu_kieu="dieu_van_ban"`` lays each điều out as a Quyết định's or Nghị quyết's article:
    "Điều 1." bold and its text in body type (Phụ lục III, Mẫu 1.1–1.3). ``ket_thuc=False``
    leaves the mark to a line the layout writes after the body (a Biên bản's closing line, Phụ
    lục III, Mẫu 1.9).
    """
    paragraphs = list(_walk(nodes, [0], dieu_kieu))
    if not ket_thuc:
        return paragraphs
    if paragraphs and paragraphs[-1].kieu == "bang":
        # A body ending on a table: "./." on its own line under it.
        paragraphs.append(DoanVan("doan", "", KET_THUC))
    if paragraphs:
        last = paragraphs[-1]
        if not last.van_ban.endswith(KET_THUC):
            text = last.van_ban.rstrip(".") + KET_THUC
            paragraphs[-1] = DoanVan(last.kieu, last.so, text)
    return paragraphs


def _numbered(kieu: Kieu, so: str, text: str) -> Iterator[DoanVan]:
    # The first paragraph carries the number; the others are plain đoạn (see the module's notes).
    first, *rest = text.split(PARAGRAPH_BREAK)
    yield DoanVan(kieu, so, first)
    for paragraph in rest:
        yield DoanVan("doan", "", paragraph)


def _walk(nodes: Sequence[Node], dieu: list[int], dieu_kieu: Kieu = "dieu") -> Iterator[DoanVan]:
    # ``dieu`` counts điều through the whole document; the other levels count within their parent.
    counts = {"chuong": 0, "muc": 0, "khoan": 0, "diem": 0}
    for node in nodes:
        if isinstance(node, Chuong):
            counts["chuong"] += 1
            yield DoanVan("chuong", f"Chương {so_la_ma(counts['chuong'])}", "")
            yield DoanVan("chuong_tieu_de", "", viet_hoa(node.chuong))
            yield from _walk(node.noi_dung, dieu, dieu_kieu)
        elif isinstance(node, Dieu):
            dieu[0] += 1
            yield DoanVan(dieu_kieu, f"Điều {dieu[0]}.", node.dieu)
            yield from _walk(node.noi_dung, dieu, dieu_kieu)
        elif isinstance(node, Muc):
            counts["muc"] += 1
            yield DoanVan("muc", f"{so_la_ma(counts['muc'])}.", viet_hoa(node.muc))
            yield from _walk(node.noi_dung, dieu, dieu_kieu)
        elif isinstance(node, Khoan):
            counts["khoan"] += 1
            number = f"{counts['khoan']}."
            if node.khoan is not None:
                yield DoanVan("khoan_tieu_de", number, node.khoan)
            else:
                assert node.van_ban is not None  # guaranteed by Khoan._title_or_text
                yield from _numbered("khoan", number, node.van_ban)
            yield from _walk(node.noi_dung, dieu, dieu_kieu)
        elif isinstance(node, Diem):
            counts["diem"] += 1
            yield from _numbered("diem", f"{chu_cai(counts['diem'])})", node.diem)
            yield from _walk(node.noi_dung, dieu, dieu_kieu)
        elif isinstance(node, Y):
            yield from _numbered("y", "-", node.y)
        elif isinstance(node, Bang):
            yield DoanVan("bang", "", node.bang or "", node.context())
        else:
            yield from _numbered("doan", "", node.doan)

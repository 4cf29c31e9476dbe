"""vanban's exception hierarchy.

Every error vanban raises on purpose is a :class:`VanBanError`. Errors about user data also derive
from :class:`ValueError`, so code that already catches ``ValueError`` keeps working.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pydantic


class VanBanError(Exception):
    """Base class of every error vanban raises."""


@dataclass(frozen=True)
class Problem:
    """One problem in user data: where it is (a field path such as ``noi_dung[2].muc``) and why."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ValidationError(VanBanError, ValueError):
    """Document data that breaks a rule; lists every problem with its field path and the rule."""

    def __init__(self, model: str, problems: Sequence[Problem]) -> None:
        self.model = model
        self.problems: tuple[Problem, ...] = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        count = len(self.problems)
        super().__init__(f"{model}: {count} problem{'s' if count != 1 else ''}\n{lines}")

    @classmethod
    def from_pydantic(cls, model: str, error: pydantic.ValidationError) -> ValidationError:
        """Translate pydantic's error into vanban's, with readable paths and messages."""
        problems = [Problem(_path(e["loc"]), _message(e)) for e in error.errors(include_url=False)]
        return cls(model, problems)


def _path(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.startswith("function-") or part in _UNION_TAGS:
            continue  # pydantic's internal names for union members and validators
        else:
            out += f".{part}" if out else part
    return out


# Tags of the body-tree union members (models.noi_dung) that pydantic puts into error paths.
_UNION_TAGS = frozenset({"Muc", "Khoan", "Diem", "Doan", "Y"})


def _message(error: Any) -> str:
    msg = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    if error["type"] in ("missing", "missing_argument"):
        return "field required"
    if error["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
        return "unknown field — extra inputs are not permitted"
    if "input" in error and error["type"] not in ("value_error", "assertion_error"):
        shown = repr(error["input"])
        if len(shown) > 60:
            shown = shown[:57] + "..."
        return f"{shown} — {msg}"
    return msg


class DataWarning(UserWarning):
    """Data vanban accepted after mending it (a số ký hiệu typed with spaces, say); the message
    names the field, the value and every fix, so the data file can be corrected."""


class CodeError(VanBanError, ValueError):
    """A số ký hiệu string that cannot be read, or that strict parsing refuses."""


class TemplateError(VanBanError):
    """A .docx template that cannot be loaded or rendered."""


class UnsafeTemplateError(TemplateError):
    """The sandbox refused something a template tried: a ``_`` attribute, an attribute of a
    function or class, an unsafe call. The message names the template, the part and the
    expression."""


class PackageError(TemplateError):
    """A .docx package that is damaged or hostile: a bad member name, a member over the
    :class:`vanban.PackageLimits`, a part that is not XML or declares a DOCTYPE. The message names
    the file and the member."""


class MissingVariablesError(TemplateError, KeyError):
    """The template uses variables the context does not have; ``names`` lists all of them."""

    def __init__(self, names: Sequence[str], template: str) -> None:
        self.names: tuple[str, ...] = tuple(names)
        self.template = template
        super().__init__(
            f"{template}: the template uses {len(self.names)} variable(s) the context lacks: "
            + ", ".join(self.names)
        )

    def __str__(self) -> str:
        return str(self.args[0])


class FilterError(TemplateError, ValueError):
    """A template filter refused a value: ``filter`` names the filter, ``value`` is the value it
    refused, ``field`` the context field that holds it ("so_tien", "nhan_vien[2].luong") when it
    can be found, else None, and ``reason`` the filter's own message."""

    def __init__(self, name: str, value: Any, field: str | None, reason: str) -> None:
        self.filter = name
        self.value = value
        self.field = field
        self.reason = reason if reason.startswith(name) else f"{name}: {reason}"
        where = f" (field {field})" if field else ""
        super().__init__(f"{self.reason}{where}")

    def __reduce__(self) -> tuple[type[FilterError], tuple[str, Any, str | None, str]]:
        return FilterError, (self.filter, self.value, self.field, self.reason)


class BanSaoError(VanBanError, ValueError):
    """A copy (bản sao, Mẫu 3.1) vanban cannot make: an original that is not a Word .docx, is
    encrypted or digitally signed, or holds tracked changes, or a TRÍCH SAO part that does not
    fit the document. The message names the file and the reason."""


class FixError(VanBanError):
    """A .docx ``vanban check --fix`` will not change: it is digitally signed (a change would
    break the signature) or holds tracked changes (a fix would mix with changes a person has not
    accepted), or the output asked for is the input or already exists. The message names the
    file and the reason; the document can still be checked."""

    def __init__(self, message: str, report: Any = None) -> None:
        super().__init__(message)
        self.report: Any = report
        """The check of the document refused (a :class:`vanban.kiem_tra.Report`), when it was
        read; None when the refusal is about the output."""

    def __reduce__(self) -> tuple[type[FixError], tuple[str, Any]]:
        return type(self), (str(self), self.report)


class UnstorableCharacterError(VanBanError, ValueError):
    """A value holds a character that XML (and so .docx) cannot store."""


class SigningError(VanBanError):
    """A PDF that cannot be signed, issued or verified as asked (vanban.ky_so): not a PDF, no
    signature block or blank where the decree puts one, a key that cannot be read, a field
    already filled. The message names the file or field, the value and the rule."""


class RegisterError(VanBanError):
    """A register (vanban.Register) refused an operation or cannot be opened: a file that is not
    a register, a server that does not answer, an unknown series, a number already in the year,
    a date out of order. The message names the register, the value and the rule, and says what to
    do.

    What to do differs between Python and the command line: ``str(error)`` names the Python
    argument or method (``allow_earlier=True``, ``Register.create``), :attr:`command_line` the
    ``vanban`` command's flag or command (``--allow-earlier``, ``vanban register init``); the two
    are the same where the message names neither."""

    def __init__(self, message: str, command_line: str | None = None) -> None:
        super().__init__(message)
        self.command_line: str = message if command_line is None else command_line
        """The message as the ``vanban`` command prints it."""

    def __reduce__(self) -> tuple[type[RegisterError], tuple[str, str]]:
        return type(self), (str(self), self.command_line)

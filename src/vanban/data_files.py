"""Reading data files: UTF-8 text, then YAML or JSON, the same way for documents, batches and
calendars.

YAML goes through PyYAML's C loader (``CSafeLoader``, libyaml) when PyYAML was built with it, else
the pure-Python ``SafeLoader``; both are safe loaders (no Python objects from tags). The C loader
reads the reference plan about ten times faster. A value that looks like a timestamp but is not a
real day (``ngay: 2022-02-30``) stays the text it was: the model that receives it then names the
field and the value, instead of the parser failing halfway through the file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from vanban.errors import VanBanError

_Base: type[yaml.SafeLoader] = (
    yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader  # type: ignore[assignment]
)


class _Loader(_Base):  # type: ignore[valid-type,misc]
    """The safe loader, fast where libyaml is present, that keeps impossible dates as text."""


def _timestamp(loader: SafeConstructor, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:  # 2022-02-30, 2022-13-01, 10:61: the date's own check will name it
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)

FAST = _Base is not yaml.SafeLoader
"""Whether YAML is read with libyaml (``CSafeLoader``)."""


class DataFileError(VanBanError, ValueError):
    """A data file that is not UTF-8 text, or not valid YAML or JSON; names the file and why."""

    def __init__(self, path: str | os.PathLike[str], reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


def load_yaml(text: str) -> Any:
    """The data of one YAML document (safe loader; impossible dates stay text)."""
    return yaml.load(text, Loader=_Loader)


def read_text(path: str | os.PathLike[str]) -> str:
    """A data file's text: UTF-8, with or without the BOM Excel and Notepad write.

    A missing or unreadable file raises the usual :class:`OSError`; text that is not UTF-8 raises
    :class:`DataFileError` saying how to fix it.
    """
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataFileError(
            path,
            f"is not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "save it with the UTF-8 encoding",
        ) from None


def read_data(path: str | os.PathLike[str]) -> Any:
    """The data of a ``.json`` file, or of a YAML file (any other suffix)."""
    path = Path(path)
    text = read_text(path)
    try:
        return json.loads(text) if path.suffix.lower() == ".json" else load_yaml(text)
    except (json.JSONDecodeError, yaml.YAMLError) as error:
        raise DataFileError(path, f"cannot be parsed: {error}") from None

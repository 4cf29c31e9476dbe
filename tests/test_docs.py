"""Every code block of the README and docs/ runs, and what the docs say it prints is what it prints.

Each page runs as one session, block after block, in a fresh working folder holding a copy of
examples/, benchmarks/ and templates/ and an empty out/, so a block may use what an earlier block of the same
page made. How a block runs is decided by its fence's language:

- ``python``: executed (all python blocks of a page share one namespace); a block starting with
  ``>>>`` is a doctest, its shown results compared (ELLIPSIS and NORMALIZE_WHITESPACE on);
- ``console``: each ``$ command`` line runs in bash with the project's ``vanban`` and ``python`` on
  PATH; the lines under it are what it must print (stdout and stderr together); ``...`` matches
  any text within a line, and a line of its own ``...`` matches any lines;
- ``sh``: each line runs in bash and must succeed;
- ``yaml`` and ``toml``: parsed; ``text``: shown output, not run.

An HTML comment on the line just before a fence changes that (it does not show on the page):

- ``<!-- file: NAME -->``: the block is written to NAME in the working folder, not run;
- ``<!-- output -->``: a ``text`` block that is exactly what the previous python block printed;
- ``<!-- run: COMMAND -->``: a console or sh block is checked by running COMMAND instead (a cheaper
  form of the same command, for benchmarks); it must succeed, its output is not compared;
- ``<!-- not run: REASON -->``: the block is skipped, for the reason given (installs system
  packages, or runs this very test suite);
- ``<!-- run (soffice): COMMAND -->``: as ``run``, where LibreOffice is present (skipped without
  it, unless ``VANBAN_REQUIRE_SOFFICE=1``, as the ``soffice`` fixture does);
- ``<!-- needs: PROGRAM -->``: the block runs as its language says where PROGRAM is on PATH, and
  is skipped where it is not (``softhsm2-util``: the tests that need it fail instead under
  ``VANBAN_REQUIRE_SOFTHSM=1``, tests/ky_so/test_pkcs11.py).

A page whose first line is ``<!-- needs: soffice -->`` is run only where LibreOffice is present.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import os
import re
import shutil
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import ROOT, find_soffice

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_FENCE = re.compile(r"^```(\w*)\s*$")
_MARKER = re.compile(
    r"^<!--\s*(file|output|run|not run|needs)(\s*\(soffice\))?\s*:?\s*(.*?)\s*-->\s*$"
)


@dataclass(frozen=True)
class Block:
    """One fenced block: where it starts, its language, its text and the marker before it."""

    page: Path
    line: int
    language: str
    text: str
    marker: str = ""
    argument: str = ""
    soffice: bool = False

    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def blocks(page: Path) -> list[Block]:
    """The fenced blocks of a Markdown page, in order, with the marker comment before each."""
    found: list[Block] = []
    lines = page.read_text(encoding="utf-8").splitlines()
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if opening is None:
            i += 1
            continue
        marker = _MARKER.match(lines[i - 1]) if i > 0 else None
        end = i + 1
        while end < len(lines) and not lines[end].startswith("```"):
            end += 1
        found.append(
            Block(
                page,
                i + 1,
                opening.group(1),
                "\n".join(lines[i + 1 : end]) + "\n",
                marker.group(1) if marker else "",
                marker.group(3) if marker else "",
                bool(marker and marker.group(2)),
            )
        )
        i = end + 1
    return found


def matches(expected: str, actual: str) -> bool:
    """Whether ``actual`` output fits ``expected``, where ``...`` stands for any text (in a line)
    or any lines (alone on its line). Trailing spaces are ignored."""
    parts = []
    for line in expected.rstrip("\n").splitlines():
        if line.strip() == "...":
            parts.append(r"(?:.*\n)*?")
        else:
            pieces = [re.escape(p) for p in line.rstrip().split("...")]
            parts.append(r"[^\n]*?".join(pieces) + r"[ \t]*\n")
    cleaned = "".join(line.rstrip() + "\n" for line in actual.splitlines())
    return re.fullmatch("".join(parts), cleaned) is not None


class Session:
    """One page's run: its working folder, its Python namespace, the last block's output."""

    def __init__(self, folder: Path, has_soffice: bool) -> None:
        self.has_soffice = has_soffice
        self.folder = folder
        self.namespace: dict[str, Any] = {"__name__": "__docs__"}
        self.last_output: str | None = None
        bin_dir = str(Path(sys.executable).parent)
        self.env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
        self.env.pop("VANBAN_REQUIRE_SOFFICE", None)

    def run(self, block: Block) -> None:
        if block.marker == "not run":
            assert block.argument, f"{block.where()}: 'not run' needs a reason"
            return
        if block.marker == "file":
            (self.folder / block.argument).write_text(block.text, encoding="utf-8")
            return
        if block.marker == "output":
            assert self.last_output is not None, f"{block.where()}: no python block before it"
            assert matches(block.text, self.last_output), (
                f"{block.where()}: the previous block printed\n{self.last_output}"
            )
            return
        if block.marker == "run":
            if block.soffice and not self.has_soffice:
                return
            self.shell(block, block.argument, expected=None)
            return
        if block.marker == "needs":
            assert block.argument, f"{block.where()}: 'needs' names a program"
            if shutil.which(block.argument, path=self.env["PATH"]) is None:
                return
        handler = getattr(self, f"run_{block.language or 'none'}", None)
        assert handler is not None, (
            f"{block.where()}: a {block.language or 'plain'!r} block needs a marker saying how it "
            "runs (see tests/test_docs.py)"
        )
        handler(block)

    def run_python(self, block: Block) -> None:
        if block.text.lstrip().startswith(">>>"):
            self.doctest(block)
            return
        output = io.StringIO()
        code = compile(block.text, block.where(), "exec")
        previous = Path.cwd()
        argv = sys.argv
        try:
            os.chdir(self.folder)
            sys.argv = [block.where()]
            with contextlib.redirect_stdout(output):
                exec(code, self.namespace)
        finally:
            os.chdir(previous)
            sys.argv = argv
        self.last_output = output.getvalue()

    def doctest(self, block: Block) -> None:
        parser = doctest.DocTestParser()
        test = parser.get_doctest(block.text, self.namespace, block.where(), str(block.page), 0)
        flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
        runner = doctest.DocTestRunner(optionflags=flags)
        report = io.StringIO()
        previous = Path.cwd()
        try:
            os.chdir(self.folder)
            runner.run(test, out=report.write, clear_globs=False)
        finally:
            os.chdir(previous)
            # DocTest copies the globals it is given: keep what the block defined for the next
            self.namespace.update(test.globs)
        assert runner.failures == 0, f"{block.where()}:\n{report.getvalue()}"

    def run_console(self, block: Block) -> None:
        command: str | None = None
        expected: list[str] = []
        for line in [*block.text.splitlines(), "$ "]:
            if line.startswith("$ "):
                if command is not None:
                    self.shell(block, command, "\n".join(expected) + "\n")
                command, expected = line[2:], []
            else:
                expected.append(line)

    def run_sh(self, block: Block) -> None:
        for line in block.text.splitlines():
            command = line.split(" #")[0].strip()
            if command and not command.startswith("#"):
                self.shell(block, command, expected=None)

    def run_yaml(self, block: Block) -> None:
        yaml.safe_load(block.text)

    def run_toml(self, block: Block) -> None:
        tomllib.loads(block.text)

    def run_text(self, block: Block) -> None:
        """Shown output or template text, not run."""

    def shell(self, block: Block, command: str, expected: str | None) -> None:
        if not command.strip():
            return
        done = subprocess.run(
            ["bash", "-c", command],
            cwd=self.folder,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        output = done.stdout + done.stderr
        if expected is None:
            assert done.returncode == 0, f"{block.where()}: `{command}` failed:\n{output}"
        elif expected.strip():
            assert matches(expected, output), (
                f"{block.where()}: `{command}` printed\n{output}\nexpected\n{expected}"
            )


def needs_soffice(page: Path) -> bool:
    first = page.read_text(encoding="utf-8").split("\n", 1)[0]
    return first.strip() == "<!-- needs: soffice -->"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_blocks_run(page: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if needs_soffice(page):
        request.getfixturevalue("soffice")
    folder = tmp_path / "work"
    folder.mkdir()
    for name in ("examples", "benchmarks", "templates"):
        shutil.copytree(ROOT / name, folder / name)
    (folder / "out").mkdir()
    has_soffice = find_soffice() is not None or os.environ.get("VANBAN_REQUIRE_SOFFICE") == "1"
    session = Session(folder, has_soffice)
    for block in blocks(page):
        session.run(block)


def test_matches_ellipsis() -> None:
    assert matches("a ... c\n", "a b c\n")
    assert matches("a\n...\nz\n", "a\nb\nc\nz\n")
    assert not matches("a ... c\n", "a b d\n")
    assert not matches("a\n", "a\nb\n")


_LINK = re.compile(r"\]\(([^)\s]+)\)")


def anchors(page: Path) -> set[str]:
    """The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as -."""
    found = set()
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            title = line.lstrip("#").strip().lower()
            title = re.sub(r"[^\w\- ]", "", title)
            found.add(title.replace(" ", "-"))
    return found


@pytest.mark.parametrize("page", PAGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_page_links_resolve(page: Path) -> None:
    """Every relative link of a page names a file of the repository, and its #anchor a heading."""
    broken = []
    for target in _LINK.findall(page.read_text(encoding="utf-8")):
        if re.match(r"^[a-z]+:", target):
            continue  # a web address
        path, _, anchor = target.partition("#")
        linked = (page.parent / path).resolve() if path else page
        missing_anchor = (
            linked.is_file()
            and linked.suffix == ".md"
            and bool(anchor)
            and anchor not in anchors(linked)
        )
        if not linked.exists() or missing_anchor:
            broken.append(target)
    assert broken == []

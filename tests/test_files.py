"""regel.source.files: one way to read a file a user named, with the engine's errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from regel.base.errors import RegelError
from regel.source.files import open_binary, read_bytes, read_text
from regel.source.yamltree import YamlError


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(RegelError) as info:
        read_text(tmp_path / "nope.yaml")
    assert (info.value.code, info.value.message) == ("FILE-NOT-FOUND", "the file does not exist")
    assert info.value.source == str(tmp_path / "nope.yaml")


@pytest.mark.parametrize("read", [read_text, read_bytes, open_binary])
def test_a_folder_names_what_was_expected(tmp_path: Path, read: Callable[..., object]) -> None:
    with pytest.raises(RegelError) as info:
        read(tmp_path, what="a file of cases")
    assert (info.value.code, info.value.message) == (
        "FILE-UNREADABLE", "this is a folder, not a file of cases")


def test_the_error_is_the_callers_kind(tmp_path: Path) -> None:
    with pytest.raises(YamlError):
        read_text(tmp_path / "nope.yaml", error=YamlError)


def test_bytes_that_are_not_utf8_are_located(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_bytes(b'a: 1\nb: "x\xffy"\n')
    with pytest.raises(RegelError) as info:
        read_text(path)
    assert info.value.code == "FILE-UNREADABLE"
    assert info.value.message.startswith("the file is not UTF-8 text")
    assert (info.value.line, info.value.column) == (2, 6)


def test_text_as_python_text_mode_reads_it(tmp_path: Path) -> None:
    path = tmp_path / "trace.json"
    path.write_bytes(b"\xef\xbb\xbf{\r\n}\r")
    assert read_text(path, encoding="utf-8-sig") == "{\n}\n"
    assert read_text(path) == "\ufeff{\n}\n"

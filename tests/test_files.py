"""regel.source.files: one way to read a file a user named, with the engine's errors."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from regel.base.errors import RegelError
from regel.source.files import MAX_FILE_BYTES, open_binary, read_bytes, read_text
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


# --------------------------------------------------------------------------- limits (issue 19)

@pytest.mark.parametrize("read", [read_text, read_bytes])
def test_a_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path,
                                                        read: Callable[..., object]) -> None:
    fifo = tmp_path / "risk.yaml"
    os.mkfifo(fifo)
    start = time.monotonic()
    with pytest.raises(RegelError) as info:
        read(fifo, what="a YAML file")
    assert time.monotonic() - start < 5
    assert (info.value.code, info.value.message, info.value.source) == (
        "FILE-UNREADABLE",
        "this is not a regular file (a pipe, a device or a socket), not a YAML file",
        str(fifo))


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_is_refused(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    with pytest.raises(RegelError) as info:
        read_bytes(device)
    assert info.value.diagnostics[0].key == "FILE-UNREADABLE/not-a-file"


def test_a_symlink_to_a_device_is_refused(tmp_path: Path) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    link = tmp_path / "risk.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(RegelError) as info:
        read_text(link)
    assert info.value.diagnostics[0].key == "FILE-UNREADABLE/not-a-file"


def test_a_symlink_loop_is_an_error(tmp_path: Path) -> None:
    loop = tmp_path / "risk.yaml"
    loop.symlink_to(loop)
    with pytest.raises(RegelError) as info:
        read_text(loop)
    assert info.value.diagnostics[0].key == "FILE-UNREADABLE/os"


def test_a_file_beyond_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    with pytest.raises(RegelError) as info:
        read_text(path)
    assert (info.value.code, info.value.message) == (
        "FILE-UNREADABLE", "the file is larger than 8 MiB, the most a file read by regel may be")
    path.write_bytes(b"#" * MAX_FILE_BYTES)
    assert len(read_bytes(path)) == MAX_FILE_BYTES

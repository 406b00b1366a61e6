"""Readers with limits (issue 19), through ``load_pack``: whatever sits in a pack's folders,
the loader answers within seconds with a located error, never a hang or a traceback."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from regel import load_pack
from regel.base.errors import PackError

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "packs" / "library-fees"

BOMB = "".join([
    "a: &a [x, x, x, x, x, x, x, x, x]\n",
    *(f"{n}: &{n} [" + ", ".join([f"*{b}"] * 9) + "]\n"
      for b, n in zip("abcdefg", "bcdefgh", strict=True)),
])


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _zero(path: Path) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("no /dev/zero here")
    path.symlink_to("/dev/zero")


def _loop(path: Path) -> None:
    path.symlink_to(path.name)


def _bomb(path: Path) -> None:
    path.write_text(BOMB, encoding="utf-8")


def _nul(path: Path) -> None:
    path.write_bytes(b"id: x\x00y\n")


def _deep(path: Path) -> None:
    path.write_text("id: " + "[" * 3000 + "]" * 3000 + "\n", encoding="utf-8")


@pytest.mark.parametrize(("plant", "key"), [
    (_fifo, "FILE-UNREADABLE/not-a-file"),
    (_zero, "FILE-UNREADABLE/not-a-file"),
    (_loop, "FILE-UNREADABLE/os"),
    (_bomb, "YAML-LIMIT/aliases"),
    (_nul, "YAML-SYNTAX/character"),
    (_deep, "YAML-SYNTAX/too-deep"),
])
@pytest.mark.parametrize("where", ["decisions/planted.yaml", "tests/planted.yaml",
                                   "pack.yaml"])
def test_a_planted_file_is_one_located_error(tmp_path: Path, where: str,
                                             plant: Callable[[Path], None], key: str) -> None:
    root = tmp_path / "pack"
    shutil.copytree(EXAMPLE, root)
    target = root / where
    target.parent.mkdir(exist_ok=True)
    target.unlink(missing_ok=True)
    plant(target)
    start = time.monotonic()
    with pytest.raises(PackError) as caught:
        load_pack(root)
    assert time.monotonic() - start < 5
    assert [(d.key or d.code, d.file) for d in caught.value.diagnostics] == [(key, str(target))]


def test_a_case_file_that_is_a_symlink_loop(tmp_path: Path) -> None:
    root = tmp_path / "pack"
    shutil.copytree(EXAMPLE, root)
    (root / "cases").mkdir(exist_ok=True)
    _loop(root / "cases" / "loop.yaml")
    (root / "tests" / "planted.yaml").write_text(
        "tests:\n  - name: loop\n    case: ../cases/loop.yaml\n"
        "    expect: {fee: 0}\n",
        encoding="utf-8")
    with pytest.raises(PackError) as caught:
        load_pack(root)
    assert [d.key for d in caught.value.diagnostics] == ["FILE-UNREADABLE/os"]


_DMN = ('<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="d" name="d" '
        'namespace="https://example.org/d">{}</definitions>')


@pytest.mark.parametrize(("body", "reason"), [
    ('<itemDefinition name="t">' + "".join(f'<itemComponent name="c{i}">' for i in range(2000))
     + "</itemComponent>" * 2000 + "</itemDefinition>", "xml.reason.too-deep"),
    ("<extensionElements>" * 3000 + "</extensionElements>" * 3000, "xml.reason.too-deep"),
])
def test_a_deep_dmn_model_is_one_located_error(tmp_path: Path, body: str, reason: str) -> None:
    model = tmp_path / "model.dmn"
    model.write_text(_DMN.format(body), encoding="utf-8")
    start = time.monotonic()
    with pytest.raises(PackError) as caught:
        load_pack(model)
    assert time.monotonic() - start < 5
    [d] = caught.value.diagnostics
    assert (d.code, d.values["reason"].key, d.line) == ("DMN-XML", reason, 1)

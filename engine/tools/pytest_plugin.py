"""A pytest plugin that runs rule packs' YAML tests as pytest items.

Every ``PACK/tests/*.yaml`` file of a folder ``PACK`` holding a ``pack.yaml`` is collected;
each YAML test in it becomes one item, named by the test's name. The pack is loaded once
per session. An item evaluates its case traced and untraced and checks the expected
outputs (both ways) and the expected matched and not-matched rules; a failure shows the
expected-vs-actual lines and the explanation of the case. A pack that does not load gives
one failing item listing every problem. Failures are told in the pack's language, or in
the one ``--regel-lang`` asks for.

Activate it with ``-p regel.tools.pytest_plugin``, or
``pytest_plugins = ["regel.tools.pytest_plugin"]``
in the top-level conftest.py, or the ``pytest11`` entry point of the installed package.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from regel.base.errors import PackError
from regel.load import load_pack
from regel.model import Pack, PackTest

__all__ = ["PackTestFile", "PackTestItem", "PackLoadItem", "PackTestFailure"]

_PACKS = pytest.StashKey[dict[Path, Any]]()          # pack folder -> Pack or PackError
_REPORTED = pytest.StashKey[set[Path]]()             # packs whose load failure has an item


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if (file_path.suffix in (".yaml", ".yml") and file_path.parent.name == "tests"
            and (file_path.parent.parent / "pack.yaml").is_file()):
        return PackTestFile.from_parent(parent, path=file_path)
    return None


def _load(config: pytest.Config, folder: Path) -> Any:
    """The pack in ``folder`` (loaded once per session), or the ``PackError`` it raised."""
    cache = config.stash.setdefault(_PACKS, {})
    if folder not in cache:
        try:
            cache[folder] = load_pack(folder)
        except PackError as err:
            cache[folder] = err
    return cache[folder]


class PackTestFailure(Exception):
    """A YAML test that did not give what it expects."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


class PackTestFile(pytest.File):
    """A pack's test file: one item per YAML test in it."""

    def collect(self) -> Any:
        folder = self.path.parent.parent.resolve()
        loaded = _load(self.config, folder)
        if not isinstance(loaded, Pack):
            reported = self.config.stash.setdefault(_REPORTED, set())
            if folder not in reported:  # one failing item per broken pack
                reported.add(folder)
                yield PackLoadItem.from_parent(self, name=f"load pack {folder.name}",
                                               error=loaded)
            return
        seen: dict[str, int] = {}
        for test in loaded.tests:
            if test.location is None or Path(test.location.file or "").name != self.path.name:
                continue
            count = seen[test.name] = seen.get(test.name, 0) + 1
            name = test.name if count == 1 else f"{test.name} [{count}]"
            yield PackTestItem.from_parent(self, name=name, pack=loaded, test=test)


class _PlainFailure(pytest.Item):
    """An item whose own failures print as their text, without a Python traceback."""

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> Any:
        if isinstance(excinfo.value, PackTestFailure):
            return excinfo.value.text
        return super().repr_failure(excinfo, style)


class PackTestItem(_PlainFailure):
    """One YAML test, run traced and untraced."""

    def __init__(self, *, pack: Pack, test: PackTest, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.pack = pack
        self.test = test

    def runtest(self) -> None:
        from regel.tools.testing import (  # lazy: ~3 ms at every pytest start, for pack tests
            check_untraced,
            format_failure,
            run_test,
        )
        lang = self.config.getoption("regel_lang", None) or self.pack.default_language
        result = run_test(self.pack, self.test, lang)
        untraced = [] if result.error else check_untraced(self.pack, self.test, lang)
        if result.passed and not untraced:
            return
        result.passed = False
        result.failures += untraced
        raise PackTestFailure(format_failure(result, lang))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.test.location.line - 1 if self.test.location and \
            self.test.location.line else None
        return self.path, line, f"{self.pack.id}: {self.test.name}"


class PackLoadItem(_PlainFailure):
    """A pack that does not load: fails with every problem the loader found."""

    def __init__(self, *, error: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.error = error

    def runtest(self) -> None:
        from regel.base.messages import render  # lazy: the plugin loads with every pytest run
        from regel.tools.lang import pack_language  # lazy: as above
        folder = self.path.parent.parent
        lang = self.config.getoption("regel_lang", None) or pack_language(folder)
        lines = self.error.render(lang).splitlines()
        raise PackTestFailure(render("pytest.pack-not-loading", lang, {"folder": folder})
                              + "\n" + "\n".join(f"  {line}" for line in lines))

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, self.name


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--regel-lang", dest="regel_lang", choices=("da", "en"), default=None,
                     help="language of the explanations of failed rule-pack tests "
                          "(default: each pack's)")

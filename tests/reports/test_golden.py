"""Golden reports: seed 003's five worked examples and three example cases, in text,
Markdown and HTML, in Danish and English. The files in golden/ were reviewed by reading
them; a change to any report shows up here as a diff.

To accept a deliberate change: REGEL_UPDATE_GOLDEN=1 python -m pytest tests/reports
(then read the diff before committing)."""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

from regel import load_pack
from regel.feel.jsonio import dumps
from regel.report import render
from regel.run.evaluate import Case
from regel.source.yamltree import load_yaml_file

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PACK = load_pack(ROOT / "rules" / "sikkerhedsstillelse")
CASES = sorted((HERE / "cases").glob("s003-*.yaml")) + [
    ROOT / "examples" / "cases" / name for name in (
        "01-ny-ansoegning-2024-proever-bestaaet.yaml",
        "06-inddrivelse-hjaelp-efter-tre-love.yaml",
        "08-flytning-tre-kommuner-og-frigivelse.yaml")]
EXT = {"text": "txt", "md": "md", "html": "html"}


def _stable(text: str) -> str:
    """Mask what changes with every unrelated edit: the fingerprint, the engine version."""
    text = re.sub(r"\b[0-9a-f]{64}\b", "<fingerprint>", text)
    return re.sub(r"regel \d+\.\d+\.\d+", "regel <version>", text)


def _trace(path: Path) -> dict[str, object]:
    case = Case.from_data(load_yaml_file(path), str(path))
    result = PACK.evaluate(case)
    return json.loads(dumps(result.to_json()), parse_float=Decimal)  # the archived form


@pytest.mark.parametrize("fmt", list(EXT))
@pytest.mark.parametrize("lang", ["da", "en"])
@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_golden_report(path: Path, lang: str, fmt: str) -> None:
    got = _stable(render(_trace(path), fmt, lang))
    golden = HERE / "golden" / f"{path.stem}.{lang}.{EXT[fmt]}"
    if os.environ.get("REGEL_UPDATE_GOLDEN"):
        golden.write_text(got, encoding="utf-8")
    assert golden.exists(), f"no golden file {golden.name}; run with REGEL_UPDATE_GOLDEN=1"
    assert got == golden.read_text(encoding="utf-8")

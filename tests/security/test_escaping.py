"""Issue 19: texts from a case or a pack (fact values, labels, rule sources, citations) must
not become markup in a report nor control sequences on a terminal. Each channel is fed the
same hostile text: HTML, a javascript: link, a remote image, a heading, rich markup and
terminal escapes (window title, clear screen, hyperlink)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from regel import load_pack
from regel.cli import main
from regel.feel.jsonio import dumps
from regel.report import render
from regel.run.evaluate import Case
from regel.source.yamltree import load_yaml_file
from tests import packbuilder

ROOT = Path(__file__).resolve().parents[2]
ESC = "\x1b]0;pwned\x07\x1b[2J\x1b]8;;https://evil.example\x1b\\here\x1b]8;;\x1b\\\x9b31m"
HOSTILE = ("# Owned <script>alert(1)</script> <img src=x onerror=alert(1)> "
           "[click](javascript:alert(1)) ![i](https://evil.example/t.png) "
           "<javascript:alert(2)> *loud* [bold]rich[/bold] | cell\n# Heading " + ESC)
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _poison(node: Any, key: str = "") -> Any:
    """The trace with every label, question, title, citation (its pinpoint and note),
    source (its registry entry's words and address) and text replaced."""
    if isinstance(node, dict):
        return {k: _poison(v, k) for k, v in node.items()}
    if isinstance(node, list):
        return [HOSTILE if key == "citations" and isinstance(v, str) else _poison(v, key)
                for v in node]
    if isinstance(node, str) and key in ("da", "en", "source", "text", "case_id", "at",
                                         "issuer", "number", "url"):
        return HOSTILE
    return node


def _trace() -> dict[str, Any]:
    pack = load_pack(ROOT / "rules" / "sikkerhedsstillelse")
    path = ROOT / "tests" / "reports" / "cases" / "s003-eksempel-1.yaml"
    result = pack.evaluate(Case.from_data(load_yaml_file(path), str(path)))
    trace = json.loads(dumps(result.to_json()), parse_float=Decimal)
    trace["inputs"]["permit_basis"] = HOSTILE          # a fact value no label names
    return dict(_poison(trace))


def _as_html(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


@pytest.mark.parametrize("lang", ["da", "en"])
def test_markdown_report_keeps_hostile_text_as_text(lang: str) -> None:
    md = render(_trace(), "md", lang)
    assert not CONTROL.search(md.replace("\n", "").replace("\t", ""))
    html = _as_html(md)
    for made in ("<script", "<img", "href=", "<em>loud"):
        assert made not in html, made
    assert html.count("<h1>") == 1 and "<h1>Owned" not in html
    assert not re.search(r"<h[1-6]>\s*Heading", html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html      # shown, not run
    assert "[bold]rich[/bold]" in html
    clean = _as_html(render(_poison_free(), "md", lang))
    assert [t for t in re.findall(r"<(h\d|table|blockquote|ul|li)>", html)] == \
        [t for t in re.findall(r"<(h\d|table|blockquote|ul|li)>", clean)]


def _poison_free() -> dict[str, Any]:
    pack = load_pack(ROOT / "rules" / "sikkerhedsstillelse")
    path = ROOT / "tests" / "reports" / "cases" / "s003-eksempel-1.yaml"
    result = pack.evaluate(Case.from_data(load_yaml_file(path), str(path)))
    return dict(json.loads(dumps(result.to_json()), parse_float=Decimal))


def test_html_report_escapes_hostile_text() -> None:
    html = render(_trace(), "html", "en")
    for made in ("<script>alert", "<img src=x", 'href="javascript', "<h1>Owned"):
        assert made not in html, made
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_terminal_report_has_no_escape_sequences() -> None:
    text = render(_trace(), "text", "en")
    assert not CONTROL.search(text.replace("\n", "").replace("\t", ""))
    assert "\\u001b" in text and "[bold]rich[/bold]" in text
    assert "<script>alert(1)</script>" in text       # literal text on a terminal is harmless


# --------------------------------------------------------------------------- the CLI

INPUTS = {"name": {"type": "string", "label": {"da": "navn " + ESC, "en": "name " + ESC}},
          "kind": {"type": "string", "label": {"da": "art", "en": "kind"},
                   "allowed_values": ["a", "b"]}}


def _pack(root: Path, then: str) -> Path:
    return packbuilder.write_pack(root, [{
        "id": "greeting", "label": {"da": "hilsen [bold]x[/bold]", "en": "greeting [bold]x[/bold]"},
        "requires": {"inputs": ["name", "kind"]},
        "versions": [{"valid_from": "2000-01-01", "source": "§ 1 " + ESC,
                      "expression": then}]}], INPUTS)


def _case(tmp_path: Path, kind: str = "a") -> Path:
    case = tmp_path / "case.yaml"
    case.write_text(json.dumps({"as_of": "2024-01-01",
                                "facts": {"name": "Bo " + ESC, "kind": kind}}),
                    encoding="utf-8")
    return case


def _clean(out: str) -> None:
    assert not CONTROL.search(out.replace("\n", "").replace("\t", "")), repr(out)


def test_explain_on_the_terminal(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = _pack(tmp_path / "p", '"hi " + name')
    assert main(["explain", str(pack), "--case", str(_case(tmp_path))]) == 0
    out = capsys.readouterr().out
    _clean(out)
    assert "[bold]x[/bold]" in out and "\\u001b" in out


def test_replay_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pack = _pack(tmp_path / "p", '"hi " + name')
    assert main(["explain", str(pack), "--case", str(_case(tmp_path)), "--format", "json",
                 "-o", str(tmp_path / "trace.json")]) == 0
    changed = _pack(tmp_path / "q", '"bye " + name')
    capsys.readouterr()
    assert main(["replay", str(tmp_path / "trace.json"), "--pack", str(changed)]) == 1
    out = capsys.readouterr().out
    _clean(out)
    assert "\\u001b" in out


def test_an_error_message_with_a_hostile_value(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    pack = _pack(tmp_path / "p", '"hi " + name')
    assert main(["explain", str(pack), "--case", str(_case(tmp_path, "c " + ESC))]) == 1
    err = capsys.readouterr().err
    _clean(err)
    assert "\\u001b" in err


def test_json_output_stays_valid_json(tmp_path: Path,
                                      capsys: pytest.CaptureFixture[str]) -> None:
    pack = _pack(tmp_path / "p", '"hi " + name')
    assert main(["explain", str(pack), "--case", str(_case(tmp_path)), "--format", "json"]) == 0
    out = capsys.readouterr().out
    _clean(out)
    assert json.loads(out)["inputs"]["name"] == "Bo " + ESC


def test_show_prints_a_hostile_label_as_text(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """`regel show` draws tables with rich: a label is never read as markup or escapes."""
    import json
    import shutil

    from regel.cli import main
    pack = tmp_path / "pack"
    shutil.copytree(ROOT / "examples" / "packs" / "library-fees", pack)
    decision = sorted((pack / "decisions").glob("*.yaml"))[0]
    lines = decision.read_text(encoding="utf-8").splitlines()
    did = next(line.split(":", 1)[1].strip() for line in lines if line.startswith("id:"))
    at = next(i for i, line in enumerate(lines) if line.startswith("label:"))
    # a JSON string is a YAML double-quoted scalar: the escapes arrive as real characters
    hostile = "[bold]loud[/bold] " + ESC
    lines[at] = "label: " + json.dumps({"da": hostile, "en": hostile})
    decision.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main(["show", str(pack), did, "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "[bold]loud[/bold]" in out and not CONTROL.search(out)

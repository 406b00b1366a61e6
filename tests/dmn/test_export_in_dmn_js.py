"""The default `regel export` of each bundled pack opens in dmn-js, the DMN editor inside
Camunda Modeler, without an import warning or error (issue 14).

.ci/run installs dmn-js from npm (pinned by .ci/npm/package-lock.json) as it installs
Chromium. One page loads dmn-js's UMD bundle from a file:// URL, imports every model, opens
every view (the diagram, each decision table, literal expression and boxed expression),
and writes what dmn-js said into the page: warnings, errors, the views, each diagram
shape with the text it shows, the edges and the zoom that fits the diagram to a 1600 x 900
canvas. Headless Chromium dumps the page. Broken models show that the test sees a
warning or an error when there is one.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from regel import load_pack
from regel.cli import main
from regel.dmn.feeltext import feel_name
from regel.dmn.writer import VERSIONS, dmn_names
from tests.dmn.test_drd_layout import LEAST_ZOOM, MIN_ZOOM

ROOT = Path(__file__).resolve().parents[2]
DIST = ROOT / ".ci" / "npm" / "node_modules" / "dmn-js" / "dist"
TCK = ROOT.parent / "shared" / "dmn-tck" / "compliance-level-2"
PACKS = {"sikkerhedsstillelse": "sikkerhedsstillelse",
         "familiesammenfoering": "familiesammenfoering",
         "library-fees": str(ROOT / "examples" / "packs" / "library-fees")}
#: a TCK model with a business knowledge model (dmn-js's boxed expression view)
BKM_MODEL = TCK / "0009-invocation-arithmetic" / "0009-invocation-arithmetic.dmn"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
_KINDS = {"inputData", "decision", "businessKnowledgeModel", "knowledgeSource"}

SCRIPT = r"""
const logged = [];
for (const level of ['error', 'warn']) {
  const original = console[level].bind(console);
  console[level] = (...a) => {
    logged.push(level + ': ' + a.map(String).join(' '));
    original(...a);
  };
}
window.addEventListener('error', e => logged.push('uncaught: ' + e.message));
window.addEventListener('unhandledrejection', e => logged.push('unhandled: ' + e.reason));

async function openAll(xml) {
  const box = document.createElement('div');
  box.style.cssText = 'width: 1600px; height: 900px; position: relative';
  document.body.appendChild(box);
  const modeler = new DmnJS({container: box});
  const r = {warnings: [], errors: [], views: [], shapes: [], edges: 0, zoom: null};
  const warn = (where, ws) => {
    for (const w of ws || []) r.warnings.push(where + ': ' + (w.message || String(w)));
  };
  try {
    warn('import', (await modeler.importXML(xml)).warnings);
  } catch (e) {
    r.errors.push('import: ' + e.message);
    warn('import', e.warnings);
  }
  const first = modeler.getActiveView();      // the diagram, opened by the import
  if (first && first.type === 'drd') {        // read before any other view: going back to
    const viewer = modeler.getActiveViewer(); // the diagram re-imports it, and dmn-js then
    const registry = viewer.get('elementRegistry');   // warns of "multiple DI" for any model
    for (const el of registry.getAll()) {
      if (el.waypoints) { r.edges++; continue; }
      if (!el.parent) continue;                // the root
      const bo = el.businessObject;
      r.shapes.push({id: bo.id, type: bo.$type, name: bo.name || '', label: bo.label || '',
                     text: Array.from(registry.getGraphics(el).querySelectorAll('text'))
                       .map(t => t.textContent).join(' ')});
    }
    r.zoom = viewer.get('canvas').zoom('fit-viewport');
  }
  for (const view of modeler.getViews()) {
    const where = view.type + ' ' + view.element.id;
    try {
      if (view !== first) warn(where, ((await modeler.open(view)) || {}).warnings);
      r.views.push({type: view.type, id: view.element.id});
    } catch (e) { r.errors.push('open ' + where + ': ' + e.message); }
  }
  r.first = first ? first.type : null;
  modeler.destroy();
  box.remove();
  return r;
}

(async () => {
  const out = {models: {}};
  const models = JSON.parse(document.getElementById('models').textContent);
  for (const [name, xml] of Object.entries(models)) {
    try { out.models[name] = await openAll(xml); }
    catch (e) { out.models[name] = {crashed: String(e && e.stack || e)}; }
  }
  out.logged = logged;
  const pre = document.createElement('pre');
  pre.id = 'result';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
"""


@pytest.fixture(scope="module")
def dmn_js() -> Path:
    if not (DIST / "dmn-modeler.development.js").exists():
        if os.environ.get("CI"):
            pytest.fail("dmn-js is not installed; .ci/run installs it with npm ci")
        pytest.skip("dmn-js is not installed here (bash .ci/run installs it in .ci/npm)")
    return DIST


def _export(pack: str, out: Path, *options: str) -> str:
    assert main(["export", pack, "-o", str(out), *options]) == 0
    return out.read_text(encoding="utf-8")


def _page(dist: Path, models: dict[str, str], page: Path) -> None:
    css = "".join(f'<link rel="stylesheet" href="{(dist / "assets" / c).as_uri()}">'
                  for c in ("diagram-js.css", "dmn-js-shared.css", "dmn-js-drd.css"))
    data = json.dumps(models).replace("</", "<\\/")
    page.write_text(
        f'<!doctype html><html><head><meta charset="utf-8">{css}'
        f'<script src="{(dist / "dmn-modeler.development.js").as_uri()}"></script></head>'
        f'<body><script type="application/json" id="models">{data}</script>'
        f"<script>{SCRIPT}</script></body></html>", encoding="utf-8")


@pytest.fixture(scope="module")
def opened(chromium: str, dmn_js: Path, tmp_path_factory: pytest.TempPathFactory
           ) -> dict[str, Any]:
    tmp = tmp_path_factory.mktemp("dmn-js")
    models = _models(tmp)
    page = tmp / "open.html"
    _page(dmn_js, models, page)
    start = time.monotonic()
    done = subprocess.run([chromium, *FLAGS, f"--user-data-dir={tmp / 'profile'}",
                           "--virtual-time-budget=120000", "--dump-dom", page.as_uri()],
                          capture_output=True, timeout=180)
    seconds = time.monotonic() - start
    found = re.search(r'<pre id="result">(.*?)</pre>', done.stdout.decode("utf-8"), re.S)
    assert found, done.stderr.decode("utf-8", "replace")[-3000:]
    result: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    result["xml"], result["seconds"] = models, seconds
    return result


def _models(tmp: Path) -> dict[str, str]:
    """The default export of each bundled pack and of a model with a knowledge model; the
    DMN 1.5 export; a model with a requirement on nothing."""
    models = {name: _export(pack, tmp / f"{name}.dmn") for name, pack in PACKS.items()}
    models["bkm"] = _export(str(BKM_MODEL), tmp / "bkm.dmn")
    models["dmn-1.5"] = _export(PACKS["library-fees"], tmp / "fees15.dmn", "--dmn-version",
                                "1.5")
    fees = models["library-fees"]
    first = re.search(r'<requiredInput href="#([^"]+)"', fees)
    assert first
    models["requirement-on-nothing"] = fees.replace(
        f'<requiredInput href="#{first.group(1)}"', '<requiredInput href="#nowhere"', 1)
    shape = re.search(r'<dmndi:DMNShape id="[^"]+" dmnElementRef="([^"]+)"', fees)
    assert shape
    models["shape-of-nothing"] = fees.replace(f'dmnElementRef="{shape.group(1)}"',
                                              'dmnElementRef="nowhere"', 1)
    models["unknown-element"] = fees.replace("</definitions>",
                                             '<knowledgeSorce id="typo" /></definitions>')
    return models


def _elements(xml: str) -> dict[str, tuple[str, str, str]]:
    """id -> (tag, name, label) of the DRG elements of a DMN 1.3 model."""
    ns = VERSIONS["1.3"][0]
    out = {}
    for el in ET.fromstring(xml.encode("utf-8")):
        tag = el.tag.removeprefix(f"{{{ns}}}")
        if tag in _KINDS:
            out[el.get("id") or ""] = (tag, el.get("name") or "", el.get("label") or "")
    return out


DEFAULTS = [*PACKS, "bkm"]


@pytest.mark.parametrize("name", DEFAULTS)
def test_the_default_export_imports_without_a_warning(name: str, opened: dict[str, Any]
                                                      ) -> None:
    r = opened["models"][name]
    assert "crashed" not in r, r.get("crashed")
    assert (r["warnings"], r["errors"]) == ([], [])
    assert r["first"] == "drd"                  # it opens on the requirement diagram


@pytest.mark.parametrize("name", DEFAULTS)
def test_every_view_opens(name: str, opened: dict[str, Any]) -> None:
    """One view per decision (its table or literal expression) and per knowledge model
    (its boxed expression), and the diagram; none fails to open."""
    r = opened["models"][name]
    elements = _elements(opened["xml"][name])
    views = {(v["type"], v["id"]) for v in r["views"]}
    decisions = {e for e, (tag, _, _) in elements.items() if tag == "decision"}
    assert {e for t, e in views if t in ("decisionTable", "literalExpression")} == decisions
    assert ("drd", next(v["id"] for v in r["views"] if v["type"] == "drd")) in views
    if name == "bkm":
        assert any(t == "boxedExpression" for t, _ in views)
    assert r["errors"] == []


@pytest.mark.parametrize("name", DEFAULTS)
def test_the_diagram_draws_every_element_and_requirement(name: str, opened: dict[str, Any]
                                                         ) -> None:
    r = opened["models"][name]
    xml = opened["xml"][name]
    elements = _elements(xml)
    assert sorted(s["id"] for s in r["shapes"]) == sorted(elements)
    assert r["edges"] == len(re.findall(r"<(?:information|knowledge|authority)Requirement ",
                                        xml))


def _words(text: str) -> str:
    return "".join(text.split())     # dmn-js breaks a long name over lines


@pytest.mark.parametrize("name", PACKS)
def test_the_shapes_show_the_labels_not_the_ids(name: str, opened: dict[str, Any]) -> None:
    """dmn-js draws an element's name, never its label attribute, so the export names each
    input and decision by its label in the pack's language (Danish for the Danish packs),
    made a FEEL name; the label itself is in dmn-js's model of the element too. A
    decision's versions are named by its label and their periods."""
    r = opened["models"][name]
    pack = load_pack(PACKS[name], tests=False)
    lang, names = pack.default_language, dmn_names(pack)
    for shape in r["shapes"]:
        assert _words(shape["text"]) == _words(shape["name"]), shape
    drawn = {s["id"]: s for s in r["shapes"]}
    labelled = {f"input_{k}": i.label for k, i in pack.inputs.items()}
    labelled.update({("bkm_" if d.parameters else "decision_") + k: d.label
                     for k, d in pack.decisions.items()})
    for eid, label in labelled.items():
        shape, plain = drawn[eid], feel_name(label.get(lang))
        assert shape["label"] == label.get(lang) and plain is not None, eid
        assert _words(shape["text"]) in (_words(plain), _words(plain) + "2"), eid
    ids = set(pack.inputs) | set(pack.decisions)
    assert {s["type"] for s in r["shapes"]} >= {"dmn:Decision", "dmn:InputData"}
    for shape in r["shapes"]:
        if shape["type"] in ("dmn:Decision", "dmn:InputData", "dmn:BusinessKnowledgeModel"):
            assert shape["name"] not in ids, shape
    for did, d in pack.decisions.items():
        for k in range(1, len(d.versions) + 1 if len(d.versions) > 1 else 1):
            part = drawn[f"decision_{did}__v{k}"]["name"]
            assert part.startswith(f"{names[did]} {'fra' if lang == 'da' else 'from'} "), did
    if name == "sikkerhedsstillelse":
        assert _words(drawn["decision_validity_regime"]["text"]) == "Regelsætforgyldighed"
        assert drawn["decision_validity_years"]["name"] == "Gyldighedsperiode år"
        assert drawn["input_original_amount"]["name"] == "Oprindeligt stillet beløb kr"


@pytest.mark.parametrize("name", PACKS)
def test_the_diagram_fits_a_screen(name: str, opened: dict[str, Any]) -> None:
    assert opened["models"][name]["zoom"] >= LEAST_ZOOM.get(name, MIN_ZOOM)


def test_the_page_logged_no_error(opened: dict[str, Any]) -> None:
    """Nothing on the page went to the console as an error or a warning, and nothing was
    thrown outside dmn-js's promises; the whole run stays well under a minute."""
    assert opened["logged"] == []
    assert opened["seconds"] < 60


def test_broken_models_are_seen(opened: dict[str, Any]) -> None:
    """The test can fail: DMN 1.5 does not import at all; a shape of nothing and an
    element DMN 1.3 does not have are warnings; a requirement on nothing is no warning in
    dmn-js, but its edge is missing from the diagram, which the edge count sees."""
    models = opened["models"]
    v15 = models["dmn-1.5"]
    assert v15["errors"] and "failed to parse document as <dmn:Definitions>" in \
        v15["errors"][0]
    assert any("unresolved reference <nowhere>" in w
               for w in models["shape-of-nothing"]["warnings"])
    assert any("unparsable content <knowledgeSorce>" in w
               for w in models["unknown-element"]["warnings"])
    assert models["requirement-on-nothing"]["edges"] == models["library-fees"]["edges"] - 1

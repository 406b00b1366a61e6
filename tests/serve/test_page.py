"""The caseworker's page (regel.serve.page, issue 21): the decisions to pick, the form made
from the facts a decision needs, the pack's own checks beside the fields, the report to
print; and in headless Chromium, the form of example case 03 filled and submitted by the
browser, with the report's answer on the page that comes back."""

from __future__ import annotations

import datetime as _dt
import json
import re
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import anyio
import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route
from starlette.testclient import TestClient

import regel
from regel.serve import page
from regel.source.yamltree import load_yaml_file

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "examples" / "cases" / "03-nedsaettelse-efter-a2-afsluttende-proeve-senere.yaml"
#: the answer example case 03 states in its own words (the case file's comment)
ANSWER = ("Sikkerheden nedsættes med 10.612,08 kr. til 70.579,92 kr. med virkning fra "
          "8. februar 2021.")
PACK = regel.load_pack("sikkerhedsstillelse", tests=False)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


class State:
    """Any object with ``.packs`` will do for the page."""

    def __init__(self) -> None:
        self.packs = {PACK.id: PACK}


def _app(**options: Any) -> Starlette:
    return Starlette(routes=page.routes(State(), **options))


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(_app())


def _form_of_case() -> dict[str, list[str]]:
    """Case 03 as the browser would send it: each fact under its name, dates in ISO form
    (what <input type=date> sends), a list as one value per checkbox."""
    data = load_yaml_file(CASE)
    form = {"decision": ["reduction"], "as_of": [data["as_of"].isoformat()]}
    for name, value in data["facts"].items():
        values = value if isinstance(value, list) else [value]
        form[name] = [v.isoformat() if isinstance(v, _dt.date) else str(v) for v in values]
    return form


def _errors(text: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, message in re.findall(r'<p class="error" id="e-([^"]+)">([^<]*)</p>', text):
        found.setdefault(name, []).append(message)
    return found


# --------------------------------------------------------------------------- pick

def test_the_index_lists_the_decisions_to_ask_with_danish_labels(client: TestClient) -> None:
    text = client.get("/").text
    assert "Økonomisk sikkerhedsstillelse ved ægtefællesammenføring" in text
    assert '<a href="ui/sikkerhedsstillelse?decision=reduction">Nedsættelse efter ' \
        'danskprøver</a>' in text
    assert "decision=index_basis" not in text       # a function is no decision to ask for
    listed = re.findall(r"decision=(\w+)", text)
    assert listed == [d.id for d in PACK.decisions.values() if not d.is_function]


@pytest.mark.parametrize(("url", "status", "says"), [
    ("/ui/nope?decision=reduction", 404, "Regelsættet &#x27;nope&#x27; findes ikke her."),
    ("/ui/sikkerhedsstillelse?decision=nope", 404, "ingen afgørelse, der hedder"),
    ("/ui/sikkerhedsstillelse?decision=index_basis", 404, "ingen afgørelse, der hedder"),
    ("/ui/sikkerhedsstillelse", 404, "ingen afgørelse, der hedder"),
])
def test_an_unknown_pack_or_decision_is_a_404_in_danish(client: TestClient, url: str,
                                                        status: int, says: str) -> None:
    r = client.get(url)
    assert r.status_code == status and says in r.text


# --------------------------------------------------------------------------- the form

def test_the_form_asks_for_the_facts_the_decision_needs_transitively(client: TestClient
                                                                    ) -> None:
    text = client.get("/ui/sikkerhedsstillelse?decision=reduction").text
    asked = re.findall(r'data-fact="(\w+)"', text)
    # reduction reads current_amount, reduction_request_date, reductions_granted; it
    # requires amount_series (application_date, original_start_date, security_posted_date)
    # and highest_test_passed (the request date and the three test dates); pack order
    assert asked == ["as_of", "application_date", "original_start_date", "current_amount",
                     "reductions_granted", "test_a1_passed_date", "test_a2_passed_date",
                     "test_final_passed_date", "reduction_request_date",
                     "security_posted_date"]
    optional = re.findall(r'data-fact="(\w+)"><label[^>]*>[^<]*<span class="optional">', text)
    assert optional == ["as_of", "reductions_granted", "test_a1_passed_date",
                        "test_a2_passed_date", "test_final_passed_date", "security_posted_date"]
    # case 03 gives every fact the form requires
    required = set(asked) - set(optional)
    assert required <= set(load_yaml_file(CASE)["facts"])


WIDGETS = [   # decision, fact, what its field must hold
    ("reduction", "reduction_request_date", '<input type="date" id="f-reduction_request_date"'),
    ("reduction", "reduction_request_date", "Dato kommunen modtog anmodningen om nedsættelse"),
    ("reduction", "current_amount", 'name="current_amount" value="" size="16">'
                                    '<span class="unit">kr.</span>'),
    ("reduction", "current_amount", "Beløbet efter nedsættelser og inddrivelser."),
    ("reduction", "reductions_granted", 'type="checkbox" id="f-reductions_granted-1" '
                                        'name="reductions_granted" value="a2"'),
    ("reduction", "reductions_granted", '<span class="optional">(valgfri)</span>'),
    ("validity_years", "permit_basis", '<option value="ss9_1_1">'),
    ("validity_years", "permit_basis", '<option value="" selected>– ikke oplyst –</option>'),
    ("release", "divorced", '<option value="true">Ja</option><option value="false">Nej'),
    ("aid_payment_review", "aid_payments", '<textarea id="f-aid_payments"'),
    ("aid_payment_review", "aid_payments", "Skriv én pr. linje, som felt: værdi"),
]


@pytest.mark.parametrize(("decision", "fact", "holds"), WIDGETS)
def test_each_kind_of_fact_gets_its_own_field(client: TestClient, decision: str, fact: str,
                                              holds: str) -> None:
    text = client.get(f"/ui/sikkerhedsstillelse?decision={decision}").text
    field = re.search(rf'<div class="field" data-fact="{fact}">(.*?)</div>', text)
    assert field is not None, fact
    assert holds in field.group(1)


def test_required_facts_are_not_marked_optional(client: TestClient) -> None:
    text = client.get("/ui/sikkerhedsstillelse?decision=reduction").text
    field = re.search(r'data-fact="current_amount">(.*?)</div>', text)
    assert field is not None and "valgfri" not in field.group(1)
    assert page.needed_facts(PACK, "reduction")[0].required is True


def test_allowed_values_are_named_as_the_pack_names_them(client: TestClient) -> None:
    text = client.get("/ui/sikkerhedsstillelse?decision=security_defects").text
    spec = PACK.inputs["security_form"]
    for value in spec.allowed_values or ():
        assert f'<option value="{value}">{spec.value_labels[value].da}</option>' in text


# --------------------------------------------------------------------------- submit

def test_a_valid_case_gets_the_report_with_its_answer_and_a_print_button(client: TestClient
                                                                          ) -> None:
    r = client.post("/ui/sikkerhedsstillelse?decision=reduction", data=_form_of_case())
    assert r.status_code == 200
    assert re.search(r'class="answer" data-decision="reduction">([^<]*)<', r.text)[1] == ANSWER
    assert 'onclick="window.print()">Udskriv</button>' in r.text
    assert "@media print{.page-bar{display:none}}" in r.text
    loads = re.findall(r'(?:src|srcset|poster|data)\s*=\s*"[^"]*|url\([^)]*\)|@import[^;]*'
                       r'|<link[^>]*>|<script[^>]*>', r.text)
    assert loads == [], "the page loads nothing from the network and has no script"


def test_a_danish_amount_is_read_as_a_caseworker_writes_it(client: TestClient) -> None:
    form = _form_of_case() | {"current_amount": ["81.192,00"]}
    r = client.post("/ui/sikkerhedsstillelse?decision=reduction", data=form)
    assert ANSWER in r.text


BAD = [   # a fact, what the caseworker wrote, a word of the pack's own message
    ("current_amount", "81.192", "har tre decimaler: mente du 81192?"),
    ("current_amount", "mange", "skal være et tal"),
    ("test_a1_passed_date", "20.03.2020", "mente du 2020-03-20?"),
    ("reduction_request_date", "", "sagen mangler &#x27;reduction_request_date&#x27;"),
    ("as_of", "15.08.2022", "mente du 2022-08-15?"),
]


@pytest.mark.parametrize(("fact", "written", "says"), BAD)
def test_a_bad_fact_is_told_beside_its_field_and_the_form_is_kept(
        client: TestClient, fact: str, written: str, says: str) -> None:
    form = _form_of_case() | {fact: [written]}
    r = client.post("/ui/sikkerhedsstillelse?decision=reduction", data=form)
    assert r.status_code == 422
    errors = _errors(r.text)
    assert list(errors) == [fact] and says in errors[fact][0]
    assert f'<div class="field invalid" data-fact="{fact}">' in r.text
    assert "Sagen kan ikke afgøres endnu. Ret de markerede oplysninger." in r.text
    assert 'value="2020-06-25"' in r.text        # what was written stays in the form
    assert f'value="{written}"' in r.text or written == ""


def test_every_problem_is_shown_at_once(client: TestClient) -> None:
    form = _form_of_case() | {"current_amount": ["x"], "test_a2_passed_date": ["2020-02-30"]}
    errors = _errors(client.post("/ui/sikkerhedsstillelse?decision=reduction", data=form).text)
    assert set(errors) == {"current_amount", "test_a2_passed_date"}


def test_a_form_over_the_size_limit_is_refused(client: TestClient) -> None:
    r = client.post("/ui/sikkerhedsstillelse?decision=reduction",
                    data={"decision": "reduction", "x": "a" * (page.FORM_BYTES + 10)})
    assert r.status_code == 413 and "fylder mere end" in r.text


def test_an_evaluation_over_its_time_is_stopped_with_a_danish_message() -> None:
    def slow(*_: Any) -> str:
        time.sleep(2)
        return "too late"
    case, problems = page.case_of_form(PACK, "reduction", _form_of_case())
    assert case is not None and problems == []
    started = time.monotonic()
    report, said = anyio.run(page._explained, PACK, case, "reduction", 0.2, slow)
    assert report is None and time.monotonic() - started < 1.5
    assert said == ["Afgørelsen tog mere end 0.2 sekunder og blev stoppet. Kontakt den, der "
                    "vedligeholder regelsættet."]


# --------------------------------------------------------------------------- in Chromium

#: a test-only page (the product has no script): it opens the real form in a frame, fills
#: each field by its name from case 03, clicks the form's own submit button, and when the
#: browser has loaded the page the server answered, copies its answers out
HARNESS = """<!DOCTYPE html><html><body>
<iframe id="f" src="/ui/sikkerhedsstillelse?decision=reduction" width="900" height="700">
</iframe><pre id="out">waiting</pre><script>
const facts = FACTS; const frame = document.getElementById("f"); let filled = false;
frame.onload = () => {
  const d = frame.contentDocument, out = document.getElementById("out");
  if (!filled) {
    filled = true; const missing = Object.keys(facts);
    for (const el of d.forms[0].elements) {
      if (!(el.name in facts)) continue;
      missing.splice(missing.indexOf(el.name), 1, ...[]);
      if (el.type === "checkbox") el.checked = facts[el.name].includes(el.value);
      else if (el.type !== "hidden") el.value = facts[el.name].join("\\n");
    }
    out.textContent = "unfilled: " + missing.filter(n => !d.getElementsByName(n).length);
    d.querySelector("button[type=submit]").click();
  } else {
    out.textContent = [...d.querySelectorAll(".answer")].map(
      e => "ANSWER " + e.dataset.decision + ": " + e.textContent).join("\\n")
      + "\\nPRINT " + !!d.querySelector("button[onclick]");
  }
};
</script></body></html>"""


@pytest.fixture()
def served() -> Iterator[str]:
    facts = _form_of_case()

    async def harness(request: Any) -> HTMLResponse:
        return HTMLResponse(HARNESS.replace("FACTS", json.dumps(facts)))

    app = _app()
    app.router.routes.append(Route("/harness", harness))
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    for _ in range(200):
        if server.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(10)
    sock.close()


def test_chromium_fills_the_form_submits_it_and_shows_the_answer(
        chromium: str, served: str, tmp_path: Path) -> None:
    dom = subprocess.run([chromium, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                          "--virtual-time-budget=30000", "--dump-dom", f"{served}/harness"],
                         capture_output=True, timeout=120)
    text = dom.stdout.decode("utf-8")
    assert dom.returncode == 0, dom.stderr.decode("utf-8", "replace")[-2000:]
    assert f"ANSWER reduction: {ANSWER}" in text, text[-3000:]
    assert "PRINT true" in text


def test_decimals_stay_exact_through_the_form() -> None:
    case, _ = page.case_of_form(PACK, "reduction", _form_of_case())
    assert case is not None and case.facts["current_amount"] == Decimal("81192.00")

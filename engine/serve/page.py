"""The caseworker's page (issue 21): ``GET /`` picks a pack and one of its decisions,
``GET /ui/{pack}?decision=...`` is a form made from the facts that decision needs (Danish
labels, date pickers, allowed values as choices, units, optional facts marked), and
``POST /ui/{pack}`` checks the case with the pack's own checks (problems beside the fields,
the form kept) or shows the explanation report, ready to print. Plain HTML and CSS: no
script but the print button's ``window.print()``, no network resource."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from html import escape
from typing import Any, Protocol
from urllib.parse import parse_qsl, quote

import anyio
import anyio.to_thread
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute, Route

from regel.base.errors import Diagnostic, RegelError
from regel.base.messages import render
from regel.base.words import said
from regel.feel.jsonio import dumps
from regel.model import Decision, InputData, Pack, Text
from regel.report import render as render_report
from regel.run.evaluate import Case, check_facts, evaluate
from regel.source.yamltree import load_yaml

__all__ = ["routes", "Field", "decisions_to_ask", "needed_facts", "case_of_form",
           "FORM_BYTES", "SECONDS"]

#: the most bytes of one submitted form, and the most seconds one evaluation may take
FORM_BYTES = 1_000_000
SECONDS = 10.0
LANG = "da"

_CSS = """body{font-family:system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;
color:#1a1a1a;line-height:1.45}h1{font-size:1.5rem}.field{margin:1rem 0;padding:.5rem 0;
border-bottom:1px solid #ddd}label{font-weight:600;display:block}.help{color:#555;
margin:.2rem 0;font-size:.9rem}.optional{font-weight:400;color:#666}.unit{margin-left:.4rem}
.error{color:#a00000;font-weight:600;margin:.3rem 0}.field.invalid{border-left:4px solid
#a00000;padding-left:.6rem}input,select,textarea{font:inherit;padding:.2rem}textarea{width:100%;
min-height:4rem}button{font:inherit;padding:.4rem 1rem}.problems{border:2px solid #a00000;
padding:.5rem 1rem}"""


class HasPacks(Protocol):
    """What the page reads of the service's state: the current packs, by id."""

    @property
    def packs(self) -> Mapping[str, Pack]: ...


@dataclass(frozen=True, slots=True)
class Field:
    """One fact the form asks for: the pack's input, and whether the decision needs it."""

    spec: InputData
    required: bool


def _t(key: str, **values: Any) -> str:
    return escape(render(key, LANG, values or None))


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(f'<!DOCTYPE html>\n<html lang="{LANG}"><head><meta charset="utf-8">'
                        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
                        f"<title>{escape(title)}</title><style>{_CSS}</style></head>"
                        f"<body>{body}</body></html>", status_code=status)


# --------------------------------------------------------------------------- what to ask

def decisions_to_ask(pack: Pack) -> list[Decision]:
    """The decisions a caseworker can ask for: those that are no function or service."""
    return [d for d in pack.decisions.values() if not d.is_function and d.service is None]


def _order(pack: Pack, decision: str) -> list[str]:
    """``decision`` and every decision it requires, in the pack's (dependency) order."""
    want: set[str] = set()
    stack = [decision]
    while stack:
        did = stack.pop()
        if did not in want and did in pack.decisions:
            want.add(did)
            stack.extend(pack.decisions[did].decisions)
    return [d for d in pack.decisions if d in want]


def needed_facts(pack: Pack, decision: str) -> list[Field]:
    """The facts ``decision`` needs, directly or through the decisions it requires, in the
    pack's order of inputs; required when one of those decisions does not mark it optional."""
    order = [pack.decisions[d] for d in _order(pack, decision)]
    used = {iid for d in order for iid in d.inputs}
    required = {iid for d in order for iid in d.inputs if iid not in d.optional}
    return [Field(spec, iid in required) for iid, spec in pack.inputs.items() if iid in used]


# --------------------------------------------------------------------------- the form

def _value_text(spec: InputData, value: Any) -> str:
    """How a coded value is named on the form: its Danish label, else the value itself."""
    shown = value if isinstance(value, str) else str(value)
    named = spec.value_labels.get(shown)
    return named.da if named is not None and LANG == "da" else (
        named.en if named is not None else shown)


def _coded(spec: InputData) -> tuple[Any, ...]:
    """The values to choose among: the allowed values, else the coded values the pack names
    (a list of codes such as the reductions already granted)."""
    codes = spec.type == "string" or (spec.type == "list" and spec.items == "string")
    return spec.allowed_values or (tuple(spec.value_labels) if codes else ())


def _choices(spec: InputData, name: str, given: list[str], blank: bool) -> str:
    options = [("", render("page.unset", LANG))] if blank else []
    options += [(str(v), _value_text(spec, v)) for v in _coded(spec)]
    chosen = given[0] if given else ""
    rows = "".join(f'<option value="{escape(v)}"{" selected" if v == chosen else ""}>'
                   f"{escape(text)}</option>" for v, text in options)
    return f'<select id="f-{name}" name="{name}">{rows}</select>'


def _checkboxes(spec: InputData, name: str, given: list[str]) -> str:
    boxes = []
    for i, v in enumerate(str(v) for v in _coded(spec)):
        checked = " checked" if v in given else ""
        boxes.append(f'<label class="choice" style="font-weight:400">'
                     f'<input type="checkbox" id="f-{name}-{i}" name="{name}" '
                     f'value="{escape(v)}"{checked}> {escape(_value_text(spec, v))}</label>')
    return "".join(boxes)


def _widget(spec: InputData, given: list[str]) -> tuple[str, str]:
    """The input element of one fact, and a line of help about how to write it."""
    name, first = escape(spec.id), escape(given[0]) if given else ""
    if spec.type == "list":
        if _coded(spec):
            return _checkboxes(spec, name, given), ""
        help_ = "page.context-lines" if spec.items == "context" else "page.lines"
        return (f'<textarea id="f-{name}" name="{name}" rows="4">{first}</textarea>',
                _t(help_))
    if _coded(spec):
        return _choices(spec, name, given, True), ""
    if spec.type == "boolean":
        yes_no = replace(spec, allowed_values=("true", "false"), value_labels={
            "true": _label(render("page.yes", LANG)), "false": _label(render("page.no", LANG))})
        return _choices(yes_no, name, given, True), ""
    if spec.type == "date":
        return f'<input type="date" id="f-{name}" name="{name}" value="{first}">', ""
    if spec.type == "number":
        unit = f'<span class="unit">{escape(spec.unit)}</span>' if spec.unit else ""
        return (f'<input type="text" inputmode="decimal" id="f-{name}" name="{name}" '
                f'value="{first}" size="16">{unit}', "")
    if spec.type in ("context", "any"):
        return (f'<textarea id="f-{name}" name="{name}" rows="3">{first}</textarea>',
                _t("page.context") if spec.type == "context" else "")
    return f'<input type="text" id="f-{name}" name="{name}" value="{first}" size="40">', ""


def _label(text: str) -> Text:
    return Text(da=text, en=text)


def _field_html(f: Field, given: list[str], problems: list[str]) -> str:
    spec = f.spec
    widget, how = _widget(spec, given)
    label = spec.label.da if LANG == "da" else spec.label.en
    optional = "" if f.required else f' <span class="optional">({_t("page.optional")})</span>'
    target = "" if spec.type == "list" and _coded(spec) else f' for="f-{escape(spec.id)}"'
    parts = [f"<label{target}>{escape(label)}{optional}</label>"]
    if spec.description is not None:
        text = spec.description.da if LANG == "da" else spec.description.en
        parts.append(f'<p class="help">{escape(text)}</p>')
    parts.append(widget)
    if how:
        parts.append(f'<p class="help">{how}</p>')
    parts += [f'<p class="error" id="e-{escape(spec.id)}">{escape(p)}</p>' for p in problems]
    cls = "field invalid" if problems else "field"
    return f'<div class="{cls}" data-fact="{escape(spec.id)}">{"".join(parts)}</div>'


def _form_html(pack: Pack, decision: Decision, form: Mapping[str, list[str]],
               problems: Mapping[str, list[str]], general: list[str]) -> str:
    fields = needed_facts(pack, decision.id)
    head = (f"<h1>{escape(decision.label.da if LANG == 'da' else decision.label.en)}</h1>"
            f"<p>{escape(pack.title.da if LANG == 'da' else pack.title.en)} "
            f"({_t('page.version', version=pack.version)})</p>")
    if decision.question is not None:
        head += f"<p><em>{escape(decision.question.da)}</em></p>"
    head += f'<p><a href="../">{_t("page.other")}</a></p><p>{_t("page.form-intro")}</p>'
    if general or problems:
        items = "".join(f"<li>{escape(g)}</li>" for g in general)
        head += (f'<div class="problems" role="alert"><p>{_t("page.problems")}</p>'
                 f"<ul>{items}</ul></div>")
    as_of = Field(InputData("as_of", "date", _label(render("page.as-of", LANG)),
                            _label(render("page.as-of-help", LANG))), False)
    rows = [_field_html(as_of, form.get("as_of", []), list(problems.get("as_of", [])))]
    rows += [_field_html(f, form.get(f.spec.id, []), list(problems.get(f.spec.id, [])))
             for f in fields]
    action = f"?decision={quote(decision.id)}"
    return (f'{head}<form method="post" action="{escape(action)}" accept-charset="utf-8">'
            f'<input type="hidden" name="decision" value="{escape(decision.id)}">'
            f'{"".join(rows)}<p><button type="submit">{_t("page.submit")}</button></p></form>')


# --------------------------------------------------------------------------- the case

def _number(text: str) -> Decimal | str:
    """A number as a caseworker writes it: ``81192.00``, or Danish ``81.192,00``; the text
    itself when it is none (the pack's check then says so)."""
    plain = text.replace(" ", "").replace("\u00a0", "")
    if "," in plain:
        plain = plain.replace(".", "").replace(",", ".")
    try:
        value = Decimal(plain)
    except InvalidOperation:
        return text
    return value if value.is_finite() else text


def _scalar(type_: str, text: str) -> Any:
    if type_ == "number":
        return _number(text)
    if type_ == "boolean":
        return {"true": True, "false": False}.get(text, text)
    if type_ in ("context", "any"):
        return load_yaml(text if text.startswith("{") else "{" + text + "}", "form")
    return text


def _fact(spec: InputData, given: list[str]) -> Any:
    """The value of one fact from the form's texts; None when the form leaves it empty."""
    if spec.type == "list":
        texts = given if _coded(spec) else \
            [line.strip() for text in given for line in text.splitlines()]
        items = [_scalar(spec.items or "string", t) for t in texts if t.strip()]
        return items or None
    text = given[0].strip() if given else ""
    return _scalar(spec.type, text) if text else None


def case_of_form(pack: Pack, decision: str, form: Mapping[str, list[str]]
                 ) -> tuple[Case | None, list[Diagnostic]]:
    """The case the form describes, checked with the pack's own checks for ``decision``:
    the case, or None and every problem (each with the fact it concerns in ``field``)."""
    problems: list[Diagnostic] = []
    facts: dict[str, Any] = {}
    for f in needed_facts(pack, decision):
        try:
            value = _fact(f.spec, list(form.get(f.spec.id, [])))
        except RegelError as err:   # a context that is not written as one
            problems += [replace(d, field=f.spec.id, span=None) for d in err.diagnostics]
            continue
        if value is not None:
            facts[f.spec.id] = value
    as_of = (form.get("as_of") or [""])[0].strip()
    case = None
    try:
        case = Case.from_data({"facts": facts, "as_of": as_of or None})
    except RegelError as err:
        problems += err.diagnostics
    try:
        check_facts(pack, facts, _order(pack, decision))
    except RegelError as err:
        known = {d.field for d in problems}
        problems += [d for d in err.diagnostics if d.field not in known]
    return (case, []) if case is not None and not problems else (None, problems)


def _by_field(problems: list[Diagnostic], names: set[str]
              ) -> tuple[dict[str, list[str]], list[str]]:
    """The problems' Danish texts by the field they concern, and those about no field."""
    fields: dict[str, list[str]] = {}
    general: list[str] = []
    for d in problems:
        text = said(d).render(LANG)
        if d.field in names:
            fields.setdefault(str(d.field), []).append(text)
        else:
            general.append(text)
    return fields, general


# --------------------------------------------------------------------------- the report

def _report(pack: Pack, case: Case, decision: str) -> str:
    """The explanation report of ``case`` for ``decision``, as the HTML of regel.report."""
    result = evaluate(pack, case, [decision], trace=True)
    assert result.trace is not None  # evaluated with trace=True
    data = json.loads(dumps(result.trace.to_json()), parse_float=Decimal)
    return render_report(data, "html", LANG)


def _printable(report: str, back: str) -> str:
    """The report with a bar above it (back to the form, print) that printing leaves out."""
    bar = (f'<nav class="page-bar" style="margin:1rem 0"><a href="{escape(back)}">'
           f'{_t("page.back")}</a> · <button type="button" onclick="window.print()">'
           f'{_t("page.print")}</button></nav>'
           "<style>@media print{.page-bar{display:none}}</style>")
    head, body, rest = report.partition("<body>")
    return f"{head}{body}{bar}{rest}" if body else bar + report


async def _explained(pack: Pack, case: Case, decision: str, seconds: float,
                     run: Callable[[Pack, Case, str], str]) -> tuple[str | None, list[str]]:
    """The report, made in a worker thread under the pack's budget and a time bound; or
    None and what went wrong. A thread over time is left to its step budget."""
    try:
        with anyio.fail_after(seconds):
            return await anyio.to_thread.run_sync(run, pack, case, decision,
                                                  abandon_on_cancel=True), []
    except TimeoutError:
        return None, [render("page.timeout", LANG, {"seconds": seconds})]
    except RegelError as err:
        return None, [render("page.failed", LANG)] + [said(d).render(LANG)
                                                      for d in err.diagnostics]


# --------------------------------------------------------------------------- routes

def _index(state: HasPacks) -> HTMLResponse:
    packs = state.packs
    parts = [f"<h1>{_t('page.title')}</h1><p>{_t('page.choose')}</p>"]
    if not packs:
        parts.append(f"<p>{_t('page.no-packs')}</p>")
    for pid, pack in packs.items():
        title = pack.title.da if LANG == "da" else pack.title.en
        links = "".join(
            f'<li><a href="ui/{quote(pid)}?decision={quote(d.id)}">'
            f"{escape(d.label.da if LANG == 'da' else d.label.en)}</a></li>"
            for d in decisions_to_ask(pack))
        parts.append(f'<section class="pack" data-pack="{escape(pid)}"><h2>{escape(title)}'
                     f'</h2><p>{_t("page.version", version=pack.version)}</p>'
                     f"<ul>{links}</ul></section>")
    return _page(render("page.title", LANG), "".join(parts))


def _chosen(state: HasPacks, request: Request, decision: str | None
            ) -> tuple[Pack, Decision] | HTMLResponse:
    """The pack and decision a request names, or the page that says it has none such."""
    name = request.path_params["pack"]
    pack = state.packs.get(name)
    if pack is None:
        return _page(render("page.title", LANG),
                     f"<p class='error'>{_t('page.unknown-pack', name=name)}</p>", 404)
    asked = {d.id: d for d in decisions_to_ask(pack)}
    if decision not in asked:
        return _page(render("page.title", LANG), "<p class='error'>"
                     f"{_t('page.unknown-decision', name=decision or '')}</p>", 404)
    return pack, asked[str(decision)]


async def _form_of(request: Request) -> dict[str, list[str]] | None:
    """The submitted form (application/x-www-form-urlencoded), field -> its values; None
    when it is larger than FORM_BYTES."""
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > FORM_BYTES:
            return None
    form: dict[str, list[str]] = {}
    for key, value in parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True):
        form.setdefault(key, []).append(value)
    return form


def routes(state: HasPacks, *, seconds: float = SECONDS) -> list[BaseRoute]:
    """The page's routes over ``state.packs`` (read once per request, so a reload never
    changes the pack under a request); an evaluation may take at most ``seconds``."""

    async def index(request: Request) -> HTMLResponse:
        return _index(state)

    async def show(request: Request) -> HTMLResponse:
        chosen = _chosen(state, request, request.query_params.get("decision"))
        if isinstance(chosen, HTMLResponse):
            return chosen
        pack, decision = chosen
        return _page(decision.label.da, _form_html(pack, decision, {}, {}, []))

    async def submit(request: Request) -> HTMLResponse:
        form = await _form_of(request)
        if form is None:
            return _page(render("page.title", LANG), "<p class='error'>"
                         f"{_t('page.too-large', limit=FORM_BYTES)}</p>", 413)
        asked = request.query_params.get("decision") or (form.get("decision") or [""])[0]
        chosen = _chosen(state, request, asked)
        if isinstance(chosen, HTMLResponse):
            return chosen
        pack, decision = chosen
        case, problems = case_of_form(pack, decision.id, form)
        general: list[str] = []
        if case is not None:
            report, general = await _explained(pack, case, decision.id, seconds, _report)
            if report is not None:
                back = f"?decision={quote(decision.id)}"
                return HTMLResponse(_printable(report, back))
        names = {"as_of", *(f.spec.id for f in needed_facts(pack, decision.id))}
        fields, other = _by_field(problems, names)
        body = _form_html(pack, decision, form, fields, other + general)
        return _page(decision.label.da, body, 422 if problems else 500 if general else 200)

    return [Route("/", index, methods=["GET"]),
            Route("/ui/{pack}", show, methods=["GET"]),
            Route("/ui/{pack}", submit, methods=["POST"])]

"""check_trace: the fields replay reads are validated against schemas/trace.schema.json,
each broken one reported with a stable code and a plain message that names it; the
fields replay does not read are not checked."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import regel
from regel.feel.jsonio import dumps
from regel.run.evaluate import Case
from regel.source.yamltree import load_yaml_file
from regel.tools.replay import ReplayError, check_trace

CASE = (Path(__file__).resolve().parents[2] / "examples" / "cases"
        / "01-ny-ansoegning-2024-proever-bestaaet.yaml")

Edit = Callable[[dict[str, Any]], object]


@pytest.fixture(scope="module")
def trace() -> dict[str, Any]:
    """The case's trace as an archive holds it: JSON text, read back exactly."""
    evaluation = regel.load_pack("sikkerhedsstillelse").evaluate(
        Case.from_data(load_yaml_file(CASE), str(CASE)))
    return json.loads(dumps(evaluation.to_json()), parse_float=Decimal)


def _set(field: str, value: Any) -> Edit:
    return lambda t: t.__setitem__(field, value)


def _decision(edit: Callable[[dict[str, Any]], object]) -> Edit:
    return lambda t: edit(t["decisions"][-1])


BROKEN: list[tuple[str, Edit, str, str]] = [
    ("not an object", lambda t: t.clear() or t.update({"format": ["regel-trace"]}),
     "TRACE-NOT-TRACE", "this is not a regel trace"),
    ("another format", _set("format", "regel-case"), "TRACE-NOT-TRACE", "not a regel trace"),
    ("no format", lambda t: t.pop("format"), "TRACE-NOT-TRACE", "not a regel trace"),
    ("a newer version", _set("format_version", 5), "TRACE-VERSION",
     "the trace has format version 5, made by a newer regel"),
    ("version 0", _set("format_version", 0), "TRACE-VERSION",
     "format version 0, which this regel cannot read"),
    ("version as text", _set("format_version", "1"), "TRACE-FORMAT",
     "no valid format_version (a whole number)"),
    ("version as boolean", _set("format_version", True), "TRACE-FORMAT",
     "no valid format_version"),
    ("no pack", lambda t: t.pop("pack"), "TRACE-FORMAT",
     "the trace does not name its rule pack (pack.id)"),
    ("a pack id that is a number", lambda t: t["pack"].__setitem__("id", 5), "TRACE-FORMAT",
     "does not name its rule pack (pack.id)"),
    ("an empty pack id", lambda t: t["pack"].__setitem__("id", ""), "TRACE-FORMAT",
     "does not name its rule pack (pack.id)"),
    ("no fingerprint", lambda t: t["pack"].pop("fingerprint"), "TRACE-FORMAT",
     "the trace has no pack fingerprint (pack.fingerprint)"),
    ("a fingerprint that is not SHA-256", lambda t: t["pack"].__setitem__("fingerprint", "ab"),
     "TRACE-FORMAT", 'in the trace, pack.fingerprint does not fit the trace schema: "ab"'),
    ("an impossible as_of", _set("as_of", "2024-02-30"), "TRACE-FORMAT",
     "the trace's as_of must be a date written YYYY-MM-DD, not \"2024-02-30\""),
    ("an as_of that is a number", _set("as_of", Decimal("2024.5")), "TRACE-FORMAT",
     "must be a date written YYYY-MM-DD, not 2024.5"),
    ("no as_of", lambda t: t.pop("as_of"), "TRACE-FORMAT", "YYYY-MM-DD, not null"),
    ("inputs as a list", _set("inputs", [1]), "TRACE-FORMAT",
     "the trace has no case facts (inputs must be a JSON object)"),
    ("no outputs", _set("outputs", {}), "TRACE-FORMAT", "the trace records no outputs"),
    ("outputs as a list", _set("outputs", [1]), "TRACE-FORMAT", "records no outputs"),
    ("no decisions", _set("decisions", None), "TRACE-FORMAT",
     "the trace has no list of decisions"),
    ("a decision that is a number", lambda t: t["decisions"].append(3), "TRACE-FORMAT",
     "of the trace has no id"),
    ("a decision without id", _decision(lambda d: d.pop("id")), "TRACE-FORMAT",
     "of the trace has no id"),
    ("a decision without version", _decision(lambda d: d.pop("version")), "TRACE-FORMAT",
     "in the trace has no version.valid_from"),
    ("a valid_from that is no date", _decision(lambda d: d["version"].update(valid_from="x")),
     "TRACE-FORMAT", "has a version.valid_from that does not fit the trace schema: this "
     "should be a date written YYYY-MM-DD"),
    ("decided_by as text", _decision(lambda d: d.update(decided_by="R1")), "TRACE-FORMAT",
     "has a decided_by that is not a list"),
    ("decided_by with a number", _decision(lambda d: d.update(decided_by=["R1", 2])),
     "TRACE-FORMAT", "has a decided_by[2] that does not fit the trace schema: this should "
     "be a text"),
]


@pytest.mark.parametrize(("what", "edit", "code", "message"), BROKEN,
                         ids=[b[0] for b in BROKEN])
def test_a_broken_field_is_named(trace: dict[str, Any], what: str, edit: Edit, code: str,
                                 message: str) -> None:
    broken = copy.deepcopy(trace)
    edit(broken)
    with pytest.raises(ReplayError) as info:
        check_trace(broken, "trace.json")
    assert info.value.code == code and message in info.value.message, info.value.message
    assert info.value.source == "trace.json" and "\n" not in info.value.message


def test_a_broken_field_is_named_in_danish(trace: dict[str, Any]) -> None:
    broken = copy.deepcopy(trace)
    broken["decisions"][-1]["decided_by"] = ["R1", 2]
    with pytest.raises(ReplayError) as info:
        check_trace(broken, "trace.json")
    name = broken["decisions"][-1]["id"]
    assert info.value.render("da") == (
        f"trace.json: TRACE-FORMAT: afgørelsen '{name}' i sporet har en decided_by[2], der "
        "ikke passer til sporets skema: den skal være en tekst")


@pytest.mark.parametrize(("what", "edit", "code", "message"), BROKEN,
                         ids=[b[0] for b in BROKEN])
def test_every_broken_field_has_a_danish_message(trace: dict[str, Any], what: str, edit: Edit,
                                                 code: str, message: str) -> None:
    broken = copy.deepcopy(trace)
    edit(broken)
    with pytest.raises(ReplayError) as info:
        check_trace(broken)
    [problem] = info.value.diagnostics
    assert problem.key != "UNTRANSLATED" and problem.text("da") != problem.text("en")


def test_the_most_basic_problem_is_reported_first(trace: dict[str, Any]) -> None:
    broken = copy.deepcopy(trace)
    broken["format_version"] = 7
    broken.pop("inputs")
    broken["as_of"] = "soon"
    with pytest.raises(ReplayError) as info:
        check_trace(broken)
    assert info.value.code == "TRACE-VERSION"
    del broken["format_version"]
    broken["format_version"] = 1
    with pytest.raises(ReplayError) as info:
        check_trace(broken)
    assert "as_of" in info.value.message


UNCHECKED: list[tuple[str, Edit]] = [
    ("an unknown field", _set("annotation", "checked by hand")),
    ("no engine version", lambda t: t.pop("engine_version")),
    ("no warnings", lambda t: t.pop("warnings")),
    ("a decision without decided_by", _decision(lambda d: d.pop("decided_by"))),
    ("a decision without rules", _decision(lambda d: d.pop("rules", None))),
    ("a pack title of another form", lambda t: t["pack"].__setitem__("title", "Sikkerhed")),
]


@pytest.mark.parametrize(("what", "edit"), UNCHECKED, ids=[u[0] for u in UNCHECKED])
def test_fields_replay_does_not_read_are_not_checked(trace: dict[str, Any], what: str,
                                                     edit: Edit) -> None:
    changed = copy.deepcopy(trace)
    edit(changed)
    check_trace(changed)


def test_a_trace_read_with_binary_floats_is_checked_as_numbers(trace: dict[str, Any]) -> None:
    check_trace(json.loads(dumps(trace)))

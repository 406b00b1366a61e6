"""Loading pauses Python's cyclic garbage collector (regel.base.collector): it must switch
it back on, leave a program's own choice alone, and make no garbage that only the collector
could free, or that garbage would pile up while it is paused. And loading checks a
repeated clean cell once, but reports every repeated problem where it is written."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

import regel
from regel.base.collector import paused
from tests.packbuilder import table_decision, write_pack

PACKS = ["sikkerhedsstillelse", "familiesammenfoering", "examples/packs/library-fees"]


@pytest.mark.parametrize("pack", PACKS)
def test_loading_leaves_nothing_for_the_collector(pack: str) -> None:
    regel.load_pack(pack)           # the parser's tables and caches, made once
    gc.collect()
    was_on = gc.isenabled()
    gc.disable()
    try:
        regel.load_pack(pack)
        assert gc.collect() == 0
    finally:
        if was_on:
            gc.enable()


def test_the_collector_is_on_again_after_a_load_and_after_an_error() -> None:
    assert gc.isenabled()
    regel.load_pack("sikkerhedsstillelse")
    assert gc.isenabled()
    with pytest.raises(regel.PackError):
        regel.load_pack("no-such-pack")
    assert gc.isenabled()


def test_a_program_that_turned_the_collector_off_keeps_it_off() -> None:
    gc.disable()
    try:
        with paused():
            with paused():
                assert not gc.isenabled()
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()
    with paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_repeated_cell_with_a_problem_is_reported_at_each_rule(tmp_path: Path) -> None:
    """Cells that compiled and checked clean are not checked again for the same text and
    column; one with a problem is, so each place it is written is reported."""
    rules = [{"id": f"r{i}", "when": [cell], "then": '"a"'}
             for i, cell in enumerate(['"x"', "< 5", '"x"', ">= 5", '"x"'])]
    root = write_pack(tmp_path / "p", [table_decision("d", rules, hit_policy="FIRST")])
    with pytest.raises(regel.PackError) as err:
        regel.load_pack(root)
    found = [(d.key, d.span.line) for d in err.value.diagnostics]
    mismatches = [line for key, line in found if key == "TYPE-MISMATCH/input-cell"]
    assert len(mismatches) == 3 and len(set(mismatches)) == 3, found

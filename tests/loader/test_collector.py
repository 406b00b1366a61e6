"""Loading pauses Python's cyclic garbage collector (regel.base.collector): it must switch
it back on, leave a program's own choice alone, and make no garbage that only the collector
could free, or that garbage would pile up while it is paused."""

from __future__ import annotations

import gc

import pytest

import regel
from regel.base.collector import paused

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

"""The ordered worker pool: results in order, a dead worker's items retried one by one."""

from __future__ import annotations

import os

import pytest

from presslens.workers import ordered_map


def _square(items: list[int]) -> list[int]:
    return [i * i for i in items]


def _die_on_seven(items: list[int]) -> list[int]:
    if 7 in items:
        os._exit(9)  # the worker dies mid-batch, as the OOM killer would end it
    return [i * i for i in items]


def _died(item: int, exitcode: int | None) -> int:
    return -1000 - (exitcode or 0)


def _batches(n: int, size: int) -> list[list[int]]:
    return [list(range(i, min(i + size, n))) for i in range(0, n, size)]


@pytest.mark.parametrize("n_process", [1, 2, 3])
def test_results_come_in_input_order(n_process: int) -> None:
    out = list(ordered_map(_square, _batches(50, 4), n_process=n_process, on_death=_died))
    assert out == [i * i for i in range(50)]


def test_a_dead_worker_costs_only_the_item_that_killed_it() -> None:
    out = list(ordered_map(_die_on_seven, _batches(20, 4), n_process=2, on_death=_died))
    assert out[7] == -1009
    assert [v for i, v in enumerate(out) if i != 7] == [i * i for i in range(20) if i != 7]


def test_input_is_read_lazily() -> None:
    read: list[int] = []

    def batches() -> object:
        for batch in _batches(100, 2):
            read.append(batch[0])
            yield batch

    stream = ordered_map(_square, batches(), n_process=2, on_death=_died)  # type: ignore[arg-type]
    assert next(stream) == 0
    assert len(read) < 20  # a bounded window, not the whole input
    stream.close()  # stops the workers

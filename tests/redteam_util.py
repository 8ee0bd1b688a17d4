"""Shared red-team helpers: answer tables, and fuzzing of the grid families (mutate, lay out, compare)."""

from __future__ import annotations

import random
from collections.abc import Callable

Grid = list[list[int]]


def wrap(text: str) -> str:
    return f"<answer>{text}</answer>"


def check_case(task, payload: dict, answer: str, reason: str) -> None:
    """One row of a red-team table: the verdict's reason is `reason`, correct exactly when it is "ok"."""
    verdict = task.verify(payload, wrap(answer))
    assert verdict.reason == reason, (answer, verdict)
    assert verdict.correct == (reason == "ok")


def mutate(g: Grid, rng: random.Random) -> Grid:
    """Swap two cells of a row, two rows or two columns, relabel digits, transpose, change a cell, or keep."""
    g, n, k = [row[:] for row in g], len(g), rng.randrange(7)
    a, b = rng.sample(range(n), 2)
    if k == 0:
        g[a][a], g[a][b] = g[a][b], g[a][a]
    elif k == 1:
        g[a], g[b] = g[b], g[a]
    elif k == 2:
        for row in g:
            row[a], row[b] = row[b], row[a]
    elif k == 3:
        perm = rng.sample(range(1, n + 1), n)
        g = [[perm[v - 1] for v in row] for row in g]
    elif k == 4:
        g = [list(col) for col in zip(*g)]
    elif k == 5:
        g[a][b] = rng.randrange(0, n + 2)
    return g


def spaced(g: Grid) -> str:
    return "\n".join(" ".join(map(str, r)) for r in g)


def run_of_digits(g: Grid) -> str | None:
    """All cells as one run of digits; None where a value has two digits (no longer one cell per digit)."""
    return None if any(v > 9 for r in g for v in r) else "".join(str(v) for r in g for v in r)


def latex(env: str) -> Callable[[Grid], str]:
    return lambda g: rf"\begin{{{env}}}" + r"\\".join(" & ".join(map(str, r)) for r in g) + rf"\end{{{env}}}"


def fuzz(task, valid: Callable[[dict, Grid], bool], seed: int, layouts: list[Callable[[Grid], str | None]]) -> None:
    """Mutants of the reference at levels 1, 4, 7, 10: every layout's verdict must equal `valid`."""
    rng = random.Random(seed)
    for level in (1, 4, 7, 10):
        for item_seed in range(3):
            inst = task.generate(task.params(level), item_seed, 0)
            sol = [[int(x) for x in line.split()] for line in inst.answer.split("\n")]
            for _ in range(25):
                grid = mutate(sol, rng)
                want = valid(inst.payload, grid)
                for layout in layouts:
                    text = layout(grid)
                    if text is None:
                        continue
                    verdict = task.verify(inst.payload, f"<answer>{text}</answer>")
                    assert verdict.correct == want, (level, item_seed, text, verdict)

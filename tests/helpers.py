"""Shared test helpers: the answer wrapper, adversarial-table rows, hostile-input timing, and the grid
families' layouts, mutations and fuzz loop. Every family test file imports from here; none redefines them."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable

from logicforge.verifiers.reasons import is_known

Grid = list[list[int]]
# Seconds one verdict on hostile input may take (best of three). A parser that goes quadratic or
# backtracks on 20,000 characters takes seconds; a sound one takes well under a millisecond, so the
# bound is far above the measured median (about 0.3 ms) and only a real blow-up trips it.
HOSTILE_SECONDS = 0.05


# Hostile answers for the families that parse expressions, equations, paths and lists: superscripts and
# subscripts NFKC would fold, unbalanced boxes and brackets, LaTeX fractions, long chains and lists.
HOSTILE_MIXED = [
    "²" * 1999, "3²" * 999, "x₁" * 999, "1₂ " * 666, "⁻¹" * 999, "\\boxed{" * 300 + "=" + "}" * 300,
    "8 = " + "\\frac{8}{3}" * 50, "(" * 4000 + "=" + ")" * 3000, "x1 = \\frac{-" * 500, "S∗" * 3000,
    "\t".join(["ab"] * 2000), "A -> B -> A -> " * 500, "(0, 1), " * 900,
]  # fmt: skip


def wrap(text: str) -> str:
    """A model response: some reasoning, then `text` in the answer tags."""
    return f"<think>working</think>\n<answer>{text}</answer>"


def check_case(task, payload, answer: str, reason: str | None) -> None:
    """One row of an adversarial table.

    `reason` "ok": the answer verifies with score 1. Another tag: the verdict fails with exactly that reason.
    None: the verdict fails with score 0, for any reason but an internal error. Either way the verdict
    takes well under HOSTILE_SECONDS.
    """
    verdict = task.verify(payload, wrap(answer))
    assert is_known(verdict.reason), (answer[:80], verdict)  # every reason is a tag of the vocabulary
    if reason is None:
        assert not verdict.correct and verdict.score == 0.0, (answer[:80], verdict)
        assert not verdict.reason.startswith("internal_error"), (answer[:80], verdict)
    else:
        assert verdict.reason == reason, (answer[:80], verdict)
        assert verdict.correct == (reason == "ok") and verdict.score == (1.0 if reason == "ok" else 0.0), verdict
    assert best_of_three(task, payload, answer) < HOSTILE_SECONDS, answer[:80]


def best_of_three(task, payload, answer: str) -> float:
    """Seconds for one verdict, the best of three (the machine is shared; caches warm on the first)."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        verdict = task.verify(payload, wrap(answer))
        times.append(time.perf_counter() - start)
        assert not verdict.reason.startswith("internal_error"), (answer[:40], verdict)
    return min(times)


def assert_refused_fast(task, payloads: Iterable, texts: Iterable[str], limit: float = HOSTILE_SECONDS) -> None:
    """Every text is refused (never an internal error) within `limit` seconds, for every payload."""
    payloads = list(payloads)
    for text in texts:
        for payload in payloads:
            verdict = task.verify(payload, wrap(text))
            assert not verdict.correct and verdict.score == 0.0, text[:40]
            assert not verdict.reason.startswith("internal_error"), (text[:40], verdict)
            assert best_of_three(task, payload, text) < limit, text[:40]


# -- grids ----------------------------------------------------------------------------------------------------


def spaced(g: Grid) -> str:
    """The grid as the prompts ask: one row per line, cells separated by single spaces."""
    return "\n".join(" ".join(map(str, r)) for r in g)


rows_text = spaced


def grid_of(answer: str) -> Grid:
    """A reference answer ("1 2\\n2 1") read back as a grid."""
    return [[int(x) for x in line.split()] for line in answer.split("\n")]


def run_of_digits(g: Grid) -> str | None:
    """All cells as one run of digits; None where a value has two digits (no longer one cell per digit)."""
    return None if any(v > 9 for r in g for v in r) else "".join(str(v) for r in g for v in r)


def latex(env: str) -> Callable[[Grid], str]:
    """A layout: the grid as a LaTeX matrix environment `env`."""
    return lambda g: rf"\begin{{{env}}}" + r"\\".join(" & ".join(map(str, r)) for r in g) + rf"\end{{{env}}}"


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


def fuzz(task, valid: Callable[[dict, Grid], bool], seed: int, layouts: list[Callable[[Grid], str | None]]) -> None:
    """Mutants of the reference at levels 1, 4, 7, 10: every layout's verdict must equal `valid`."""
    rng = random.Random(seed)
    for level in (1, 4, 7, 10):
        for item_seed in range(3):
            inst = task.generate(task.params(level), item_seed, 0)
            sol = grid_of(inst.answer)
            for _ in range(25):
                grid = mutate(sol, rng)
                want = valid(inst.payload, grid)
                for layout in layouts:
                    text = layout(grid)
                    if text is None:
                        continue
                    verdict = task.verify(inst.payload, f"<answer>{text}</answer>")
                    assert verdict.correct == want, (level, item_seed, text, verdict)


def unique_cases(rows: Iterable[tuple]) -> list[tuple]:
    """An adversarial table with repeated (payload, answer) rows merged: the first row is kept, and a row
    that names its reason replaces one that only said "refused" (None). Rows that disagree are an error."""
    import json

    kept: dict[tuple[str, str], int] = {}
    out: list[tuple] = []
    for payload, answer, reason in rows:
        key = (json.dumps(payload, sort_keys=True), answer)
        if key not in kept:
            kept[key] = len(out)
            out.append((payload, answer, reason))
            continue
        old = out[kept[key]][2]
        if old is None and reason not in (None, "ok"):
            out[kept[key]] = (payload, answer, reason)
        else:
            assert reason == old or (reason is None and old != "ok"), (answer, old, reason)
    return out


def latin_search(n: int, ok: Callable[[Grid, int, int], bool], givens: Iterable = (), limit: int = 2,
                 budget: int = 4_000) -> list[str] | None:
    """The enumeration skeleton of the Latin-square families' oracles: up to `limit` n x n grids over 1..n,
    each value once per row and column, keeping `givens` ((row, col, value)) and passing the family's own
    rule check `ok(grid, r, c)` after every placement (0 marks an empty cell), written as the answer format
    asks. Backtracking fills the empty cell with the fewest candidates next, so every grid is found; None
    after `budget` search nodes (the instance is too big for brute force)."""
    grid = [[0] * n for _ in range(n)]
    fixed = {(r, c): v for r, c, v in givens}
    found: list[str] = []
    nodes = 0

    def candidates(r: int, c: int) -> list[int]:
        used = set(grid[r]) | {grid[i][c] for i in range(n)}
        out = []
        for v in [fixed[r, c]] if (r, c) in fixed else range(1, n + 1):
            if v not in used:
                grid[r][c] = v
                if ok(grid, r, c):
                    out.append(v)
                grid[r][c] = 0
        return out

    def walk() -> None:
        nonlocal nodes
        nodes += 1
        if nodes > budget:
            raise TimeoutError
        best = None
        for r, c in ((r, c) for r in range(n) for c in range(n) if not grid[r][c]):
            values = candidates(r, c)
            if best is None or len(values) < len(best[0]):
                best = (values, r, c)
                if len(values) <= 1:
                    break
        if best is None:
            found.append(spaced(grid))
            return
        values, r, c = best
        for v in values:
            grid[r][c] = v
            walk()
            grid[r][c] = 0
            if len(found) >= limit:
                return

    try:
        walk()
    except TimeoutError:
        return None
    return found

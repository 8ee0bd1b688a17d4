"""Wordscapes: fill a crossword template with words from a bank, each slot one word, crossings agreeing."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators._render import answer_grid
from logicforge.generators._wordscapes_solver import count_fillings
from logicforge.generators._wordscapes_words import WORDS
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = (
    "the filled grid, one row per line, one character per cell separated by spaces: the letter of every "
    "white cell and # for every black cell (e.g. a row: C A T # D)"
)
_ATTEMPTS = 200  # whole-layout restarts; the knob check keeps the grid roomy enough that few are needed
_TRIES = 12  # random words tried per placement step


@dataclass(frozen=True)
class Params(Knobs):
    rows: int = knob(5, 4, 15, help="height of the area the words are laid out in (the grid is cropped to them)")
    cols: int = knob(5, 4, 15, help="width of the area the words are laid out in")
    words: int = knob(3, 2, 20, help="number of word slots (across and down together)")
    max_len: int = knob(5, 3, 8, help="longest word in the grid (the shortest has 3 letters)")
    distractors: int = knob(0, 0, 20, help="bank words that belong in no slot (each shares a letter with a slot)")
    dense: float = knob(0.0, 0.0, 1.0, help="chance that a new word takes the spot crossing the most words")
    reveals: int = knob(0, 0, 20, help="letters shown beyond those needed to make the filling unique")

    def check(self) -> None:
        if self.max_len > max(self.rows, self.cols):
            raise ValueError(
                f"max_len={self.max_len} exceeds the larger side max(rows, cols)={max(self.rows, self.cols)}"
            )
        if self.words * 8 > self.rows * self.cols + 8:  # about 8 cells a word leaves room to cross
            raise ValueError(f"words={self.words} needs rows*cols >= {8 * self.words - 8}, not {self.rows * self.cols}")


LEVELS = {
    1: Params(rows=5, cols=5, words=3, max_len=5, reveals=2),
    2: Params(rows=6, cols=6, words=4, max_len=5, distractors=1, reveals=1),
    3: Params(rows=7, cols=7, words=5, max_len=6, distractors=2),
    4: Params(rows=8, cols=8, words=6, max_len=6, distractors=3, dense=0.3),
    5: Params(rows=9, cols=9, words=7, max_len=7, distractors=4, dense=0.3),
    6: Params(rows=10, cols=10, words=8, max_len=7, distractors=5, dense=0.4),
    7: Params(rows=11, cols=11, words=10, max_len=7, distractors=6, dense=0.5),
    8: Params(rows=12, cols=12, words=11, max_len=8, distractors=8, dense=0.5),
    9: Params(rows=13, cols=13, words=12, max_len=8, distractors=10, dense=0.6),
    10: Params(rows=13, cols=13, words=14, max_len=8, distractors=12, dense=0.7),
}

Placement = tuple[str, int, int, int]  # word, row, col, direction (0 across, 1 down)


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Lay words out crossing one another, draw distractors, then reveal letters until the filling is unique.

    Hardness is the number of words the counting solver tries in the final uniqueness proof (it grows
    with the slots, the distractors and how loosely the crossings pin the words down).
    """
    for _ in range(_ATTEMPTS):
        placed = _layout(params, rng)
        if placed is not None:
            break
    else:  # pragma: no cover - the knob check keeps every level far from this
        raise RuntimeError(f"wordscapes: no layout of {params.words} words in {params.rows}x{params.cols}")
    placed = _crop(placed)
    rows = 1 + max(r + (len(w) - 1) * d for w, r, _, d in placed)
    cols = 1 + max(c + (len(w) - 1) * (1 - d) for w, _, c, d in placed)
    placed.sort(key=lambda p: (p[3], p[1], p[2]))
    slots = [_cells(p, cols) for p in placed]
    solution = {cell: ch for (word, *_), cells in zip(placed, slots) for ch, cell in zip(word.upper(), cells)}
    bank = sorted([w.upper() for w, *_ in placed] + _distractors(placed, params.distractors, rng))
    fixed, nodes = _reveal(slots, bank, solution, params.reveals, rng)
    grid = [["#"] * cols for _ in range(rows)]
    shown = [["#"] * cols for _ in range(rows)]
    for cell, ch in solution.items():
        grid[cell // cols][cell % cols] = ch
        shown[cell // cols][cell % cols] = fixed.get(cell, ".")
    fields = {
        "rows": rows,
        "cols": cols,
        "grid": ["".join(row) for row in shown],
        "across": [[r, c, len(w)] for w, r, c, d in placed if d == 0],
        "down": [[r, c, len(w)] for w, r, c, d in placed if d == 1],
        "words": bank,
    }
    payload = {k: fields[k] for k in ("rows", "cols", "grid", "across", "down", "words")}
    return Instance("", answer_grid(grid), payload, float(nodes), fields)


def _cells(p: Placement, cols: int) -> list[int]:
    word, r, c, d = p
    return [(r + i * d) * cols + c + i * (1 - d) for i in range(len(word))]


def _crop(placed: list[Placement]) -> list[Placement]:
    top = min(r for _, r, _, _ in placed)
    left = min(c for _, _, c, _ in placed)
    return [(w, r - top, c - left, d) for w, r, c, d in placed]


def _layout(params: Params, rng: np.random.Generator) -> list[Placement] | None:
    """Words laid out one by one, each crossing a word already placed (crossword rules: no two letters
    side by side unless they are a crossing, a blank or the edge before and after every word); None
    when a step finds no spot (the caller starts over)."""
    rows, cols = params.rows, params.cols
    pool = [w for w in WORDS if len(w) <= params.max_len]  # the knob check keeps max_len within a side
    first = pool[int(rng.integers(len(pool)))]
    ways = [d for d, side in ((0, cols), (1, rows)) if len(first) <= side]
    d = ways[int(rng.integers(len(ways)))]
    r = int(rng.integers(rows - (len(first) - 1) * d))
    c = int(rng.integers(cols - (len(first) - 1) * (1 - d)))
    letters: dict[tuple[int, int], str] = {}
    owner: dict[tuple[int, int, int], bool] = {}  # (row, col, direction) taken by a word
    placed: list[Placement] = []
    used: set[str] = set()

    def put(p: Placement) -> None:
        word, r, c, d = p
        for i, ch in enumerate(word):
            cell = (r + i * d, c + i * (1 - d))
            letters[cell] = ch
            owner[(*cell, d)] = True
        placed.append(p)
        used.add(word)

    put((first, r, c, d))
    while len(placed) < params.words:
        spots = _spots(pool, used, letters, owner, rows, cols, rng)
        if not spots:
            return None
        if rng.random() < params.dense:
            most = max(k for *_, k in spots)
            spots = [s for s in spots if s[4] == most]
        put(spots[int(rng.integers(len(spots)))][:4])
    return placed


def _spots(pool, used, letters, owner, rows, cols, rng) -> list[tuple[str, int, int, int, int]]:
    """Legal spots (word, row, col, direction, crossings) for a few random unused words."""
    by_letter: dict[str, list[tuple[int, int]]] = {}
    for cell, ch in letters.items():
        by_letter.setdefault(ch, []).append(cell)
    spots = []
    for k in range(5 * _TRIES):  # a few random words, more only while none has found a spot
        if k >= _TRIES and spots:
            break
        word = pool[int(rng.integers(len(pool)))]
        if word in used:
            continue
        for i, ch in enumerate(word):
            for r0, c0 in by_letter.get(ch, ()):
                for d in (0, 1):
                    if (r0, c0, d) in owner:
                        continue
                    r, c = r0 - i * d, c0 - i * (1 - d)
                    k = _fits(word, r, c, d, letters, owner, rows, cols)
                    if k > 0:
                        spots.append((word, r, c, d, k))
    return spots


def _fits(word: str, r: int, c: int, d: int, letters, owner, rows: int, cols: int) -> int:
    """Crossings of `word` at (r, c) in direction d, or -1 where crossword rules forbid the spot."""
    dr, dc = d, 1 - d
    n = len(word)
    if r < 0 or c < 0 or r + (n - 1) * dr >= rows or c + (n - 1) * dc >= cols:
        return -1
    if (r - dr, c - dc) in letters or (r + n * dr, c + n * dc) in letters:
        return -1
    crossings = 0
    for i, ch in enumerate(word):
        cell = (r + i * dr, c + i * dc)
        have = letters.get(cell)
        if have is not None:
            if have != ch or (*cell, d) in owner:
                return -1
            crossings += 1
        elif (cell[0] + dc, cell[1] + dr) in letters or (cell[0] - dc, cell[1] - dr) in letters:
            return -1
    return crossings


def _distractors(placed: list[Placement], k: int, rng: np.random.Generator) -> list[str]:
    """`k` unused words, each the length of a random slot and sharing with that slot's word a letter at
    one position (so it fits some of the slot's crossings); a random word of that length where none does."""
    taken = {w for w, *_ in placed}
    out: list[str] = []
    for _ in range(k):
        word = placed[int(rng.integers(len(placed)))][0]
        same = [w for w in WORDS if len(w) == len(word) and w not in taken]
        i = int(rng.integers(len(word)))
        near = [w for w in same if w[i] == word[i]] or same
        pick = near[int(rng.integers(len(near)))]
        taken.add(pick)
        out.append(pick.upper())
    return out


def _reveal(slots, bank, solution, extra: int, rng: np.random.Generator) -> tuple[dict[int, str], int]:
    """Revealed letters that make the filling unique (each where another filling differs), plus `extra`
    random ones; and the solver's nodes for the final uniqueness proof."""
    fixed: dict[int, str] = {}
    while True:
        found, nodes = count_fillings(slots, bank, fixed)
        if len(found) == 1:
            break
        other = found[0] if found[0] != solution else found[1]
        differ = sorted(cell for cell in solution if other[cell] != solution[cell])
        cell = differ[int(rng.integers(len(differ)))]
        fixed[cell] = solution[cell]
    hidden = sorted(cell for cell in solution if cell not in fixed)
    for j in rng.permutation(len(hidden))[: min(extra, max(0, len(hidden) - 1))]:
        fixed[hidden[int(j)]] = solution[hidden[int(j)]]
    if extra:
        found, nodes = count_fillings(slots, bank, fixed)
    return fixed, nodes

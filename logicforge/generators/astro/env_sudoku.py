"""Sudoku as a step environment: one step places one digit, with the justification that allows it."""

from __future__ import annotations

import re

from logicforge.generators._fd import count_solutions, make_board
from logicforge.generators._render import answer_grid
from logicforge.generators.astro.env import StepEnv

# Search nodes one completion check may take (puzzles made without a uniqueness proof only); a check
# that gives up counts as "cannot be finished", which only costs the scripted policy a hint.
_FINISH_BUDGET = 20_000

# `r2c3 = 4 (naked single)`, `r2c3 = 4 (hidden single in row 2)`, `r2c3 = 4 (guess from 2, 4)`
_STEP = re.compile(
    r"^\s*r(\d{1,2})c(\d{1,2})\s*=\s*(\d{1,2})\s*\(\s*(naked single|hidden single in (row|column|box) (\d{1,2})"
    r"|guess from ((?:\d{1,2}\s*,\s*){0,8}\d{1,2}))\s*\)\s*\.?\s*$")
_UNIT_WORDS = {"row": 0, "column": 1, "box": 2}


class SudokuEnv(StepEnv):
    """State: the grid as a flat tuple (0 = blank). Step: `(cell, digit)`; its justification is derived.

    The justification in the text is checked, not trusted: a step claiming a naked single must be the
    only candidate of its cell, a hidden single the only place for the digit in that unit.
    """

    family = "sudoku"
    grammar = "a cell, its digit and why, e.g. `r2c3 = 4 (naked single)`, `r1c4 = 2 (hidden single in row 1)` " \
              "or `r3c1 = 1 (guess from 1, 3)`"

    def __init__(self, task, question: str, payload: dict):
        super().__init__(task, question, payload)
        self.n, self.br, self.bc = int(payload["size"]), int(payload["box_rows"]), int(payload["box_cols"])
        n = self.n
        rows = [[r * n + c for c in range(n)] for r in range(n)]
        cols = [[r * n + c for r in range(n)] for c in range(n)]
        boxes = [[(b0 + i) * n + c0 + j for i in range(self.br) for j in range(self.bc)]
                 for b0 in range(0, n, self.br) for c0 in range(0, n, self.bc)]
        self.units = (rows, cols, boxes)  # units[kind][index] -> cells
        self.unit_of = [(i // n, i % n, (i // n) // self.br * (n // self.bc) + (i % n) // self.bc)
                        for i in range(n * n)]
        self.peers = [sorted({p for k in range(3) for p in self.units[k][self.unit_of[i][k]]} - {i})
                      for i in range(n * n)]
        self._tables: dict = {}
        self._board = make_board(n, rows + cols + boxes)
        # A proved-unique solution (exact payloads) or, for a puzzle made without the proof, one
        # completion; then a grid that disagrees with it may still be finished another way.
        self.unique = "solution" in payload
        self.solution = (tuple(v for row in payload["solution"] for v in row) if self.unique
                         else self._finish(self.initial()))
        self._finishes: dict = {}

    def initial(self):
        return tuple(v for row in self.payload["puzzle"] for v in row)

    def table(self, state) -> list[list[int]]:
        """Candidates of every cell (empty for filled cells), cached per state."""
        got = self._tables.get(state)
        if got is None:
            if len(self._tables) > 20_000:
                self._tables.clear()  # bounded memory on long runs
            digits = range(1, self.n + 1)
            got = []
            for i, v in enumerate(state):
                used = {state[p] for p in self.peers[i]} if v == 0 else None
                got.append([d for d in digits if d not in used] if v == 0 else [])
            self._tables[state] = got
        return got

    def candidates(self, state, cell: int) -> list[int]:
        """Digits that clash with no peer of an empty cell."""
        return self.table(state)[cell]

    def _why(self, state, cell: int, digit: int, cands: list[int]) -> tuple:
        """The strongest true justification: ("naked",), (unit kind, unit index) or ("guess", cands)."""
        if len(cands) == 1:
            return ("naked",)
        for kind in range(3):
            unit = self.unit_of[cell][kind]
            places = [c for c in self.units[kind][unit] if digit in self.candidates(state, c)]
            if places == [cell]:
                return (kind, unit)
        return ("guess", tuple(cands))

    def enumerate_steps(self, state) -> list:
        if self.dead_end(state) is not None:
            return []
        return [(i, d) for i in range(self.n * self.n) if state[i] == 0 for d in self.candidates(state, i)]

    def apply(self, state, step):
        cell, digit = step
        return state[:cell] + (digit,) + state[cell + 1:]

    def step_text(self, state, step) -> str:
        cell, digit = step
        why = self._why(state, cell, digit, self.candidates(state, cell))
        return f"{_name(cell, self.n)} = {digit} ({_why_text(why)})"

    def parse_step(self, state, text: str):
        m = _STEP.match(text) if isinstance(text, str) and len(text) < 160 else None
        if m is None:
            return None
        r, c, digit = int(m.group(1)) - 1, int(m.group(2)) - 1, int(m.group(3))
        if not (0 <= r < self.n and 0 <= c < self.n) or self.dead_end(state) is not None:
            return None
        cell = r * self.n + c
        cands = self.candidates(state, cell) if state[cell] == 0 else []
        if digit not in cands or not self._claim_holds(state, cell, digit, cands, m):
            return None
        return (cell, digit)

    def _claim_holds(self, state, cell: int, digit: int, cands: list[int], m: re.Match) -> bool:
        """Whether the justification written in the step is true in `state`."""
        if m.group(4) == "naked single":
            return len(cands) == 1
        if m.group(5):
            kind, unit = _UNIT_WORDS[m.group(5)], int(m.group(6)) - 1
            if unit != self.unit_of[cell][kind]:
                return False
            places = [p for p in self.units[kind][unit] if digit in self.candidates(state, p)]
            return places == [cell]
        listed = sorted(int(x) for x in m.group(7).split(","))
        return listed == cands

    def final_answer(self, state) -> str | None:
        if 0 in state:
            return None
        return answer_grid([state[r * self.n:(r + 1) * self.n] for r in range(self.n)])

    def dead_end(self, state) -> str | None:
        return None if self._contradiction(state) is None else "contradiction"

    def _contradiction(self, state) -> dict | None:
        """A blank cell with no candidate, or a digit with no place left in some unit."""
        table = self.table(state)
        for i in range(self.n * self.n):
            if state[i] == 0 and not table[i]:
                used = sorted({state[p] for p in self.peers[i]} - {0})
                return {"kind": "cell", "cell": _name(i, self.n), "used": used}
        for kind, units in enumerate(self.units):
            for index, cells in enumerate(units):
                have = {state[c] for c in cells}
                for d in range(1, self.n + 1):
                    if d not in have and not any(d in table[c] for c in cells):
                        return {"kind": "digit", "digit": d, "unit": f"{('row', 'column', 'box')[kind]} {index + 1}"}
        return None

    def oracle_value(self, state) -> float:
        return 0.0 if self.completion(state) is None else 1.0

    def completion(self, state) -> tuple | None:
        """A finished grid that keeps every digit of `state`, or None when there is none."""
        if self.solution is not None and all(v == 0 or v == s for v, s in zip(state, self.solution)):
            return self.solution
        if self.unique or self.solution is None:
            return None  # a proved-unique solution: a grid that disagrees with it cannot be finished
        if state not in self._finishes:
            if len(self._finishes) > 20_000:
                self._finishes.clear()  # bounded memory on long runs
            self._finishes[state] = self._finish(state)
        return self._finishes[state]

    def _finish(self, state) -> tuple | None:
        found = count_solutions(self._board, list(state), limit=1, node_limit=_FINISH_BUDGET)
        return tuple(found.solutions[0]) if found.solutions else None

    def good_steps(self, state) -> list:
        # A methodical solver: the first forced placement in reading order, else the right digit of a
        # cell with the fewest candidates. One move per state keeps the tree deep rather than wide.
        finished = self.completion(state)
        if finished is None:
            return []
        forced = self.habit_steps(state)
        if forced:
            return forced  # in a solvable grid a forced placement is always right
        right = [s for s in self.legal_steps(state) if finished[s[0]] == s[1]]
        return sorted(right, key=lambda s: (len(self.candidates(state, s[0])), s[0]))[:1]

    def habit_steps(self, state) -> list:
        # Keep placing forced digits (even on a lost line) until the contradiction shows.
        steps = self.legal_steps(state)
        return [s for s in steps if self._why(state, s[0], s[1], self.candidates(state, s[0]))[0] != "guess"][:1]

    def slip(self, state) -> float:
        # Misplacing a digit while a single is there to be seen is rarer than guessing wrong.
        table = self.table(state)
        forced = any(len(c) == 1 for c in table)
        return 0.35 if forced else 1.0

    def tempting(self, state, steps) -> list[float]:
        # Hurried solvers guess in cells with few candidates.
        return [1.0 / len(self.candidates(state, cell)) ** 2 for cell, _ in steps]

    def answer_key(self, state, answer: str) -> str:
        return "".join(map(str, state))

    def describe(self, state, step) -> dict:
        cell, digit = step
        cands = self.candidates(state, cell)
        why = self._why(state, cell, digit, cands)
        kind = {"naked": "naked", 0: "row", 1: "column", 2: "box", "guess": "guess"}[why[0]]
        return {"text": self.step_text(state, step), "cell": _name(cell, self.n), "digit": digit, "kind": kind,
                "unit": why[1] + 1 if kind in ("row", "column", "box") else 0, "cands": cands,
                "left": sum(1 for v in state if v == 0) - 1}

    def max_steps(self) -> int:
        return sum(1 for v in self.initial() if v == 0)

    def start(self) -> dict:
        return {"size": self.n, "blanks": sum(1 for v in self.initial() if v == 0)}

    def terminal(self, state) -> dict:
        return {"answer": self.final_answer(state), "why": self._contradiction(state), "size": self.n}


def _name(cell: int, n: int) -> str:
    return f"r{cell // n + 1}c{cell % n + 1}"


def _why_text(why: tuple) -> str:
    if why[0] == "naked":
        return "naked single"
    if why[0] == "guess":
        return "guess from " + ", ".join(map(str, why[1]))
    return f"hidden single in {('row', 'column', 'box')[why[0]]} {why[1] + 1}"

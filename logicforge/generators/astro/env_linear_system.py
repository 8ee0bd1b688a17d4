"""Linear systems as a step environment: one step is one elimination, substitution or division of an equation."""

from __future__ import annotations

import re
from fractions import Fraction

from logicforge.generators.astro.env import StepEnv

_NUM = r"\(?\s*-?\d{1,60}(?:/\d{1,60})?\s*\)?"
# `E2 := E2 - 4/3 * E1: (1/3)y + (4/3)z = 2`, `E3 := E1 + 2 * E2: ...`, `E3 := E3 / 4: z = 1`
_STEP = re.compile(rf"^\s*E(\d{{1,2}})\s*:=\s*E(\d{{1,2}})(?:\s*([+-])\s*({_NUM})\s*\*\s*E(\d{{1,2}}))?"
                   rf"(?:\s*/\s*({_NUM}))?\s*:\s*(.+?)\s*\.?\s*$")


# Gauss-Jordan on the built-in levels stays under ~13 digits; a wandering line passes this bound and is
# abandoned as a dead end, as a person would abandon fractions that have grown out of hand.
MAX_DIGITS = 20


def num(value: Fraction) -> str:
    """`3`, `-2/5`."""
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def _read(text: str) -> Fraction | None:
    text = text.strip().strip("()").strip()
    top, _, bottom = text.partition("/")
    return None if bottom and int(bottom) == 0 else Fraction(int(top), int(bottom) if bottom else 1)


class LinearSystemEnv(StepEnv):
    """State: the equations E1..En as tuples of Fractions (coefficients, then the constant).

    Steps: `("elim", i, k, c)` is Ei := Ei - c*Ek, zeroing one unknown of Ei (a substitution when Ek is
    solved); `("scale", i, d)` is Ei := Ei / d when Ei has one unknown left; `("combine", i, j, k, c)` is
    Ei := Ej - c*Ek, which writes over Ei and so loses it: a legal step, but the realistic mistake that
    leads to a dead end (an equation turning into 0 = 0 or a multiple of another).
    """

    family = "linear_system"
    grammar = "one row operation and the equation it gives, e.g. `E2 := E2 - 4/3 * E1: (1/3)y + (4/3)z = 2` " \
              "or `E3 := E3 / 4: z = 1`"

    def __init__(self, task, question: str, payload: dict):
        super().__init__(task, question, payload)
        self.vars = [str(v) for v in payload["variables"]]
        self.n = len(self.vars)

    def initial(self):
        return tuple(tuple(Fraction(c) for c in row) + (Fraction(b),)
                     for row, b in zip(self.payload["coefficients"], self.payload["constants"]))

    # -- row operations -------------------------------------------------------------------------------

    @staticmethod
    def _minus(a: tuple, c: Fraction, b: tuple) -> tuple:
        return tuple(x - c * y for x, y in zip(a, b))

    def _multipliers(self, a: tuple, b: tuple) -> list[Fraction]:
        """Every c for which a - c*b zeroes some unknown present in both."""
        return list(dict.fromkeys(a[v] / b[v] for v in range(self.n) if a[v] and b[v]))

    def enumerate_steps(self, state) -> list:
        if self.dead_end(state) is not None or self.final_answer(state) is not None:
            return []
        out: list = []
        n = self.n
        for i in range(n):
            support = [v for v in range(n) if state[i][v]]
            if len(support) == 1 and state[i][support[0]] != 1:
                out.append(("scale", i, state[i][support[0]]))
            for k in range(n):
                if k != i:
                    out += [("elim", i, k, c) for c in self._multipliers(state[i], state[k])]
        for i in range(n):
            for j in range(n):
                for k in range(j + 1, n):
                    if i not in (j, k):
                        out += [("combine", i, j, k, c) for c in self._multipliers(state[j], state[k])]
        return out

    def apply(self, state, step):
        kind, i = step[0], step[1]
        if kind == "scale":
            row = tuple(x / step[2] for x in state[i])
        elif kind == "elim":
            row = self._minus(state[i], step[3], state[step[2]])
        else:
            row = self._minus(state[step[2]], step[4], state[step[3]])
        return state[:i] + (row,) + state[i + 1:]

    def equation(self, row: tuple) -> str:
        """`-3x + (1/2)y - z = 4`; all-zero coefficients print as `0`."""
        parts = []
        for v, c in zip(self.vars, row[:-1]):
            if c:
                mag = abs(c)
                coef = "" if mag == 1 else (num(mag) if mag.denominator == 1 else f"({num(mag)})")
                sign = ("-" if c < 0 else "") if not parts else (" - " if c < 0 else " + ")
                parts.append(f"{sign}{coef}{v}")
        return f"{''.join(parts) or '0'} = {num(row[-1])}"

    def step_text(self, state, step) -> str:
        kind, i = step[0], step[1]
        if kind == "scale":
            d = step[2]
            op = f"E{i + 1} := E{i + 1} / {num(d) if d > 0 and d.denominator == 1 else f'({num(d)})'}"
        else:
            j, k, c = (i, step[2], step[3]) if kind == "elim" else step[2:]
            op = f"E{i + 1} := E{j + 1} {'-' if c > 0 else '+'} {num(abs(c))} * E{k + 1}"
        return f"{op}: {self.equation(self.apply(state, step)[i])}"

    def parse_step(self, state, text: str):
        m = _STEP.match(text) if isinstance(text, str) and len(text) < 4000 else None
        if m is None:
            return None
        i, j = int(m.group(1)) - 1, int(m.group(2)) - 1
        if m.group(5) is not None and m.group(6) is None:
            k, c = int(m.group(5)) - 1, _read(m.group(4)) * (1 if m.group(3) == "-" else -1)
            step = ("elim", i, k, c) if i == j else ("combine", i, j, k, c)
        elif m.group(5) is None and m.group(6) is not None and i == j:
            step = ("scale", i, _read(m.group(6)))
        else:
            return None
        if step not in self.legal_steps(state):
            return None
        written = " ".join(m.group(7).split())
        return step if written == self.step_text(state, step).split(": ", 1)[1] else None

    # -- ends, values and hints ---------------------------------------------------------------------------

    def final_answer(self, state) -> str | None:
        solved = {}
        for row in state:
            support = [v for v in range(self.n) if row[v]]
            if len(support) != 1 or row[support[0]] != 1:
                return None
            solved[support[0]] = row[-1]
        if len(solved) != self.n:
            return None
        return ", ".join(f"{self.vars[v]} = {num(solved[v])}" for v in range(self.n))

    def _lost(self, state) -> dict | None:
        """An equation that says nothing new (all zero, or a multiple of another), or runaway numbers."""
        for i, row in enumerate(state):
            if any(len(str(abs(x.numerator))) > MAX_DIGITS or len(str(x.denominator)) > MAX_DIGITS for x in row):
                return {"kind": "huge", "eq": f"E{i + 1}"}
            if not any(row[:-1]):
                return {"kind": "zero", "eq": f"E{i + 1}"}
            for k in range(i):
                lead = next(v for v in range(self.n) if row[v])
                if state[k][lead] and all(x * state[k][lead] == y * row[lead] for x, y in zip(row, state[k])):
                    return {"kind": "multiple", "eq": f"E{i + 1}", "other": f"E{k + 1}"}
        return None

    def dead_end(self, state) -> str | None:
        return None if self._lost(state) is None else "lost an equation"

    def oracle_value(self, state) -> float:
        # Row operations that keep every equation are invertible; only a lost equation breaks the system.
        return 1.0 if _rank([row[:-1] for row in state]) == self.n else 0.0

    def good_steps(self, state) -> list:
        # Gauss-Jordan by hand: column by column, the lowest unused equation holding the unknown is the
        # pivot and the unknown is cleared from every other equation; then each equation is divided out.
        return self._gauss_jordan(state) if self.oracle_value(state) else []

    def habit_steps(self, state) -> list:
        return self._gauss_jordan(state)

    def _gauss_jordan(self, state) -> list:
        """The next Gauss-Jordan move (one step at most)."""
        used: set[int] = set()
        for v in range(self.n):
            holders = [r for r in range(self.n) if r not in used and state[r][v]]
            if not holders:
                continue
            pivot = holders[0]
            others = [r for r in range(self.n) if r != pivot and state[r][v]]
            if others:
                r = others[0]
                return [("elim", r, pivot, state[r][v] / state[pivot][v])]
            used.add(pivot)
        return [s for s in self.legal_steps(state) if s[0] == "scale"][:1]

    def slip(self, state) -> float:
        # Writing over the wrong equation is an occasional slip, not a habit.
        return 0.3

    def max_steps(self) -> int:
        return self.n * self.n + self.n

    def describe(self, state, step) -> dict:
        kind, i = step[0], step[1]
        d = {"text": self.step_text(state, step), "kind": kind, "eq": f"E{i + 1}", "pivot": "", "var": "",
             "with": ""}
        if kind != "scale":
            j, k = (i, step[2]) if kind == "elim" else (step[2], step[3])
            after = self.apply(state, step)[i]
            d["pivot"], d["with"] = f"E{k + 1}", f"E{j + 1}"
            d["var"] = next((self.vars[v] for v in range(self.n) if state[j][v] and not after[v]), "")
            pivot = state[k]
            lone = [v for v in range(self.n) if pivot[v]]
            if kind == "elim" and len(lone) == 1 and pivot[lone[0]] == 1:
                d["kind"], d["solved"] = "subst", self.equation(pivot)
        else:
            d["var"] = next(self.vars[v] for v in range(self.n) if state[i][v])
        return d

    def start(self) -> dict:
        return {"n": self.n, "vars": ", ".join(self.vars)}

    def terminal(self, state) -> dict:
        return {"answer": self.final_answer(state), "lost": self._lost(state)}


def _rank(rows: list[tuple]) -> int:
    """Rank of a matrix of Fractions by elimination."""
    m = [list(r) for r in rows]
    rank, cols = 0, len(m[0]) if m else 0
    for col in range(cols):
        pivot = next((r for r in range(rank, len(m)) if m[r][col]), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for r in range(len(m)):
            if r != rank and m[r][col]:
                factor = m[r][col] / m[rank][col]
                m[r] = [x - factor * y for x, y in zip(m[r], m[rank])]
        rank += 1
    return rank

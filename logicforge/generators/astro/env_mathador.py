"""Mathador as a step environment: one step combines two of the remaining numbers with one operator."""

from __future__ import annotations

import re
from fractions import Fraction

from logicforge.generators.astro._reach import Reach, combine, first_steps
from logicforge.generators.astro.env import StepEnv
from logicforge.verifiers._expr import whole

# Spaces around the operator are part of the grammar: they keep `8 / 3` apart from the fraction `8/3`.
_NUM = r"(\d{1,12}(?:/\d{1,12})?)"
_STEP = re.compile(rf"^\s*{_NUM}\s+([-+*/x×÷−])\s+{_NUM}\s*=\s*{_NUM}\s*\.?\s*$")
_OP_ALIASES = {"x": "*", "×": "*", "÷": "/", "−": "-"}
_ORACLE_WORK = 30_000  # states one oracle query may visit; past it the value is unknown (rollouts decide)


def fmt(value: int | Fraction) -> str:
    """A value as step text: `8`, `8/3`."""
    return str(value) if not isinstance(value, Fraction) else f"{value.numerator}/{value.denominator}"


def _value(text: str) -> int | Fraction | None:
    num, _, den = text.partition("/")
    if den and int(den) == 0:
        return None
    return whole(Fraction(int(num), int(den))) if den else int(num)


def _canonical(a, op: str, b) -> tuple:
    """Commutative steps are stored larger operand first, so `3 + 5` and `5 + 3` are one step."""
    return (b, op, a) if op in "+*" and b > a else (a, op, b)


class MathadorEnv(StepEnv):
    """State: the remaining (value, expression) items, sorted. Step: `(a, op, b)` over two values."""

    family = "mathador"
    grammar = "two remaining numbers, an operator and the result, e.g. `8 / 3 = 8/3` (spaces around the operator)"

    def __init__(self, task, question: str, payload: dict):
        super().__init__(task, question, payload)
        self.target = int(payload["target"])
        self.ops = str(payload["operators"])
        self.use_all = bool(payload["use_all"])
        self.reach = Reach(self.ops, self.target, self.use_all)

    def initial(self):
        return _sorted((n, n) for n in self.payload["numbers"])

    def enumerate_steps(self, state) -> list:
        if self.final_answer(state) is not None:
            return []
        values = [v for v, _ in state]
        seen, out = set(), []
        for i in range(len(values)):
            for j in range(i + 1, len(values)):
                for a, b in ((values[j], values[i]), (values[i], values[j])):
                    for op in self.ops:
                        if (op == "-" and a < b) or (op == "/" and b == 0):
                            continue
                        step = _canonical(a, op, b)
                        if step not in seen:
                            seen.add(step)
                            out.append(step)
        return out

    def apply(self, state, step):
        a, op, b = step
        items = list(state)
        left = items.pop(next(i for i, (v, _) in enumerate(items) if v == a))
        right = items.pop(next(i for i, (v, _) in enumerate(items) if v == b))
        items.append((combine(a, op, b), (op, left[1], right[1])))
        return _sorted(items)

    def step_text(self, state, step) -> str:
        a, op, b = step
        return f"{fmt(a)} {op} {fmt(b)} = {fmt(combine(a, op, b))}"

    def parse_step(self, state, text: str):
        m = _STEP.match(text) if isinstance(text, str) and len(text) < 120 else None
        if m is None:
            return None
        a, b, c = _value(m.group(1)), _value(m.group(3)), _value(m.group(4))
        op = _OP_ALIASES.get(m.group(2), m.group(2))
        if None in (a, b, c) or op not in self.ops or (op == "-" and a < b) or (op == "/" and b == 0):
            return None
        if self.final_answer(state) is not None or combine(a, op, b) != c:
            return None
        values = [v for v, _ in state]
        if a not in values or b not in values or (a == b and values.count(a) < 2):
            return None
        return _canonical(a, op, b)

    def final_answer(self, state) -> str | None:
        if len(state) == 1:
            return render(state[0][1])
        if not self.use_all:
            for value, tree in state:
                if isinstance(tree, tuple) and value == self.target:
                    return render(tree)
        return None

    def dead_end(self, state) -> str | None:
        return None  # with two or more numbers some step is always legal

    def answer_key(self, state, answer: str) -> str:
        # Two expressions with the same wrong value are the same wrong answer to a reader.
        return fmt(self._result(state)[0])

    def _result(self, state) -> tuple:
        if len(state) == 1:
            return state[0]
        return next((v, t) for v, t in state if isinstance(t, tuple) and v == self.target)

    def oracle_value(self, state) -> float | None:
        if self.final_answer(state) is not None:
            return 1.0 if self._result(state)[0] == self.target else 0.0
        found = self.reach.solve(tuple(v for v, _ in state), _ORACLE_WORK)
        return None if found is False else float(found is not None)

    def good_steps(self, state) -> list:
        # The innermost operations of one solution the exact search finds: moves a solver would make.
        found = self.reach.solve(tuple(v for v, _ in state), _ORACLE_WORK)
        if not found:
            return []
        legal = set(self.legal_steps(state))
        return [s for s in dict.fromkeys(_canonical(*f) for f in first_steps(found)) if s in legal]

    def tempting(self, state, steps) -> list[float]:
        # A hurried solver reaches for results near the target.
        return [1.0 / (1.0 + abs(float(combine(*s)) - self.target) / self.target) for s in steps]

    def describe(self, state, step) -> dict:
        a, op, b = step
        after = self.apply(state, step)
        return {"text": self.step_text(state, step), "a": fmt(a), "b": fmt(b), "op": op,
                "c": fmt(combine(a, op, b)), "left": [fmt(v) for v, _ in after],
                "target": self.target}

    def max_steps(self) -> int:
        return len(self.payload["numbers"]) - 1

    def start(self) -> dict:
        return {"numbers": list(self.payload["numbers"]), "target": self.target, "use_all": self.use_all}

    def terminal(self, state) -> dict:
        """Template context for a finished state: the expression and its value."""
        value, tree = self._result(state) if self.final_answer(state) else state[0]
        return {"answer": render(tree), "value": fmt(value), "target": self.target, "use_all": self.use_all}


def _sorted(items) -> tuple:
    return tuple(sorted(items, key=lambda it: (it[0], render(it[1]))))


_PREC = {"+": 1, "-": 1, "*": 2, "/": 2}


def render(tree) -> str:
    """An expression tree as text, with brackets only where precedence needs them.

    >>> render(("*", ("+", 1, 2), ("-", 9, ("-", 4, 1))))
    '(1 + 2) * (9 - (4 - 1))'
    """
    if not isinstance(tree, tuple):
        return str(tree)
    op, left, right = tree
    lhs, rhs = render(left), render(right)
    if isinstance(left, tuple) and _PREC[left[0]] < _PREC[op]:
        lhs = f"({lhs})"
    # The right side also needs brackets under - and / when it has the same precedence: a - (b - c).
    if isinstance(right, tuple) and (_PREC[right[0]] < _PREC[op] or (_PREC[right[0]] == _PREC[op] and op in "-/")):
        rhs = f"({rhs})"
    return f"{lhs} {op} {rhs}"

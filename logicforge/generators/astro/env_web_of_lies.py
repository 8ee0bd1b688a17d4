"""Web of lies as a step environment: one step is one deduction from one statement, or one assumption."""

from __future__ import annotations

import re

from logicforge.generators.astro.env import StepEnv

_VILLAGERS = re.compile(r"The villagers are ([^.\n]+)\.")
_NAME = r"[A-Z][A-Za-z'-]{0,30}"
# `Nikolai lies, by Elena's statement about Nikolai` / `Xenia tells the truth, by the fact about Xenia` /
# `Suppose Elena tells the truth`
_STEP = re.compile(
    rf"^\s*(Suppose\s+)?({_NAME})\s+(lies|tells the truth)"
    rf"(?:,\s*by\s+(?:({_NAME})'s statement|the fact)\s+about\s+([A-Za-z' ,-]+?))?\s*\.?\s*$")
_WORDS = {0: "lies", 1: "tells the truth"}
_ORACLE_WORK = 50_000  # branch nodes per satisfiability query


class _OutOfBudget(Exception):
    pass


def _group(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class WebOfLiesEnv(StepEnv):
    """State: each person's kind (1 truthful, 0 liar, -1 unknown). Step: `(person, value, cited)` where
    `cited` is the index of the statement that forces the value, or -1 for an assumption."""

    family = "web_of_lies"
    grammar = ("one conclusion with the statement that forces it, e.g. `Nikolai lies, by Elena's statement about "
               "Nikolai`, or an assumption, e.g. `Suppose Elena tells the truth`")

    def __init__(self, task, question: str, payload: dict):
        super().__init__(task, question, payload)
        self.n = int(payload["n"])
        self.statements = [(int(sp), tuple(map(int, sub)), frozenset(map(int, ok)))
                           for sp, sub, ok in payload["statements"]]
        self.targets = [int(t) for t in payload["targets"]]
        names = payload.get("names")  # datasets before 0.2 carry no names: read them off the question
        if not isinstance(names, list):
            m = _VILLAGERS.search(question)
            names = re.split(r",\s*|\s+and\s+", m.group(1)) if m else []
        self.names = names if len(names) == self.n else [f"Person{i + 1}" for i in range(self.n)]
        self.index = {name: i for i, name in enumerate(self.names)}
        self.mentioned = sorted({p for sp, sub, _ in self.statements for p in (sp, *sub) if p >= 0})
        self._sat: dict[tuple, bool] = {}

    # -- one statement at a time ----------------------------------------------------------------------

    def _feasible(self, i: int, val: tuple) -> bool:
        """Whether statement `i` can still hold: some liar count left open matches the speaker's kind."""
        sp, sub, ok = self.statements[i]
        liars = sum(1 for s in sub if val[s] == 0)
        unknown = sum(1 for s in sub if val[s] < 0)
        said = 1 if sp < 0 else val[sp]
        return said < 0 or any((c in ok) == bool(said) for c in range(liars, liars + unknown + 1))

    def forced(self, state) -> dict[tuple[int, int], int]:
        """(person, value) -> index of the first statement that alone forces it."""
        out: dict[tuple[int, int], int] = {}
        for i, (sp, sub, _) in enumerate(self.statements):
            for p in (sp, *sub):
                if p < 0 or state[p] >= 0:
                    continue
                options = [v for v in (0, 1) if self._feasible(i, state[:p] + (v,) + state[p + 1:])]
                if len(options) == 1:
                    out.setdefault((p, options[0]), i)
        return out

    def broken(self, state) -> int | None:
        """Index of a statement that can no longer hold, or None."""
        return next((i for i in range(len(self.statements)) if not self._feasible(i, state)), None)

    # -- the StepEnv contract -------------------------------------------------------------------------

    def initial(self):
        return (-1,) * self.n

    def enumerate_steps(self, state) -> list:
        if self.broken(state) is not None or self.final_answer(state) is not None:
            return []
        deductions = [(p, v, i) for (p, v), i in sorted(self.forced(state).items())]
        assumptions = [(p, v, -1) for p in self.mentioned if state[p] < 0 for v in (1, 0)]
        return deductions + assumptions

    def apply(self, state, step):
        p, v, _ = step
        return state[:p] + (v,) + state[p + 1:]

    def _cite(self, i: int) -> str:
        sp, sub, _ = self.statements[i]
        who = "the fact" if sp < 0 else f"{self.names[sp]}'s statement"
        return f"{who} about {_group([self.names[s] for s in sub])}"

    def step_text(self, state, step) -> str:
        p, v, i = step
        if i < 0:
            return f"Suppose {self.names[p]} {_WORDS[v]}"
        return f"{self.names[p]} {_WORDS[v]}, by {self._cite(i)}"

    def parse_step(self, state, text: str):
        m = _STEP.match(text) if isinstance(text, str) and len(text) < 400 else None
        if m is None or m.group(2) not in self.index:
            return None
        p, v = self.index[m.group(2)], 1 if m.group(3) == "tells the truth" else 0
        if m.group(1):
            step = (p, v, -1) if m.group(5) is None else None
        else:
            step = self._cited(state, p, v, m.group(4), m.group(5))
        return step if step is not None and step in self.legal_steps(state) else None

    def _cited(self, state, p: int, v: int, speaker: str | None, about: str | None):
        """The deduction step whose cited statement (speaker, subjects) alone forces person p to v."""
        if about is None:
            return None
        subjects = re.split(r",\s*|\s+and\s+", about.strip())
        if speaker is not None and speaker not in self.index or any(s not in self.index for s in subjects):
            return None
        want = (-1 if speaker is None else self.index[speaker], tuple(self.index[s] for s in subjects))
        for i, (sp, sub, _) in enumerate(self.statements):
            if (sp, sub) == want and p in (sp, *sub) and state[p] < 0:
                others = [x for x in (0, 1) if self._feasible(i, state[:p] + (x,) + state[p + 1:])]
                if others == [v]:
                    return (p, v, self.forced(state)[(p, v)])  # canonical: the first statement that forces it
        return None

    def final_answer(self, state) -> str | None:
        if any(state[p] < 0 for p in self.mentioned) or self.broken(state) is not None:
            return None
        return ", ".join("yes" if state[t] == 1 else "no" for t in self.targets)

    def dead_end(self, state) -> str | None:
        return None if self.broken(state) is None else "contradiction"

    def answer_key(self, state, answer: str) -> str:
        return "".join(str(v) for v in state)

    def oracle_value(self, state) -> float | None:
        # The answers are forced, so any consistent completion gives the right answer.
        self._budget = _ORACLE_WORK
        try:
            return 1.0 if self._satisfiable(state) else 0.0
        except _OutOfBudget:
            return None

    def _satisfiable(self, state) -> bool:
        got = self._sat.get(state)
        if got is None:
            self._budget -= 1
            if self._budget < 0:
                raise _OutOfBudget
            if self.broken(state) is not None:
                got = False
            else:
                forced = self.forced(state)
                if forced:
                    (p, v), _ = next(iter(forced.items()))
                    got = self._satisfiable(self.apply(state, (p, v, 0)))
                else:
                    p = next((q for q in self.mentioned if state[q] < 0), None)
                    got = p is None or any(self._satisfiable(self.apply(state, (p, v, -1))) for v in (1, 0))
            self._sat[state] = got
        return got

    def good_steps(self, state) -> list:
        # A careful reasoner writes down what a statement forces before assuming anything.
        if not self.oracle_value(state):
            return []
        steps = self.legal_steps(state)
        deductions = [s for s in steps if s[2] >= 0]
        if deductions:
            return deductions[:1]
        return [s for s in steps if self.oracle_value(self.apply(state, s)) == 1.0][:1]

    def habit_steps(self, state) -> list:
        return [s for s in self.legal_steps(state) if s[2] >= 0][:1]

    def slip(self, state) -> float:
        # Skipping a forced deduction for a wrong guess is rarer than guessing wrong when one must guess.
        return 0.3 if self.forced(state) else 1.0

    def max_steps(self) -> int:
        return len(self.mentioned)

    def describe(self, state, step) -> dict:
        p, v, i = step
        return {"text": self.step_text(state, step), "person": self.names[p], "truthful": v == 1,
                "assume": i < 0, "cite": self._cite(i) if i >= 0 else "", "forced_left": bool(self.forced(state))}

    def start(self) -> dict:
        return {"asked": _group([self.names[t] for t in self.targets]), "many": len(self.targets) > 1}

    def terminal(self, state) -> dict:
        bad = self.broken(state)
        return {"answer": self.final_answer(state), "cite": self._cite(bad) if bad is not None else "",
                "asked": [(self.names[t], state[t] == 1) for t in self.targets]}

"""Word sorting as a step environment: one step writes the next word of the sorted list."""

from __future__ import annotations

import re

from logicforge.generators.astro.env import StepEnv

# `next: cejifu`
_STEP = re.compile(r"^\s*next\s*:\s*([a-z]{1,40})\s*\.?\s*$")


class WordSortingEnv(StepEnv):
    """State: the words written so far (a tuple). Step: the next word, any one not yet written.

    A word written while a remaining word belongs before it is a dead end that the trace can point
    at: "X comes before Y". The realistic mistake is ordering by the usual alphabet.
    """

    family = "word_sorting"
    grammar = "the next word of the sorted list, e.g. `next: cejifu`"

    def __init__(self, task, question: str, payload: dict):
        super().__init__(task, question, payload)
        self.words = [str(w) for w in payload["words"]]
        self.descending = bool(payload["descending"])
        self.rank = {c: i for i, c in enumerate(payload["alphabet"])}

    def key(self, word: str) -> tuple:
        return tuple(self.rank[c] for c in word)

    def before(self, a: str, b: str) -> bool:
        """Whether `a` belongs before `b` in the required order."""
        return self.key(a) > self.key(b) if self.descending else self.key(a) < self.key(b)

    def initial(self):
        return ()

    def enumerate_steps(self, state) -> list:
        if self.dead_end(state) is not None:
            return []
        return [w for w in self.words if w not in state]

    def apply(self, state, step):
        return state + (step,)

    def step_text(self, state, step) -> str:
        return f"next: {step}"

    def parse_step(self, state, text: str):
        m = _STEP.match(text) if isinstance(text, str) and len(text) < 80 else None
        if m is None or m.group(1) not in self.enumerate_steps(state):
            return None
        return m.group(1)

    def final_answer(self, state) -> str | None:
        return ", ".join(state) if len(state) == len(self.words) and self.dead_end(state) is None else None

    def _skipped(self, state) -> str | None:
        """A remaining word that belongs before the last written one."""
        if not state:
            return None
        return next((w for w in self.words if w not in state and self.before(w, state[-1])), None)

    def dead_end(self, state) -> str | None:
        return None if self._skipped(state) is None else "out of order"

    def oracle_value(self, state) -> float:
        ordered = sorted(self.words, key=self.key, reverse=self.descending)
        return 1.0 if list(state) == ordered[:len(state)] else 0.0

    def tempting(self, state, steps) -> list[float]:
        # The classic slip: the word that would come next under the usual alphabet.
        usual = sorted(steps, reverse=self.descending)
        return [4.0 if w == usual[0] else 1.0 for w in steps]

    def max_steps(self) -> int:
        return len(self.words)

    def describe(self, state, step) -> dict:
        return {"text": self.step_text(state, step), "word": step, "placed": len(state) + 1,
                "left": len(self.words) - len(state) - 1}

    def start(self) -> dict:
        return {"n": len(self.words), "order": "descending" if self.descending else "ascending"}

    def terminal(self, state) -> dict:
        skipped = self._skipped(state)
        return {"answer": self.final_answer(state), "skipped": skipped, "last": state[-1] if state else "",
                "descending": self.descending}

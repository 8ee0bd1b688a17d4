"""The step-environment interface that ASTRO searches over: states, legal steps, apply, terminal check."""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

State = Hashable
Step = Hashable


@dataclass(frozen=True)
class Outcome:
    """How a terminal state ended.

    Attributes:
        correct: the task's verifier accepted the stated answer.
        answer: the final answer as written inside the answer tags; None for a dead end.
        key: identity of the result, so that linearisation never repeats a wrong answer.
        reason: the verifier's reason tag, or `dead_end`.
    """

    correct: bool
    answer: str | None
    key: str
    reason: str


class StepEnv(ABC):
    """One puzzle as a step-by-step environment.

    A subclass reads the family's payload (never the generator's internals) and defines the state,
    the legal steps, the canonical step text and its strict parser. The parser doubles as the step
    verifier: `parse_step(state, text)` returns a step only when the text names a legal step in
    `state`. Terminal answers are checked by the Task handed in (`task.verify`), nothing else.

    Args:
        task: the Task this puzzle comes from (anything with `verify(payload, response)`).
        question: the puzzle text (some families read display names from it).
        payload: the verifier's payload for this instance.
    """

    family: ClassVar[str] = ""
    grammar: ClassVar[str] = ""  # one line describing a step's text, shown to an LLM policy

    def __init__(self, task: Any, question: str, payload: dict):
        self.task, self.question, self.payload = task, question, payload
        self._outcomes: dict[State, Outcome] = {}
        self._legal: dict[State, list[Step]] = {}

    # -- what every family defines ---------------------------------------------------------------

    @abstractmethod
    def initial(self) -> State:
        """The state before any step (the root of the search tree)."""

    @abstractmethod
    def enumerate_steps(self, state: State) -> list[Step]:
        """Every legal step in `state`, in a fixed order (empty for a finished state)."""

    @abstractmethod
    def apply(self, state: State, step: Step) -> State:
        """The state after taking a legal `step`."""

    @abstractmethod
    def step_text(self, state: State, step: Step) -> str:
        """The canonical text of `step` in `state`, in the family's step grammar."""

    @abstractmethod
    def parse_step(self, state: State, text: str) -> Step | None:
        """The legal step `text` names in `state`, or None when it is unparsable or illegal."""

    @abstractmethod
    def final_answer(self, state: State) -> str | None:
        """The answer a finished state states (for the answer tags), or None while unfinished."""

    @abstractmethod
    def dead_end(self, state: State) -> str | None:
        """A short reason why `state` cannot be finished (a contradiction), or None."""

    @abstractmethod
    def describe(self, state: State, step: Step) -> dict:
        """Template context for taking `step` in `state` (its prose lives in templates/<family>.j2)."""

    # -- optional knowledge: exact values and solver hints ------------------------------------------

    def oracle_value(self, state: State) -> float | None:
        """1.0 if `state` can still reach a correct answer, 0.0 if not, None when unknown."""
        return None

    def good_steps(self, state: State) -> list[Step]:
        """Legal steps after which a correct answer is still reachable (the scripted solver's moves)."""
        out = []
        for step in self.legal_steps(state):
            value = self.oracle_value(self.apply(state, step))
            if value is not None and value > 0:
                out.append(step)
        return out

    def habit_steps(self, state: State) -> list[Step]:
        """What a solver would do next without knowing the line is already lost (default: nothing).

        The scripted policy follows these where `good_steps` is empty, so a wrong branch goes on the
        way a person's would (placing singles, eliminating) until the contradiction shows.
        """
        return []

    def tempting(self, state: State, steps: Sequence[Step]) -> list[float]:
        """How tempting each wrong step is to a hurried solver (weights; higher is likelier)."""
        return [1.0] * len(steps)

    def max_steps(self) -> int:
        """An upper bound on the steps of any path from the initial state (sets the default depth)."""
        return 50

    def start(self) -> dict:
        """Template context for the opening sentence (the puzzle's givens)."""
        return {}

    def terminal(self, state: State) -> dict:
        """Template context for a terminal state (families add what their prose needs)."""
        return {"answer": self.final_answer(state), "reason": self.dead_end(state)}

    def slip(self, state: State) -> float:
        """How error-prone `state` is for a hurried solver, relative to the policy's noise (1.0 default).

        Families lower it where the next move is forced and plain to see, so mistakes cluster where
        a person would make them: at guesses and assumptions.
        """
        return 1.0

    def answer_key(self, state: State, answer: str) -> str:
        """Identity of a stated answer (families override to compare values rather than text)."""
        return " ".join(answer.split())

    # -- derived behaviour shared by every family ---------------------------------------------------

    def legal_steps(self, state: State) -> list[Step]:
        """Every legal step in `state` (cached: search asks for the same states many times)."""
        got = self._legal.get(state)
        if got is None:
            got = self.enumerate_steps(state)
            self._legal[state] = got
        return got

    def is_terminal(self, state: State) -> bool:
        """A state is terminal when it states an answer, is a dead end, or has no legal step."""
        if self.final_answer(state) is not None or self.dead_end(state) is not None:
            return True
        return not self.legal_steps(state)

    def outcome(self, state: State) -> Outcome:
        """Verify a terminal state with the Task's verifier (cached per state)."""
        got = self._outcomes.get(state)
        if got is None:
            got = self._judge(state)
            self._outcomes[state] = got
        return got

    def _judge(self, state: State) -> Outcome:
        answer = self.final_answer(state)
        if answer is None:
            # Dead ends have no answer to compare; two are the same failure only in the same state.
            return Outcome(False, None, f"dead:{state!r}", "dead_end")
        verdict = self.task.verify(self.payload, f"<answer>{answer}</answer>")
        return Outcome(bool(verdict.correct), answer, self.answer_key(state, answer), verdict.reason)

    def check_step(self, state: State, step: Step) -> bool:
        """Whether `step` is legal in `state`, judged by parsing its canonical text (the step verifier)."""
        return self.parse_step(state, self.step_text(state, step)) == step

    def state_prompt(self, steps_so_far: Sequence[str]) -> str:
        """The text an LLM policy continues: the puzzle, the step grammar and the steps so far."""
        lines = [self.question, "", f"Solve it one step at a time. Each step is one line: {self.grammar}"]
        lines += [f"Step {i + 1}: {s}" for i, s in enumerate(steps_so_far)]
        lines.append(f"Step {len(steps_so_far) + 1}:")
        return "\n".join(lines)


def log_uniform(n: int) -> float:
    """The log-probability of one of `n` equally likely choices."""
    return -math.log(max(n, 1))

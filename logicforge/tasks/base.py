"""The Task contract: knobs, levels, a pure generator, a verifier that never raises, a prompt."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from logicforge.generators.base import Instance, Knobs, item_rng
from logicforge.verifiers.extract import extract_answer
from logicforge.verifiers.verdict import Verdict

_TEMPLATES = Path(__file__).parent / "templates"


@lru_cache(maxsize=1)
def _prompt_template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(_TEMPLATES), undefined=jinja2.StrictUndefined, keep_trailing_newline=False
    )
    return env.get_template("prompt.j2")


_SLOT = "\x00question\x00"


@lru_cache(maxsize=256)
def _prompt_parts(answer_format: str) -> tuple[str, str]:
    """The prompt around the question, rendered once per task: Jinja2 costs ~6 us per row.

    The template inserts the question verbatim (no filter, no autoescape), so text before and after
    a placeholder is exactly what every render would give.
    """
    text = _prompt_template().render(question=_SLOT, answer_format=answer_format)
    if text.count(_SLOT) != 1:
        raise ValueError("prompt.j2 must insert {{ question }} exactly once, unfiltered")
    head, tail = text.split(_SLOT)
    return head, tail


@dataclass(frozen=True)
class Task:
    """A registered task family: what `logicforge` generates, prompts and verifies.

    Attributes:
        name: registry key.
        category: grid, arithmetic, algebra, graph, logic or language.
        params_cls: the family's frozen `Params` (its difficulty knobs).
        levels: difficulty level 1..10 -> Params.
        generator: `(params, rng) -> Instance`, pure.
        checker: `(payload, extracted_answer) -> Verdict`, the family's rule check.
        answer_format: how the answer must be written, shown in every prompt.
        description: one line for `logicforge list` and dataset cards.
        partial_credit: True only where the family declares scores strictly between 0 and 1.
        verifier_kind: "constraint" (rules re-checked) or "exact" (unique answer proved at generation).
    """

    name: str
    category: str
    params_cls: type[Knobs]
    levels: dict[int, Knobs]
    generator: Callable[[Knobs, Any], Instance]
    checker: Callable[[dict, str], Verdict]
    answer_format: str
    description: str
    partial_credit: bool = False
    verifier_kind: str = "constraint"
    example_answer: str = field(default="")

    def params(self, level: int | None = None, overrides: dict[str, Any] | None = None) -> Knobs:
        """The Params for a level (default 1) with `k=v` overrides applied; ValueError if bad."""
        if level is not None and level not in self.levels:
            raise ValueError(f"level {level} is out of range [{min(self.levels)}, {max(self.levels)}] for {self.name}")
        base = self.levels[level if level is not None else min(self.levels)]
        if not overrides:
            return base
        return self.params_cls.from_strings(base, {k: v for k, v in overrides.items()})

    def generate(self, params: Knobs, seed: int, index: int, *extra: int) -> Instance:
        """Item `index` under `seed`: the same bytes in any process, worker count or order."""
        return self.generator(params, item_rng(self.name, seed, index, *extra))

    def prompt(self, question: str) -> list[dict]:
        """Chat messages asking the question with the answer-format instruction.

        >>> from logicforge.tasks import get_task
        >>> t = get_task("word_sorting")
        >>> t.prompt("Q?")[0]["content"] == _prompt_template().render(question="Q?", answer_format=t.answer_format)
        True
        """
        head, tail = _prompt_parts(self.answer_format)
        return [{"role": "user", "content": head + question + tail}]

    def verify(self, payload: dict | str, response: object) -> Verdict:
        """Score a model response: extract the answer block, then check the rules. Never raises."""
        answer, reason = extract_answer(response)
        if answer is None:
            return Verdict.fail(reason)
        try:
            if isinstance(payload, str):
                payload = json.loads(payload)
            verdict = self.checker(payload, answer)
        except RecursionError:
            return Verdict.fail("parse_error")
        except Exception as exc:  # the contract: a verifier never raises on any input
            return Verdict.fail(f"internal_error:{type(exc).__name__}")
        if not self.partial_credit and not verdict.correct and verdict.score != 0.0:
            return Verdict.fail(verdict.reason)
        return verdict

    def knob_table(self) -> list[dict]:
        """The knobs (name, type, range or choices, help) for `logicforge list` and cards."""
        return self.params_cls.spec()


def timed_verify(task: Task, payload: dict, response: str) -> tuple[Verdict, float]:
    """Verify and measure wall time in seconds (used by `check` and the benchmarks)."""
    start = time.perf_counter()
    verdict = task.verify(payload, response)
    return verdict, time.perf_counter() - start

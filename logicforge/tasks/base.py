"""The Task contract: knobs, levels, a pure generator, a verifier that never raises, a prompt."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from logicforge.generators.base import Instance, Knobs, item_rng
from logicforge.tasks import prompts
from logicforge.verifiers.extract import extract_answer
from logicforge.verifiers.verdict import Verdict

# What each verifier kind promises, in the words of the README and the dataset cards.
VERIFIER_KINDS = {
    "exact": "compares the answer with the reference, which generation checked to be the only correct answer",
    "constraint": "re-checks the puzzle's rules on the answer, so every valid answer scores 1, not only the reference",
}


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
        module: the generator/verifier module pair (the task's name unless it has siblings).
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
    module: str = ""

    def params(self, level: int | None = None, overrides: dict[str, Any] | None = None) -> Knobs:
        """The Params for a level (default 1) with `k=v` overrides applied; ValueError if bad."""
        if level is not None and level not in self.levels:
            raise ValueError(f"level {level} is out of range [{min(self.levels)}, {max(self.levels)}] for {self.name}")
        base = self.levels[level if level is not None else min(self.levels)]
        if not overrides:
            return base
        return self.params_cls.from_strings(base, {k: v for k, v in overrides.items()})

    def generate(self, params: Knobs, seed: int, index: int, *extra: int, lang: str = "en") -> Instance:
        """Item `index` under `seed` with its question in `lang` (en, zh or mix): the same bytes in any
        process, worker count or order. The puzzle is the same in every language; the language (for mix)
        and the paraphrase come from a stream of their own."""
        inst = self.generator(params, item_rng(self.name, seed, index, *extra))
        if not inst.fields:  # a family whose generator still writes its own English question
            if prompts.check_lang(lang) != "en":
                raise ValueError(f"task {self.name!r} has questions in en only")
            return inst
        lang, macro = prompts.pick(self.module, prompts.check_lang(lang), prompts.draw(self.name, seed, index, *extra))
        question = prompts.render(self.module, lang, macro, inst.fields)
        return replace(inst, question=question, answer=prompts.answer_text(self.module, lang, inst.fields,
                                                                           inst.answer), lang=lang)

    def prompt_for(self, inst: Instance, style: str = "default") -> list[dict] | str:
        """The prompt of a generated instance, in its language and the prompt `style` (default, r1, plain)."""
        fmt = prompts.answer_format(self.module, inst.lang, inst.fields) if inst.fields else self.answer_format
        return prompts.prompt(inst.question, fmt, inst.lang, prompts.check_style(style))

    def prompt(self, question: str) -> list[dict]:
        """The default-style English prompt (one user turn) around a question text; a generated instance's
        prompt, in its own language and any style, comes from `prompt_for`.

        >>> from logicforge.tasks import get_task
        >>> t = get_task("word_sorting")
        >>> t.prompt("Q?")[0]["content"].endswith("Answer format: " + t.answer_format)
        True
        """
        return prompts.prompt(question, self.answer_format, "en", "default")

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


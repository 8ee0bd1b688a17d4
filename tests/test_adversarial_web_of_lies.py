"""web_of_lies red team: an independent brute-force solver that reads only the question text,
adversarial answers, reformattings that must pass, and hostile-input bounds."""

from __future__ import annotations

import itertools
import json
import re
import time

import pytest

from logicforge.tasks import get_task

TASK = get_task("web_of_lies")
_NUMBERS = {"no": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_DISTRACTOR = re.compile(r"lives next door to|is carrying an umbrella|asks \w+ whether|has never met|"
                         r"arrived at the market together|wonders whether")  # fmt: skip


def wrap(text: str) -> str:
    return f"<answer>{text}</answer>"


def _group(text: str) -> list[str]:
    head, last = text.rsplit(" and ", 1)
    return [*head.split(", "), last]


def _claim(text: str, idx: dict[str, int]):
    """A predicate on a 0/1 assignment (1 truthful) for one English claim; fails on anything unknown."""
    if m := re.fullmatch(r"(\w+) (lies|tells the truth)", text):
        p, liar = idx[m[1]], m[2] == "lies"
        return lambda a: (a[p] == 0) == liar
    if m := re.fullmatch(r"(\w+) and (\w+) are (the same kind|different kinds) \(.+\)", text):
        p, q, same = idx[m[1]], idx[m[2]], m[3] == "the same kind"
        return lambda a: (a[p] == a[q]) == same
    if m := re.fullmatch(r"[Nn]one of (.+) (tells the truth|is a liar)", text):
        group, liar = [idx[x] for x in _group(m[1])], m[2] == "is a liar"
        return lambda a: all((a[x] == 0) != liar for x in group)
    m = re.fullmatch(r"(exactly|at least|at most) (\w+) of (.+) (is a liar|are liars|tells the truth|tell the truth)",
                     text, re.I)  # fmt: skip
    assert m, f"claim not understood: {text}"
    op, k, group, liar = m[1].lower(), _NUMBERS[m[2]], [idx[x] for x in _group(m[3])], "liar" in m[4]
    cmp = {"exactly": int.__eq__, "at least": int.__ge__, "at most": int.__le__}[op]
    return lambda a: cmp(sum(1 for x in group if (a[x] == 0) == liar), k)


def solve_from_text(question: str) -> set[tuple[int, ...]]:
    """Every combination of the asked people's kinds over all consistent assignments."""
    lines = question.split("\n")
    names = _group(re.search(r"The villagers are (.+)\.$", lines[0])[1])
    idx = {n: i for i, n in enumerate(names)}
    rules = []
    for line in lines[1:-1]:
        line = re.sub(r"^\d+\. ", "", line)
        if m := re.fullmatch(r'(\w+) says: "(.+)\."', line):
            rules.append((idx[m[1]], _claim(m[2], idx)))  # the claim's first word is capitalised
        elif m := re.fullmatch(r"It is known for certain that (.+)\.", line):
            rules.append((-1, _claim(m[1], idx)))
        else:
            assert _DISTRACTOR.search(line), f"line not understood: {line}"
    asked = [idx[x] for x in _group(re.fullmatch(r"For each of (.+), in that order: does this person tell "
                                                 r"the truth\?", lines[-1])[1])]  # fmt: skip
    found = set()
    for a in itertools.product((0, 1), repeat=len(names)):
        if all(f(a) == (sp < 0 or a[sp] == 1) for sp, f in rules):
            found.add(tuple(a[t] for t in asked))
    return found


@pytest.mark.parametrize("level", range(1, 8))
def test_independent_solver_from_question_text_agrees_and_is_accepted(level):
    assert "separated by commas" in TASK.prompt("Q")[0]["content"]
    for seed in range(8 if level < 7 else 3):
        inst = TASK.generate(TASK.params(level), seed, 0)
        found = solve_from_text(inst.question)
        assert len(found) == 1, (level, seed, found)  # the text forces exactly one answer
        (values,) = found
        words = ["yes" if v else "no" for v in values]
        assert ", ".join(words) == inst.answer
        for form in (", ".join(words), ",".join(words), " ".join(words), "\n".join(words), "; ".join(words),
                     ", ".join(w.upper() for w in words), ", ".join(words) + ".", str(words),
                     ", ".join("true" if v else "false" for v in values),
                     ", ".join(f"**{w}**" for w in words)):  # fmt: skip
            verdict = TASK.verify(inst.payload, wrap(form))
            assert verdict.correct, (level, seed, form, verdict)


@pytest.mark.parametrize("level", [1, 5, 9])
def test_near_misses_fail(level):
    for seed in range(6):
        inst = TASK.generate(TASK.params(level), seed, 0)
        words = inst.answer.split(", ")
        flip = {"yes": "no", "no": "yes"}
        bads = [", ".join(words[:-1]), ", ".join(words + ["yes"]), ", ".join(flip[w] for w in words),
                ", ".join([flip[words[0]], *words[1:]]), ", ".join(words[:-1] + [flip[words[-1]]]),
                ", ".join(words) + " or " + ", ".join(flip[w] for w in words), ", ".join(w[0] for w in words),
                ", ".join("1" if w == "yes" else "0" for w in words), ", ".join("yes/no" for _ in words),
                ", ".join(w.replace("e", "\u0435").replace("o", "\u043e") for w in words),
                ", ".join(words) + ", " + ", ".join(words), "The answers are " + ", ".join(words),
                ", ".join(words) + " (I think)", inst.question, ", ".join("maybe" for _ in words), ""]  # fmt: skip
        for bad in bads:
            verdict = TASK.verify(inst.payload, wrap(bad))
            assert not verdict.correct, (level, seed, bad, verdict)


def _asked_and_others(question: str) -> tuple[list[str], list[str]]:
    """The asked names in order and the villagers not asked, read from the question text only."""
    lines = question.split("\n")
    names = _group(re.search(r"The villagers are (.+)\.$", lines[0])[1])
    asked = _group(re.search(r"For each of (.+), in that order", lines[-1])[1])
    return asked, [x for x in names if x not in asked]


@pytest.mark.parametrize("level", [1, 4, 7, 10])
def test_labels_read_from_the_question_text_are_accepted(level):
    for seed in range(4):
        inst = TASK.generate(TASK.params(level), seed, 0)
        asked, others = _asked_and_others(inst.question)
        words = inst.answer.split(", ")
        pairs = [f"{name}: {word}" for name, word in zip(asked, words)]
        flip = {"yes": "no", "no": "yes"}
        for good in (", ".join(pairs[::-1]), "\n".join(pairs),
                     ", ".join(f"{n} is {'a truth-teller' if w == 'yes' else 'a liar'}" for n, w in zip(asked, words))):
            assert TASK.verify(inst.payload, wrap(good)).correct, (level, seed, good)
        bads = [(", ".join(pairs[:-1]), "missing_name"), (", ".join(pairs + pairs[:1]), "repeated_name"),
                (", ".join(pairs[:-1] + [f"{asked[-1]}: {flip[words[-1]]}"]), "wrong_value"),
                (", ".join(pairs + [f"{others[0]}: yes"]), "not_asked"),
                (", ".join(pairs[:-1] + [f"{asked[-1]}x: {words[-1]}"]), "unknown_name"),
                (", ".join(f"{w}: {n}" for n, w in zip(asked, words)), "parse_error")]  # fmt: skip
        for bad, reason in bads:
            assert TASK.verify(inst.payload, wrap(bad)).reason == reason, (level, seed, bad)


def test_hostile_input_is_fast_and_never_raises():
    inst = TASK.generate(TASK.params(10), 0, 0)
    payload = json.dumps(inst.payload)
    name = inst.payload["names"][inst.payload["targets"][0]]
    hostile = ["yes, " * 4000, "\ufdfa" * 19_000, "[" * 19_000, "." * 19_000, "yes" * 6000, "nan, inf, 1e999",
               f"{name}: " * 1500, name * 1500, f"**{name}**" * 600, f"{name} is a " * 700, "tells the truth " * 480,
               f"{name}: no, " * 25, "*" * 7000 + name, f"{name}:" + " " * 7000 + "no", "a truth" * 1100]  # fmt: skip
    for text in hostile:
        start = time.perf_counter()
        verdict = TASK.verify(payload, wrap(text))
        assert time.perf_counter() - start < 0.2
        assert not verdict.correct and not verdict.reason.startswith("internal_error")

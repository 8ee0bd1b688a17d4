"""dyck_language: generation and the question text, verifier tables of adversarial cases, brute-force
agreement and fuzz against an independent stack replay, and hostile input."""

from __future__ import annotations

import itertools
import json
import random
import re

import numpy as np
import pytest

from logicforge.generators import dyck_language as gen
from logicforge.tasks import get_task, prompts
from logicforge.verifiers import dyck_language as ver

from helpers import HOSTILE_MIXED, assert_refused_fast, check_case, wrap

TASK = get_task("dyck_language")
# Every wording of the question: (language, question macro).
WORDINGS = [(lang, m) for lang in prompts.LANGS for m in prompts.paraphrases(TASK.module, lang)]
_PREFIX_LINE = re.compile(r"[()\[\]{}<>](?: [()\[\]{}<>])*")
OPENERS, CLOSERS = "([{<", ")]}>"
_CLOSE = dict(zip(OPENERS, CLOSERS))


# -- the oracle: an independent brute force over the payload --------------------------------------------------


def ORACLE(payload: dict) -> list[str] | None:
    """Up to two minimal completions of the prefix, each written as brackets separated by spaces.

    A completion must close every bracket the prefix leaves open, so none is shorter than the number of
    open brackets k. Enumerates every string of exactly k characters over all eight bracket characters
    after which the whole sequence is balanced, depth first, dropping a branch once it closes a bracket of
    the wrong kind or has too few characters left to close what is open. Decides every level.
    """
    stack: list[str] = []
    for ch in payload["prefix"]:
        if ch in _CLOSE:
            stack.append(_CLOSE[ch])
        elif not stack or stack.pop() != ch:
            return []  # not a prefix of any balanced sequence
    k = len(stack)
    found: list[str] = []

    def walk(done: list[str], open_: list[str]) -> None:
        if len(found) >= 2:
            return
        if len(done) == k:
            if not open_:
                found.append(" ".join(done))
            return
        for ch in OPENERS + CLOSERS:
            if ch in _CLOSE:
                if len(open_) + 1 <= k - len(done) - 1:
                    walk(done + [ch], open_ + [_CLOSE[ch]])
            elif open_ and open_[-1] == ch:
                walk(done + [ch], open_[:-1])

    walk([], stack)
    return found


def balanced(text: str) -> bool:
    """Balanced by repeatedly deleting adjacent matched pairs (independent of any stack)."""
    prev = None
    while prev != text:
        prev = text
        for pair in ("()", "[]", "{}", "<>"):
            text = text.replace(pair, "")
    return text == ""


def _items(levels, count, seed=11):
    return [(lvl, TASK.generate(TASK.params(lvl), seed, i)) for lvl in levels for i in range(count)]


# -- 1. generation and the question text ----------------------------------------------------------------------


def test_generated_prefix_respects_knobs():
    for level, inst in _items(range(1, 11), 5):
        params = gen.LEVELS[level]
        prefix = inst.payload["prefix"]
        assert len(prefix) == params.length
        assert set(prefix) <= set(OPENERS[: params.n_types] + CLOSERS[: params.n_types])
        depth = deepest = 0
        for ch in prefix:
            depth += 1 if ch in OPENERS else -1
            assert depth >= 0
            deepest = max(deepest, depth)
        assert deepest <= params.depth and depth == params.to_close
        assert len(inst.answer.split()) == params.to_close
        assert " ".join(prefix) in inst.question


def test_knob_cross_checks():
    assert gen.Params() and all(isinstance(p, gen.Params) for p in gen.LEVELS.values())
    with pytest.raises(ValueError, match="parity"):
        gen.Params(length=9, to_close=2, depth=4)
    with pytest.raises(ValueError, match="depth"):
        gen.Params(length=8, to_close=6, depth=4)
    with pytest.raises(ValueError, match="n_types"):
        gen.Params(n_types=5)


def solve_from_text(question: str) -> tuple[list[str], str]:
    """(minimal completion, the prefix as shown) from the question text alone, in any wording: the prefix is
    the one line of space-separated brackets, and every bracket kind in it is named elsewhere in the text."""
    shown = [line for line in question.split("\n") if _PREFIX_LINE.fullmatch(line)]
    assert len(shown) == 1, question
    rest = question.replace(shown[0], "")
    stack = []
    for tok in shown[0].split():
        if tok in _CLOSE:
            assert tok in rest and _CLOSE[tok] in rest, "a bracket kind in play is not stated"
            stack.append(_CLOSE[tok])
        else:
            assert stack and stack.pop() == tok, "the shown prefix is not a valid Dyck prefix"
    return stack[::-1], shown[0]


def test_first_english_wording_is_the_original_question():
    inst = TASK.generate(TASK.params(3), 0, 0)
    text = prompts.render(TASK.module, "en", "q1", inst.fields)
    assert text == (
        "A bracket sequence uses the bracket pairs () [] {}. Every opening bracket must be closed by the matching "
        "closing bracket, in the reverse order of opening.\nComplete the following sequence so that it becomes "
        "balanced, appending as few brackets as possible (only closing brackets are needed):\n"
        + " ".join(inst.payload["prefix"])
    )


@pytest.mark.parametrize("level", range(1, 11))
def test_independent_solver_from_question_text_is_accepted(level):
    assert "separated by spaces" in TASK.prompt("Q")[0]["content"]
    for seed in range(16):  # every wording in both languages, twice
        inst = TASK.generate(TASK.params(level), seed, 0)
        lang, macro = WORDINGS[seed % len(WORDINGS)]
        completion, shown = solve_from_text(prompts.render(TASK.module, lang, macro, inst.fields))
        assert " ".join(completion) == inst.answer
        forms = [" ".join(completion), "".join(completion), ", ".join(completion), "\n".join(completion),
                 f"`{' '.join(completion)}`", f"{shown} {' '.join(completion)}",
                 "```\n" + " ".join(completion) + "\n```"]  # fmt: skip
        for form in forms:
            verdict = TASK.verify(inst.payload, wrap(form))
            assert verdict.correct, (level, seed, form, verdict)


# -- 2. verifier tables: adversarial cases with their expected reasons -----------------------------------------

# "<{([]([" leaves < { ( ( [ open, so the unique minimal completion is "] ) ) } >".
OPEN5 = {"prefix": "<{([](["}
OPEN2 = {"prefix": "[]{}{}[["}  # owes ] ]
ANGLE = {"prefix": "(<[<"}  # owes > ] > )

RAW_CASES = [
    # (payload, answer, expected reason): the family verifier on raw text, no extraction in front
    (OPEN5, "] ) ) }", "violates:unclosed"),  # last bracket missing
    (OPEN5, "] ) ) } > )", "violates:extra_close"),  # one closer too many
    (OPEN5, ") ] ) } >", "violates:mismatch"),  # first pair swapped
    (OPEN5, "] ) ) > }", "violates:mismatch"),  # last pair swapped
    (OPEN5, "] ) ] } >", "violates:mismatch"),  # one bracket changed
    (OPEN5, "] ) ) } > ( )", "not_minimal"),  # balanced, but with an extra pair
    (OPEN5, "( ) ] ) ) } >", "wrong_prefix"),  # starts with an opener: read as a wrong full sequence
    (OPEN5, "< { ( [ ] ( [ ] ) ) }", "violates:unclosed"),  # full sequence, last closer missing
    (OPEN5, "< { ( [ ] ( [", "violates:unclosed"),  # the prefix echoed back
    (OPEN5, "< { ( [ ( [ ] ) ) } >", "wrong_prefix"),  # full sequence with a prefix bracket dropped
    (OPEN5, "] ) ) } > and done", "parse_error"),  # trailing prose
    (OPEN5, "] ) ) } >.", "parse_error"),  # stray punctuation (the extractor would drop one full stop)
    (OPEN5, "5", "parse_error"),
    (OPEN5, "", "parse_error"),
    (OPEN5, "'", "parse_error"),
    (OPEN5, "`` ``", "parse_error"),
    (OPEN5, "] ) ) } >", "ok"),
    (OPEN5, "]))}>", "ok"),
    (OPEN5, "  ]\n)\n)\n}\n>  ", "ok"),
    (OPEN5, "], ), ), }, >", "ok"),
    (OPEN5, "`]))}>`", "ok"),
    (OPEN5, "\"] ) ) } >\"", "ok"),
    (OPEN5, "< { ( [ ] ( [ ] ) ) } >", "ok"),  # the full sequence
    (OPEN5, "<{([]([]))}>", "ok"),
    (OPEN5, "<{([]([ ]))}>", "ok"),  # prefix, then completion, glued differently
    ({"prefix": "(]"}, ")", "bad_payload"),
    ({"prefix": "()"}, ")", "bad_payload"),
]


@pytest.mark.parametrize(("payload", "answer", "reason"), RAW_CASES)
def test_raw_table(payload, answer, reason):
    verdict = ver.verify(payload, answer)
    assert verdict.reason == reason and verdict.correct == (reason == "ok"), (answer, verdict)


CASES = [
    # (payload, answer, expected reason): through the task, answer tags and shared extraction included
    (OPEN2, "`] ]`", "ok"),  # inline code
    (OPEN2, "\\boxed{] ]}", "ok"),
    (OPEN2, "**]]**", "ok"),
    (OPEN2, "] ] ]", "violates:extra_close"),
    (OPEN2, "\\boxed{] ]}}", "violates:extra_close"),  # a brace too many inside the box
    (OPEN2, "[ ] { } { } [ [ ] ] ]", "violates:extra_close"),  # the full sequence, one closer too many
    (OPEN2, "[ ] { } { } [ ( ] ]", "wrong_prefix"),  # a changed prefix
    (OPEN2, "\u3011 \u3011", "parse_error"),  # look-alike brackets
    (ANGLE, "> ] > )", "ok"),
    (ANGLE, ">]>)", "ok"),
    (ANGLE, "( < [ < > ] > )", "ok"),  # the full sequence
    (ANGLE, "＞ ] ＞ )", "ok"),  # full-width: NFKC gives >
    (ANGLE, "〉 ] 〉 )", "parse_error"),  # angle-bracket look-alikes
    (ANGLE, "&gt; ] &gt; )", "parse_error"),
    (ANGLE, "> ] > ) )", "violates:extra_close"),
    (ANGLE, "> ] >", "violates:unclosed"),
    (ANGLE, "> ] ) >", "violates:mismatch"),
    (ANGLE, "> ] > ) ( )", "not_minimal"),
    (ANGLE, "( < [ > ] > )", "wrong_prefix"),
    (ANGLE, "> ; ] ; > ; )", "parse_error"),
    (ANGLE, "> ]\n> )", "ok"),
]


@pytest.mark.parametrize(("payload", "answer", "reason"), CASES)
def test_table(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


@pytest.mark.parametrize("level", [1, 6, 10])
def test_near_misses_fail(level):
    swaps = str.maketrans(")]}>", "]}>)")
    for seed in range(8):
        inst = TASK.generate(TASK.params(level), seed, 0, lang="mix")
        completion, shown = solve_from_text(inst.question)
        c = " ".join(completion)
        bads = [
            c + " )", c + " " + c, " ".join(completion[:-1]), " ".join(completion[1:]),
            " ".join(completion[::-1]) if len(set(completion)) > 1 else c + " ]",
            c.translate(swaps), c + " ( )", "( ) " + c, shown, f"{shown} {c} ( )",
            f"{shown[2:]} {c}" if len(shown) > 2 else c + ")",  # the prefix cut, then a completion
            "[" + c + "]", "The answer is " + c, c + " or " + c.translate(swaps), inst.question,
            c.replace(")", "\u2769").replace("]", "\u27e7").replace(">", "\u27e9"), c + "..",
        ]  # fmt: skip
        for bad in bads:
            if bad == c:
                continue  # a look-alike swap that found nothing to replace
            verdict = TASK.verify(inst.payload, wrap(bad))
            assert not verdict.correct, (level, seed, bad, verdict)


def test_hostile_input_is_refused_fast():
    payload = TASK.generate(TASK.params(10), 0, 0).payload
    hostile = ["(" * 19_000, ")" * 19_000, ") " * 9000, "." * 19_000, "\ufdfa" * 19_000, '"' * 19_000, ".", '"."']
    assert_refused_fast(TASK, [json.dumps(payload)], hostile, limit=0.2)
    assert_refused_fast(TASK, [ANGLE], HOSTILE_MIXED)


def test_hostile_nesting_on_the_raw_verifier_is_refused_fast():
    import time

    payload = TASK.generate(TASK.params(10), seed=3, index=0).payload
    for text in ("(" * 100_000 + ")" * 100_000, ")" * 100_000, "[" * 100_000, "<>" * 60_000):
        start = time.perf_counter()
        verdict = ver.verify(payload, text)
        assert not verdict.correct and (time.perf_counter() - start) < 0.05


# -- 3. brute-force agreement and fuzz ------------------------------------------------------------------------


def test_oracle_agrees_with_a_pair_deletion_enumeration():
    """Every closer string up to the completion's length + 1, judged by deleting pairs: the same answers."""
    for _, inst in _items((1, 2, 3), 4):
        prefix, k = inst.payload["prefix"], len(inst.answer.split())
        fits = [" ".join(c) for n in range(k + 2) for c in itertools.product(CLOSERS, repeat=n)
                if balanced(prefix + "".join(c))]  # fmt: skip
        assert ORACLE(inst.payload) == fits
    assert ORACLE({"prefix": "(]"}) == [] and ORACLE({"prefix": ""}) == [""]


def test_verifier_agrees_with_brute_force_on_random_candidates():
    rng = np.random.default_rng(5)
    for _, inst in _items((1, 2, 3, 4), 3):
        prefix = inst.payload["prefix"]
        k = len(inst.answer.split())
        candidates = [inst.answer.replace(" ", "")]
        for _ in range(150):
            alphabet = CLOSERS if rng.random() < 0.7 else CLOSERS + OPENERS
            cand = "".join(rng.choice(list(alphabet), size=int(rng.integers(1, k + 3))))
            candidates += [cand, prefix + cand]
        for cand in candidates:
            full = cand if cand[0] in OPENERS else prefix + cand
            truth = full.startswith(prefix) and balanced(full) and not set(full[len(prefix) :]) & set(OPENERS)
            assert ver.verify(inst.payload, cand).correct == truth, (prefix, cand)


def _valid(prefix: str, completion: str) -> bool:
    """Balanced after the completion, and the completion only as long as the brackets still open."""
    stack = []
    for ch in prefix + completion:
        if ch in _CLOSE:
            stack.append(_CLOSE[ch])
        elif not stack or stack.pop() != ch:
            return False
    owed = len(prefix) - 2 * sum(ch not in _CLOSE for ch in prefix)
    return not stack and len(completion) == owed


def test_fuzz_completions_match_an_independent_replay():
    rng = random.Random(9)
    for level in (1, 4, 7, 10):
        for seed in range(3):
            inst = TASK.generate(TASK.params(level), seed, 0)
            prefix, ref = inst.payload["prefix"], inst.answer.split()
            for _ in range(50):
                c, k = ref[:], rng.randrange(5)
                if k == 0 and len(c) > 1:
                    i, j = rng.sample(range(len(c)), 2)
                    c[i], c[j] = c[j], c[i]
                elif k == 1:
                    c.insert(rng.randrange(len(c) + 1), rng.choice(")]}>([{<"))
                elif k == 2:
                    c.pop(rng.randrange(len(c)))
                elif k == 3:
                    c[rng.randrange(len(c))] = rng.choice(")]}>")
                valid = _valid(prefix, "".join(c))
                texts = [" ".join(c), "".join(c), ", ".join(c), "\n".join(c), prefix + "".join(c),
                         rng.choice([" ", "", ", ", "\n"]).join([*prefix, *c])]  # fmt: skip
                for text in texts:
                    if not text:
                        continue
                    verdict = TASK.verify(inst.payload, wrap(text))
                    assert verdict.correct == valid, (level, seed, text, verdict)

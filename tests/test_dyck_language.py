"""dyck_language and its siblings dyck_language_errors and dyck_language_reasoning_errors (one module pair):
generation and the question text, verifier tables of adversarial cases, brute-force agreement and fuzz against
independent replays, hostile input, and dyck_language's items unchanged by the siblings' arrival."""

from __future__ import annotations

import hashlib
import itertools
import json
import random
import re
from collections import Counter

import numpy as np
import pytest

from logicforge.generators import (
    _dyck_language_errors as errors_gen,
    _dyck_language_trace as trace_gen,
    dyck_language as gen,
)
from logicforge.tasks import get_task, prompts
from logicforge.verifiers import (
    _dyck_language_errors as errors_ver,
    _dyck_language_trace as trace_ver,
    dyck_language as ver,
)

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
    (OPEN5, '"] ) ) } >"', "ok"),
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


# -- 4. dyck_language's items are unchanged by the siblings -----------------------------------------------------

# sha256 of 20 items at levels 1, 5 and 10 in en and zh (instance, default and r1 prompts), taken before the module
# pair became three sibling tasks: the same bytes since.
SNAPSHOT = "9e9555a992cd4a4be9e168508d8516f37596e22c4e152e3a8afe5eb8e8604ad6"


def test_dyck_language_items_are_byte_identical_to_the_snapshot():
    rows = []
    for lang in ("en", "zh"):
        for level in (1, 5, 10):
            for i in range(20):
                inst = TASK.generate(TASK.params(level), 0, i, lang=lang)
                row = [inst.__dict__, TASK.prompt_for(inst), TASK.prompt_for(inst, "r1")]
                rows.append(json.dumps(row, sort_keys=True, ensure_ascii=False))
    assert hashlib.sha256("\n".join(rows).encode()).hexdigest() == SNAPSHOT
    assert TASK.description == "Dyck language: complete a truncated bracket sequence with the fewest closing brackets."


# -- 5. the sibling oracles: independent of the generator and of the verifiers --------------------------------


def _reduce(text: str) -> str:
    """`text` with adjacent matched pairs deleted until none is left: a prefix of a balanced sequence reduces
    to opening brackets only, and what remains is then exactly its open stack."""
    prev = None
    while prev != text:
        prev = text
        for pair in ("()", "[]", "{}", "<>"):
            text = text.replace(pair, "")
    return text


def ORACLE_ERRORS(payload: dict) -> list[str]:
    """The first error by pair deletion: the shortest prefix that no longer reduces to opening brackets alone;
    the length + 1 when every prefix does but the whole does not reduce to nothing; valid otherwise."""
    seq = payload["sequence"]
    for p in range(1, len(seq) + 1):
        if set(_reduce(seq[:p])) - set(OPENERS):
            return [str(p)]
    return ["valid" if _reduce(seq) == "" else str(len(seq) + 1)]


def ORACLE_TRACE(payload: dict) -> list[str]:
    """The wrong steps: step k must name the k-th bracket and show the reduced prefix of k brackets."""
    seq, steps = payload["sequence"], payload["steps"]
    wrong = [str(k) for k in range(1, len(seq) + 1) if steps[k - 1] != [seq[k - 1], _reduce(seq[:k])]]
    return [", ".join(wrong) if wrong else "none"]


ORACLES = {"dyck_language": ORACLE, "dyck_language_errors": ORACLE_ERRORS,
           "dyck_language_reasoning_errors": ORACLE_TRACE}  # fmt: skip
ERRORS = get_task("dyck_language_errors")
TRACE = get_task("dyck_language_reasoning_errors")
_NUMBERS = re.compile(r"[0-9]+")


def _sib_items(task, levels, count, seed=11, lang="en"):
    return [(lvl, task.generate(task.params(lvl), seed, i, lang=lang)) for lvl in levels for i in range(count)]


def test_siblings_are_registered_on_the_one_module_pair():
    assert ERRORS.module == TRACE.module == TASK.module == "dyck_language"
    assert set(gen.TASKS) == set(ver.TASKS) == set(ORACLES)
    assert ERRORS.verifier_kind == TRACE.verifier_kind == "exact"
    assert ERRORS.description.startswith("Dyck language errors") and "wrong steps" in TRACE.description


@pytest.mark.parametrize("name", sorted(ORACLES))
def test_oracles_agree_with_the_references_at_every_level(name):
    task = get_task(name)
    for level, inst in _sib_items(task, range(1, 11), 6):
        assert ORACLES[name](inst.payload) == [inst.answer], (level, inst.payload)


# -- 6. dyck_language_errors: generation, the question text, the label -----------------------------------------


def test_errors_generation_respects_knobs():
    for level, inst in _sib_items(ERRORS, range(1, 11), 8):
        params = errors_gen.LEVELS[level]
        seq = inst.payload["sequence"]
        assert len(seq) == params.length and set(seq) <= set(OPENERS[: params.n_types] + CLOSERS[: params.n_types])
        assert inst.answer == "valid" or int(inst.answer) >= errors_gen.FIRST_ERROR
        assert inst.fields == {"pairs": list(gen.PAIRS[: params.n_types]), "sequence": seq}
    with pytest.raises(ValueError, match="even"):
        errors_gen.Params(length=15)
    with pytest.raises(ValueError, match="half of length"):
        errors_gen.Params(length=14, depth=8)
    with pytest.raises(ValueError, match="exceed 0.8"):
        errors_gen.Params(valid_share=0.5, unclosed_share=0.4)


def _first_error_from_text(question: str) -> str:
    """The answer from the question text alone: the one line of space-separated brackets, replayed on a stack."""
    shown = [line for line in question.split("\n") if _PREFIX_LINE.fullmatch(line)]
    assert len(shown) == 1, question
    stack: list[str] = []
    for pos, tok in enumerate(shown[0].split(), 1):
        if tok in _CLOSE:
            assert tok in question.replace(shown[0], ""), "a bracket kind in play is not stated"
            stack.append(_CLOSE[tok])
        elif not stack or stack.pop() != tok:
            return str(pos)
    return str(len(shown[0].split()) + 1) if stack else "valid"


@pytest.mark.parametrize("level", [1, 4, 7, 10])
def test_errors_solved_from_the_question_text_in_every_wording(level):
    for lang in prompts.LANGS:
        for macro in prompts.paraphrases(ERRORS.module, lang):
            for seed in range(6):
                inst = ERRORS.generate(ERRORS.params(level), seed, 0)
                text = prompts.render(ERRORS.module, lang, macro, inst.fields)
                assert _first_error_from_text(text) == inst.answer
                # copying any number the question shows never scores: no digit above 4 is written in it
                assert all(int(x) < errors_gen.FIRST_ERROR for x in _NUMBERS.findall(text)), (lang, macro)


def test_errors_zh_reference_uses_the_chinese_label_and_either_label_passes():
    items = [inst for _, inst in _sib_items(ERRORS, [2], 60, lang="zh")]
    valid = [inst for inst in items if inst.answer == "合法"]
    assert valid and "valid" not in {inst.answer for inst in items}
    for inst in valid:
        for label in ("合法", "valid", "VALID", "“合法”", "valid."):
            assert ERRORS.verify(inst.payload, wrap(label)).correct, label
    assert "合法" in prompts.answer_format(ERRORS.module, "zh", valid[0].fields)
    assert "valid" in prompts.answer_format(ERRORS.module, "en", valid[0].fields)


@pytest.mark.parametrize("level", [1, 5, 10])
def test_errors_no_constant_answer_scores_often(level):
    """A constant label, the length + 1 (what a guess at "left open" gives) or any one position: at most 15%."""
    answers = Counter(inst.answer for _, inst in _sib_items(ERRORS, [level], 300, seed=3))
    length = errors_gen.LEVELS[level].length
    assert 0.03 <= answers["valid"] / 300 <= 0.15 and answers[str(length + 1)] / 300 <= 0.15
    assert answers.most_common(1)[0][1] / 300 <= 0.15, answers.most_common(3)


MISMATCH = {"sequence": "([{}]<)>()"}  # ) meets < at position 7
EXTRA = {"sequence": "()[]{}))(("}  # the ) at 7 closes nothing
OPEN = {"sequence": "(([]{}<>)"}  # the outer ( is left open: 10
BALANCED = {"sequence": "([]{})<>"}

ERRORS_RAW = [
    # (payload, answer, expected reason): the errors verifier on raw text
    (MISMATCH, "7", "ok"),
    (MISMATCH, "07", "ok"),  # a leading zero is still the number
    (MISMATCH, " '7' ", "ok"),
    (MISMATCH, "6", "wrong_answer"),  # the bracket before: the < that is never closed
    (MISMATCH, "8", "wrong_answer"),  # the > that no longer matches either
    (MISMATCH, "11", "wrong_answer"),  # length + 1: as if only left open
    (MISMATCH, "valid", "wrong_answer"),
    (MISMATCH, "0", "out_of_range"),
    (MISMATCH, "12", "out_of_range"),  # beyond length + 1
    (MISMATCH, "-1", "parse_error"),  # SynLogic's label for valid is not this format
    (MISMATCH, "7.0", "parse_error"),
    (MISMATCH, "7, 8", "parse_error"),  # two positions: a hedge
    (MISMATCH, "position 7", "parse_error"),
    (MISMATCH, "7th", "parse_error"),
    (MISMATCH, "invalid", "parse_error"),  # never read as the label
    (MISMATCH, "not valid", "parse_error"),
    (MISMATCH, "", "parse_error"),
    (MISMATCH, "7" * 50, "too_long"),
    (EXTRA, "7", "ok"),
    (EXTRA, "11", "wrong_answer"),
    (OPEN, "10", "ok"),
    (OPEN, "9", "wrong_answer"),  # the last bracket is fine: the error is past the end
    (OPEN, "1", "wrong_answer"),  # the bracket left open is not the error's position
    (OPEN, "valid", "wrong_answer"),
    (BALANCED, "valid", "ok"),
    (BALANCED, "Valid", "ok"),
    (BALANCED, "合法", "ok"),
    (BALANCED, "「合法」", "ok"),
    (BALANCED, "9", "wrong_answer"),  # length + 1 on a balanced sequence
    (BALANCED, "valid?", "parse_error"),
    (BALANCED, "not valid", "parse_error"),
    (BALANCED, "invalid", "parse_error"),
    (BALANCED, "the sequence is valid", "parse_error"),
    (BALANCED, "valid valid", "parse_error"),
    (BALANCED, "合法的", "parse_error"),
    (BALANCED, "不合法", "parse_error"),
    (BALANCED, "correct", "parse_error"),
    (BALANCED, "-1", "parse_error"),
    (BALANCED, "0", "out_of_range"),
    ({"sequence": "(a)"}, "valid", "bad_payload"),
    ({"sequence": ""}, "valid", "bad_payload"),
]


@pytest.mark.parametrize(("payload", "answer", "reason"), ERRORS_RAW)
def test_errors_raw_table(payload, answer, reason):
    verdict = errors_ver.verify(payload, answer)
    assert verdict.reason == reason and verdict.correct == (reason == "ok"), (answer, verdict)


ERRORS_CASES = [
    # through the task: extraction in front (NFKC, one full stop, bold, boxes)
    (MISMATCH, "７", "ok"),  # full-width digit
    (MISMATCH, "**7**", "ok"),
    (MISMATCH, "\\boxed{7}", "ok"),
    (MISMATCH, "7。", "ok"),
    (MISMATCH, "٧", "parse_error"),  # an Arabic-Indic seven
    (MISMATCH, "7²", "parse_error"),
    (BALANCED, "valid.", "ok"),
    (BALANCED, "合法。", "ok"),
    (BALANCED, "**valid**", "ok"),
    (BALANCED, "valid!", "parse_error"),
    (BALANCED, "valid\nvalid", "parse_error"),
]


@pytest.mark.parametrize(("payload", "answer", "reason"), ERRORS_CASES)
def test_errors_table(payload, answer, reason):
    check_case(ERRORS, payload, answer, reason)


@pytest.mark.parametrize("level", [1, 6, 10])
def test_errors_exactly_one_answer_of_all_candidates_scores(level):
    """Every position 1..n+1 and the label: the oracle's answer and nothing else verifies."""
    for _, inst in _sib_items(ERRORS, [level], 6, seed=21):
        n = len(inst.payload["sequence"])
        passed = [a for a in [*map(str, range(1, n + 2)), "valid"] if errors_ver.verify(inst.payload, a).correct]
        assert passed == ORACLE_ERRORS(inst.payload)


def test_errors_verifier_agrees_with_the_oracle_on_random_sequences():
    """Sequences the generator never makes (any brackets, any length): the verifier's truth is the oracle's."""
    rng = random.Random(4)
    for _ in range(400):
        seq = "".join(rng.choice("()[]{}<>" if rng.random() < 0.5 else "(()[[]") for _ in range(rng.randrange(1, 30)))
        truth = ORACLE_ERRORS({"sequence": seq})[0]
        assert errors_ver.verify({"sequence": seq}, truth).correct, seq
        assert not errors_ver.verify({"sequence": seq}, "valid" if truth != "valid" else "1").correct, seq


def test_errors_universal_answers_fail():
    for _, inst in _sib_items(ERRORS, [1, 5, 10], 12, seed=5):
        n = len(inst.payload["sequence"])
        for text in ("1", "0", str(n), "yes", "none", "invalid", " ".join(inst.payload["sequence"]), inst.question):
            if text != inst.answer:
                assert not ERRORS.verify(inst.payload, wrap(text)).correct, text


# -- 7. dyck_language_reasoning_errors: generation, the question text, the set -----------------------------------

_STEP_LINES = [re.compile(p) for p in (
    r"Step (\d+): read (\S), stack: (.*)", r"(\d+) \| (\S) \| (.*)", r"(\d+)\. (\S) → (.*)",
    r"Step (\d+) — read (\S); stack now: (.*)", r"第 (\d+) 步：读入 (\S)，栈：(.*)", r"第 (\d+) 步：读入 (\S)；现在的栈：(.*)",
)]  # fmt: skip


def _wrong_steps_from_text(question: str) -> str:
    """The answer from the question text alone: the sequence line, the step lines, a stack replay."""
    shown = [line for line in question.split("\n") if _PREFIX_LINE.fullmatch(line)]
    assert len(shown) == 1, question
    found = (next(filter(None, (r.fullmatch(line) for r in _STEP_LINES)), None) for line in question.split("\n"))
    rows = [m.groups() for m in found if m]
    assert [int(k) for k, _, _ in rows] == list(range(1, len(shown[0].split()) + 1)), question
    stack: list[str] = []
    wrong = []
    for (k, read, stated), tok in zip(rows, shown[0].split()):
        stack = stack + [tok] if tok in _CLOSE else stack[:-1]
        if read != tok or ([] if stated in ("empty", "空") else stated.split()) != stack:
            wrong.append(k)
    return ", ".join(wrong) if wrong else "none"


@pytest.mark.parametrize("level", [1, 4, 7, 10])
def test_trace_solved_from_the_question_text_in_every_wording(level):
    for lang in prompts.LANGS:
        for macro in prompts.paraphrases(TRACE.module, lang):
            for seed in range(4):
                inst = TRACE.generate(TRACE.params(level), seed, 0)
                text = prompts.render(TRACE.module, lang, macro, inst.fields)
                assert _wrong_steps_from_text(text) == inst.answer, (lang, macro)


def test_trace_generation_respects_knobs():
    for level, inst in _sib_items(TRACE, range(1, 11), 8):
        params = trace_gen.LEVELS[level]
        seq, steps = inst.payload["sequence"], inst.payload["steps"]
        assert len(seq) == len(steps) == params.length and _reduce(seq) == ""
        assert steps[-1] == [seq[-1], ""]  # the last step is never made wrong: its number is the length
        wrong = [] if inst.answer == "none" else [int(x) for x in inst.answer.split(", ")]
        assert wrong == sorted(wrong) and len(seq) not in wrong
    with pytest.raises(ValueError, match="min_errors"):
        trace_gen.Params(min_errors=3, max_errors=2)
    with pytest.raises(ValueError, match="quarter"):
        trace_gen.Params(length=8, max_errors=3)
    with pytest.raises(ValueError, match="even"):
        trace_gen.Params(length=9)


def test_trace_every_mistake_kind_occurs_and_carries_span_several_steps():
    spans = Counter()
    for _, inst in _sib_items(TRACE, [6, 10], 40, seed=2):
        wrong = [] if inst.answer == "none" else [int(x) for x in inst.answer.split(", ")]
        runs = [len(list(g)) for _, g in itertools.groupby(enumerate(wrong), lambda p: p[1] - p[0])]
        spans.update(min(r, 3) for r in runs)
        steps, seq = inst.payload["steps"], inst.payload["sequence"]
        spans["misread"] += sum(read != ch for (read, _), ch in zip(steps, seq))
    assert spans[1] and spans[3] and spans["misread"], spans


@pytest.mark.parametrize("level", [1, 5, 10])
def test_trace_no_constant_answer_scores_often(level):
    answers = Counter(inst.answer for _, inst in _sib_items(TRACE, [level], 300, seed=3))
    assert 0.01 <= answers["none"] / 300 <= 0.1
    assert answers.most_common(1)[0][1] / 300 <= 0.15, answers.most_common(3)


def test_trace_zh_reference_uses_the_chinese_label():
    items = [inst for _, inst in _sib_items(TRACE, [4], 80, lang="zh")]
    none = [inst for inst in items if inst.answer == "无"]
    assert none and "none" not in {inst.answer for inst in items}
    for label in ("无", "none", "None", "“无”"):
        assert TRACE.verify(none[0].payload, wrap(label)).correct, label


# "([{}])": the true stacks are ( ([ ([{ ([ ( and empty. Step 3 pushes [ instead of {, step 5 forgets to pop.
STEPS = [["(", "("], ["[", "(["], ["{", "(["], ["}", "(["], ["]", "(["], [")", ""]]
TRACED = {"sequence": "([{}])", "steps": STEPS}
CLEAN = {"sequence": "()[]", "steps": [["(", "("], [")", ""], ["[", "["], ["]", ""]]}

TRACE_RAW = [
    (TRACED, "3, 5", "ok"),
    (TRACED, "5, 3", "ok"),  # a set: any order
    (TRACED, "3 5", "ok"),
    (TRACED, "[3, 5]", "ok"),
    (TRACED, "{3, 5}", "ok"),
    (TRACED, "3; 5", "ok"),
    (TRACED, "3\n5", "ok"),
    (TRACED, "3", "missing_item"),
    (TRACED, "3, 4, 5", "extra_item"),  # step 4 shows ( [ after popping {: right against the true stack
    (TRACED, "3, 5, 6", "extra_item"),
    (TRACED, "3, 3, 5", "duplicate_item"),
    (TRACED, "0, 3, 5", "out_of_range"),
    (TRACED, "3, 7", "out_of_range"),
    (TRACED, "none", "missing_item"),
    (TRACED, "1, 2, 3, 4, 5, 6", "extra_item"),  # every step marked
    (TRACED, "3-5", "parse_error"),
    (TRACED, "steps 3 and 5", "parse_error"),
    (TRACED, "3, 5.5", "parse_error"),
    (TRACED, "[]", "parse_error"),
    (TRACED, "", "parse_error"),
    (TRACED, "none, 3", "parse_error"),
    (CLEAN, "none", "ok"),
    (CLEAN, "无", "ok"),
    (CLEAN, "None", "ok"),
    (CLEAN, "nothing", "parse_error"),
    (CLEAN, "no", "parse_error"),
    (CLEAN, "none?", "parse_error"),
    (CLEAN, "0", "out_of_range"),
    (CLEAN, "4", "extra_item"),
    ({"sequence": "(]", "steps": [["(", "("], ["]", ""]]}, "none", "bad_payload"),
    ({"sequence": "()", "steps": [["(", "("]]}, "none", "bad_payload"),
]


@pytest.mark.parametrize(("payload", "answer", "reason"), TRACE_RAW)
def test_trace_raw_table(payload, answer, reason):
    verdict = trace_ver.verify(payload, answer)
    assert verdict.reason == reason and verdict.correct == (reason == "ok"), (answer, verdict)


TRACE_CASES = [
    (TRACED, "３，５", "ok"),  # full-width digits, Chinese comma
    (TRACED, "3、5。", "ok"),
    (TRACED, "\\boxed{3, 5}", "ok"),
    (TRACED, "1. 3\n2. 5", "ok"),  # a numbered list of the steps
    (TRACED, "3, 5, ٧", "parse_error"),
    (TRACED, "3, 5 or 6", "parse_error"),
    (CLEAN, "无。", "ok"),
]


@pytest.mark.parametrize(("payload", "answer", "reason"), TRACE_CASES)
def test_trace_table(payload, answer, reason):
    check_case(TRACE, payload, answer, reason)


def test_trace_verifier_agrees_with_the_oracle_on_random_traces():
    """Traces the generator never writes (random edits of true ones): the verifier's truth is the oracle's."""
    rng = random.Random(8)
    for _, inst in _sib_items(TRACE, [1, 3, 6], 10, seed=9):
        seq = inst.payload["sequence"]
        for _ in range(20):
            steps = [list(s) for s in inst.payload["steps"]]
            for _ in range(rng.randrange(4)):
                k = rng.randrange(len(steps))
                steps[k][rng.randrange(2)] = "".join(rng.choice(OPENERS[:2]) for _ in range(rng.randrange(3)))
            payload = {"sequence": seq, "steps": steps}
            truth = ORACLE_TRACE(payload)[0]
            assert trace_ver.verify(payload, truth).correct, (payload, truth)
            other = "1" if truth != "1" else "2"
            assert not trace_ver.verify(payload, other).correct


def test_trace_universal_answers_fail():
    for _, inst in _sib_items(TRACE, [1, 5, 10], 12, seed=5):
        n = len(inst.payload["sequence"])
        everything = ", ".join(map(str, range(1, n + 1)))
        for text in ("none", "1", str(n), everything, "0", inst.question, " ".join(inst.payload["sequence"])):
            if text != inst.answer:
                assert not TRACE.verify(inst.payload, wrap(text)).correct, text


def test_sibling_hostile_input_is_refused_fast():
    for task in (ERRORS, TRACE):
        payload = task.generate(task.params(10), 0, 0).payload
        hostile = ["1, " * 2600, "9" * 7000, "valid " * 1300, "(" * 7000, "\ufdfa" * 1900, "none" * 1900]
        assert_refused_fast(task, [payload, json.dumps(payload)], hostile + HOSTILE_MIXED)

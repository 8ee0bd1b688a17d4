"""web_of_lies: near misses, reformattings, brute-force differential checks, text semantics, hardness, speed."""

from __future__ import annotations

import itertools
import re
import time

import numpy as np
import pytest

from logicforge.generators import web_of_lies as gen
from logicforge.generators._web_of_lies_solver import Puzzle
from logicforge.tasks import get_task
from logicforge.verifiers import web_of_lies as ver

TASK = get_task("web_of_lies")
# Person 0 is truthful (narrator fact); 1 says "0 lies" (so 1 lies); 2 says "1 and 0 are different
# kinds" (true, so 2 is truthful); 3 says "at least two of 0, 1, 2 are liars" (false, so 3 lies).
PAYLOAD = {
    "n": 4,
    "statements": [[-1, [0], [0]], [1, [0], [1]], [2, [1, 0], [1]], [3, [0, 1, 2], [2, 3]]],
    "targets": [3, 2, 1],
    "answer": [0, 1, 0],
}

NEAR_MISSES = [
    ("yes, yes, no", "wrong_value"),  # first answer flipped
    ("no, no, no", "wrong_value"),  # middle answer flipped
    ("no, no, yes", "wrong_value"),  # last two swapped
    ("yes, no, yes", "wrong_value"),  # every answer flipped
    ("no, yes", "wrong_count"),  # one person missing
    ("no, yes, no, no", "wrong_count"),  # one extra answer
    ("no, yes, no\nno, yes, no", "wrong_count"),  # answer repeated
    ("no, maybe, no", "parse_error"),  # hedge word
    ("Dmitri: no, Clara: yes, Bob: no", "parse_error"),  # names are not part of the format
    ("no, yes, no because 3 lies", "parse_error"),  # trailing prose
    ("n, y, n", "parse_error"),  # abbreviations are not tokens
    ("0, 1, 0", "parse_error"),  # digits are not tokens
    ("", "parse_error"),
]


@pytest.mark.parametrize("answer,reason", NEAR_MISSES)
def test_near_misses_fail_with_reason(answer, reason):
    verdict = ver.verify(PAYLOAD, answer)
    assert not verdict.correct and verdict.reason == reason, (answer, verdict)


FORMATTINGS = [
    "no, yes, no", "No, Yes, No", "no yes no", "no\nyes\nno", "false, true, false", "FALSE TRUE FALSE",
    "[no, yes, no]", "no; yes; no", "no, yes, no.", "No. Yes. No.", "**no, yes, no**", "no, true, false",
]  # fmt: skip


@pytest.mark.parametrize("answer", FORMATTINGS)
def test_equivalent_formattings_pass(answer):
    assert ver.verify(PAYLOAD, answer).correct, answer


def test_payload_that_does_not_force_the_answer_is_refused():
    loose = {**PAYLOAD, "statements": PAYLOAD["statements"][1:]}  # without the fact, everything can flip
    assert ver.verify(loose, "no, yes, no").reason == "bad_payload"
    lying = {**PAYLOAD, "answer": [1, 1, 0]}  # stored answer disagrees with the statements
    assert ver.verify(lying, "yes, yes, no").reason == "bad_payload"


# -- answers labelled with the people's names ----------------------------------------------------------

# PAYLOAD with names; "Ann" is a prefix of "Anna" and "no" of "Nora". Asked: Dmitri (no), Nora (yes), Anna (no).
NAMED = {**PAYLOAD, "names": ["Ann", "Anna", "Nora", "Dmitri"]}

LABELLED_PASS = [
    "Dmitri: no, Nora: yes, Anna: no",  # the plain labelled form
    "Anna: no, Dmitri: no, Nora: yes",  # any order: the names make it unambiguous
    "Dmitri - no; Nora - yes; Anna - no",  # hyphen and semicolons
    "Dmitri: no\nNora: yes\nAnna: no",  # one per line
    "1. Dmitri: no\n2. Nora: yes\n3. Anna: no",  # numbered lines
    "- Dmitri: no\n- Nora: yes\n- Anna: no",  # bulleted lines
    "**Dmitri**: no, **Nora**: yes, **Anna**: no",  # bold names
    "Dmitri: **no**, Nora: `yes`, Anna: *no*",  # marked values
    "Dmitri = false, Nora = true, Anna = false",  # equals with true/false
    "Dmitri \u2014 no, Nora \u2013 yes, Anna \u2014 no",  # em and en dashes
    "DMITRI: NO, nora: Yes, aNNa: no",  # case-insensitive
    "Dmitri:no,Nora:yes,Anna:no",  # no spaces
    "Dmitri : no ,  Nora\t:\tyes , Anna :  no",  # extra spaces and tabs
    "Dmitri: no. Nora: yes. Anna: no.",  # sentences
    "Dmitri: no Nora: yes Anna: no",  # space-separated
    "Dmitri: liar, Nora: truth-teller, Anna: liar",  # kind words
    "Dmitri: a liar, Nora: truth teller, Anna: Liar",
    "Dmitri: lies, Nora: truthful, Anna: lies",
    "Dmitri is a liar, Nora is a truth-teller, Anna is a liar",  # "is" before a kind
    "Dmitri is a liar, Nora is truthful, Anna is liar",
    "Dmitri lies, Nora tells the truth, Anna lies",  # verb phrases after the bare name
    '{"Dmitri": "no", "Nora": "yes", "Anna": "no"}',  # JSON object
    "{'Dmitri': False, 'Nora': True, 'Anna': False}",  # Python dict
    "liar, truth-teller, liar",  # bare kind words, in the asked order
    "liar truth teller liar",  # multi-word kinds split by spaces are still unambiguous
    "lies; tells the truth; lies",
]


@pytest.mark.parametrize("answer", LABELLED_PASS)
def test_labelled_answers_pass(answer):
    assert ver.verify(NAMED, answer).correct, (answer, ver.verify(NAMED, answer))
    # without names (old datasets) the same text is refused exactly as before
    assert ver.verify(PAYLOAD, answer).reason == "parse_error"


LABELLED_FAIL = [
    ("Dmitri: yes, Nora: yes, Anna: no", "wrong_value"),  # a labelled value flipped
    ("Nora: no, Anna: yes, Dmitri: no", "wrong_value"),  # the asked order's values under the wrong names
    ("Dmitri: liar, Nora: liar, Anna: liar", "wrong_value"),
    ("truth-teller, truth-teller, liar", "wrong_value"),  # bare kinds are read in the asked order
    ("liar, truth-teller", "wrong_count"),  # bare kinds, one missing
    ("Ann: no, Nora: yes, Anna: no", "not_asked"),  # Ann is a villager (a prefix of Anna) but not asked
    ("Dmitri: no, Nora: yes, Anna: no, Ann: no", "not_asked"),  # an extra villager
    ("Dmitri: no, Nora: yes", "missing_name"),  # Anna missing
    ("Dmitri: no, Nora: yes, Anna: no, Dmitri: no", "repeated_name"),  # twice with the same value
    ("Dmitri: no, Nora: yes, Dmitri: yes", "repeated_name"),  # twice with different values, Anna missing
    ("Dmitri: no, Nora: yes, Bob: no", "unknown_name"),  # not a villager
    ("Dmitri: no, Nora: yes, Annabel: no", "unknown_name"),  # a known name is only a prefix
    ("Dmitri: no, Nor: yes, Anna: no", "unknown_name"),  # a truncated name
    ("no: Dmitri, yes: Nora, no: Anna", "parse_error"),  # label and value swapped
    ("Dmitri: yes or no, Nora: yes, Anna: no", "parse_error"),  # hedge
    ("Dmitri: no/yes, Nora: yes, Anna: no", "parse_error"),  # hedge
    ("Dmitri: no (I think), Nora: yes, Anna: no", "parse_error"),  # aside
    ("Dmitri: no, yes, no", "parse_error"),  # labelled and bare mixed
    ("no, Nora: yes, Anna: no", "parse_error"),
    ("Dmitri no, Nora yes, Anna no", "parse_error"),  # no separator before a yes/no
    ("Dmitri is no, Nora is yes, Anna is no", "parse_error"),  # "is" only before a kind
    ("Dmitri is lies, Nora: yes, Anna: no", "parse_error"),
    ("Dmitri's: no, Nora: yes, Anna: no", "parse_error"),  # a possessive is no label
    ("Dmitri: no-one, Nora: yes, Anna: no", "parse_error"),  # "no" inside a longer word
    ("Dmitri: lying, Nora: yes, Anna: no", "parse_error"),  # not a supported kind word
    ("Dmitri: no, Nora: yes, and Anna: no", "parse_error"),  # prose connective
    ("Dmitri is a liar because Anna says so, Nora: yes, Anna: no", "parse_error"),  # prose
    ("Dmitri:, Nora: yes, Anna: no", "parse_error"),  # a label without a value
    ("Dmitri: no: yes, Nora: yes, Anna: no", "parse_error"),
    ("Dmitri - no - Nora - yes - Anna - no", "parse_error"),
    ("Dm\u0456tri: no, Nora: yes, Anna: no", "parse_error"),  # Cyrillic i: no ASCII name
]


@pytest.mark.parametrize("answer,reason", LABELLED_FAIL)
def test_labelled_near_misses_fail_with_reason(answer, reason):
    verdict = ver.verify(NAMED, answer)
    assert not verdict.correct and verdict.reason == reason, (answer, verdict)


@pytest.mark.parametrize("answer", [text for text, _ in NEAR_MISSES if ":" not in text] + FORMATTINGS)
def test_names_change_nothing_for_unlabelled_answers(answer):
    assert ver.verify(NAMED, answer) == ver.verify(PAYLOAD, answer)


def test_malformed_names_are_a_bad_payload():
    for names in (["Ann", "Anna"], "Ann Anna Nora Dmitri", [1, 2, 3, 4], ["Ann", "", "Nora", "Dmitri"]):
        assert ver.verify({**NAMED, "names": names}, "Dmitri: no, Nora: yes, Anna: no").reason == "bad_payload"
        assert ver.verify({**NAMED, "names": names}, "no, yes, no").correct  # unlabelled answers need no names


# -- brute force, independent of both solvers ------------------------------------------------------


def models(n: int, statements: list) -> list[tuple[int, ...]]:
    """Every assignment (1 truthful, 0 liar) satisfying the payload statements, by 2^n enumeration."""
    out = []
    for val in itertools.product((1, 0), repeat=n):
        if all(
            (sum(1 for s in sub if val[s] == 0) in ok) == (sp < 0 or val[sp] == 1) for sp, sub, ok in statements
        ):
            out.append(val)
    return out


def _items(levels, count, seed=17):
    return [TASK.generate(TASK.params(lvl), seed, i) for lvl in levels for i in range(count)]


def test_brute_force_confirms_unique_answer_and_verifier_agrees():
    rng = np.random.default_rng(1)
    for inst in _items(range(1, 8), 4):  # up to 12 people: 4096 assignments
        p = inst.payload
        sols = models(p["n"], p["statements"])
        answers = {tuple(m[t] for t in p["targets"]) for m in sols}
        assert answers == {tuple(p["answer"])}, inst.question  # a model exists and all agree on the asked
        for _ in range(20):
            cand = [int(x) for x in rng.integers(0, 2, size=len(p["targets"]))]
            text = ", ".join("yes" if c else "no" for c in cand)
            assert ver.verify(p, text).correct == (tuple(cand) in answers)


def _random_statements(rng, n: int, count: int) -> list:
    out = []
    for _ in range(count):
        size = int(rng.integers(1, min(4, n - 1) + 1))
        speaker = int(rng.integers(-1, n))
        pool = [p for p in range(n) if p != speaker]
        sub = [int(x) for x in rng.choice(pool, size=size, replace=False)]
        ok = sorted(int(c) for c in rng.choice(size + 1, size=int(rng.integers(1, size + 1)), replace=False))
        out.append([speaker, sub, ok])
    return out


def test_solvers_agree_with_brute_force_on_random_puzzles():
    """Random (often non-unique or contradictory) puzzles: both solvers match 2^n enumeration."""
    rng = np.random.default_rng(2)
    for trial in range(300):
        n = int(rng.integers(3, 8))
        statements = _random_statements(rng, n, int(rng.integers(1, 2 * n)))
        targets = [int(x) for x in rng.choice(n, size=2, replace=False)]
        answers = sorted({tuple(m[t] for t in targets) for m in models(n, statements)})
        masks = [(sp, tuple(sub), sum(1 << c for c in ok)) for sp, sub, ok in statements]
        found = Puzzle(n, masks).projections(targets, limit=5)
        assert sorted(found) == answers, (trial, statements, targets)
        payload = {"n": n, "statements": statements, "targets": targets}
        forced = ver.forced_answers(ver._key(payload))
        assert forced == (answers[0] if len(answers) == 1 else None), (trial, statements, targets)


# -- the question text says exactly what the payload encodes -------------------------------------------

_WORDS = {"no": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_COUNT = re.compile(r"(exactly|at least|at most) (\w+) of (.+) (is a liar|are liars|tells the truth|tell the truth)")


def _text_mask(claim: str, index: dict[str, int]) -> tuple[list[int], list[int]]:
    """(subjects, allowed liar counts) read from one English claim."""
    if m := re.fullmatch(r"(\w+) (lies|tells the truth)", claim):
        return [index[m[1]]], [1] if m[2] == "lies" else [0]
    if m := re.fullmatch(r"(\w+) and (\w+) are (the same kind|different kinds) \(.*\)", claim):
        return [index[m[1]], index[m[2]]], [0, 2] if m[3] == "the same kind" else [1]
    group = lambda text: [index[x] for x in re.split(r", | and ", text)]  # noqa: E731
    if m := re.fullmatch(r"none of (.+) (is a liar|tells the truth)", claim):
        sub = group(m[1])
        return sub, [0] if m[2] == "is a liar" else [len(sub)]
    m = _COUNT.fullmatch(claim)
    sub, k, liar_terms = group(m[3]), _WORDS[m[2]], "liar" in m[4]
    ok = {"exactly": lambda c: c == k, "at least": lambda c: c >= k, "at most": lambda c: c <= k}[m[1]]
    return sub, [c for c in range(len(sub) + 1) if ok(c if liar_terms else len(sub) - c)]


def test_question_text_matches_payload():
    for inst in _items(range(1, 11), 3):
        head, *lines = inst.question.splitlines()
        names = re.search(r"The villagers are (.+)\.$", head)[1]
        names = re.split(r", | and ", names)
        assert names == inst.payload["names"]  # index-aligned with people 0..n-1, spelt as in the question
        index = {name: i for i, name in enumerate(names)}
        read = []
        for line in lines[:-1]:
            body = line.split(". ", 1)[1]
            if m := re.fullmatch(r"It is known for certain that (.+)\.", body):
                read.append([-1, *_text_mask(m[1], index)])
            elif m := re.fullmatch(r'(\w+) says: "(.+)\."', body):
                claim = m[2] if m[2].split()[0] in index else m[2][0].lower() + m[2][1:]  # undo the capital
                sub, ok = _text_mask(claim, index)
                read.append([index[m[1]], sub, ok])
            else:
                assert '"' not in body and "says" not in body  # a distractor carries no claim
        key = lambda s: (s[0], sorted(s[1]), s[2])  # noqa: E731
        mine = sorted(map(key, inst.payload["statements"]))
        assert sorted(map(key, read)) == mine, inst.question
        asked = re.search(r"For each of (.+), in that order", lines[-1])[1]
        assert [index[x] for x in re.split(r", | and ", asked)] == inst.payload["targets"]


# -- knobs, hardness, speed, determinism ----------------------------------------------------------------


def test_knob_cross_checks():
    assert gen.Params() and all(isinstance(p, gen.Params) for p in gen.LEVELS.values())
    with pytest.raises(ValueError, match="facts"):
        gen.Params(n_people=5, kinds=2, facts=0)
    with pytest.raises(ValueError, match="n_targets"):
        gen.Params(n_people=4, n_targets=4, facts=1)
    with pytest.raises(ValueError, match="group_max"):
        gen.Params(n_people=4, group_max=4, kinds=3)


def test_extreme_knobs_generate_and_verify_quickly():
    params = gen.Params(n_people=30, n_targets=8, kinds=3, group_max=6, facts=0, distractors=20)
    for i in range(3):
        start = time.perf_counter()
        inst = TASK.generate(params, 5, i)
        assert time.perf_counter() - start < 2.0
        ver.forced_answers.cache_clear()
        start = time.perf_counter()
        assert ver.verify(inst.payload, inst.answer).correct
        assert time.perf_counter() - start < 0.05


def test_hardness_rises_with_level_and_generation_is_fast():
    medians = []
    for level in range(1, 11):
        items = [TASK.generate(TASK.params(level), 29, i) for i in range(10)]
        medians.append(float(np.median([x.hardness for x in items])))
    assert medians == sorted(medians) and medians[-1] > 5 * medians[0], medians
    slowest = 0.0
    for i in range(5):
        start = time.perf_counter()
        TASK.generate(TASK.params(10), 99, i)
        slowest = max(slowest, time.perf_counter() - start)
    assert slowest < 2.0

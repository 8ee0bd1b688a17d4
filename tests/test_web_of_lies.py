"""web_of_lies: generation and the question text, verifier tables of adversarial cases (bare, labelled and
listed answers), brute-force agreement and fuzz, and hostile input."""

from __future__ import annotations

import itertools
import json
import re
import time

import numpy as np
import pytest

from logicforge.generators import web_of_lies as gen
from logicforge.generators._web_of_lies_solver import Puzzle
from logicforge.generators.web_of_lies import NAMES
from logicforge.tasks import get_task, prompts
from logicforge.verifiers import web_of_lies as ver

from helpers import assert_refused_fast, check_case, wrap

TASK = get_task("web_of_lies")


# -- the oracle: an independent brute force over the payload --------------------------------------------------


def ORACLE(payload: dict, budget: int = 20_000) -> list[str] | None:
    """Up to two answers ("yes, no, ...": does each asked person tell the truth?) that a consistent world gives.

    Enumerates truth assignments of the villagers depth first, the asked people first: a statement says
    that the number of liars among its subjects is one of its allowed counts; a truth-teller's statements
    are true, a liar's false, the narrator's (speaker -1) true. A branch is dropped as soon as a statement
    can no longer come out as its speaker needs. Each assignment of the asked people that some full
    assignment extends is an answer. None after `budget` search nodes (no level-10 item seen needs 2,000).
    """
    n, targets = payload["n"], list(payload["targets"])
    stmts = [(sp, list(subs), set(ok)) for sp, subs, ok in payload["statements"]]
    touches: list[list[int]] = [[] for _ in range(n)]
    for k, (sp, subs, _) in enumerate(stmts):
        for q in {sp, *subs} - {-1}:
            touches[q].append(k)
    order = targets + sorted((p for p in range(n) if p not in targets), key=lambda p: -len(touches[p]))
    val: list[int | None] = [None] * n
    nodes = [0]

    def possible(k: int) -> bool:
        sp, subs, ok = stmts[k]
        lo = sum(val[s] == 0 for s in subs)
        hi = lo + sum(val[s] is None for s in subs)
        can_true = any(lo <= c <= hi for c in ok)
        can_false = any(c not in ok for c in range(lo, hi + 1))
        speaker = 1 if sp < 0 else val[sp]
        return (can_true or can_false) if speaker is None else (can_true if speaker else can_false)

    def extend(i: int) -> bool:  # is there one consistent way to give everyone from order[i] on a kind?
        nodes[0] += 1
        if nodes[0] > budget:
            raise TimeoutError
        if i == n:
            return True
        p = order[i]
        for v in (1, 0):
            val[p] = v
            if all(possible(k) for k in touches[p]) and extend(i + 1):
                val[p] = None
                return True
        val[p] = None
        return False

    found: list[str] = []

    def pick(i: int) -> None:
        if i == len(targets):
            if extend(i):
                found.append(", ".join("yes" if val[t] else "no" for t in targets))
            return
        p = order[i]
        for v in (1, 0):
            val[p] = v
            if all(possible(k) for k in touches[p]):
                pick(i + 1)
            if len(found) >= 2:
                break
        val[p] = None

    if not all(possible(k) for k in range(len(stmts))):
        return []
    try:
        pick(0)
    except TimeoutError:
        return None
    return found


def models(n: int, statements: list) -> list[tuple[int, ...]]:
    """Every assignment (1 truthful, 0 liar) satisfying the payload statements, by 2^n enumeration."""
    return [val for val in itertools.product((1, 0), repeat=n)
            if all((sum(1 for s in sub if val[s] == 0) in ok) == (sp < 0 or val[sp] == 1)
                   for sp, sub, ok in statements)]  # fmt: skip


def _items(levels, count, seed=17):
    return [TASK.generate(TASK.params(lvl), seed, i) for lvl in levels for i in range(count)]


def _group(text: str) -> list[str]:
    head, last = text.rsplit(" and ", 1)
    return [*head.split(", "), last]


# -- 1. generation and the question text ----------------------------------------------------------------------

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
    assert "separated by commas" in TASK.prompt("Q")[0]["content"]
    for inst in _items(range(1, 11), 3):
        head, *lines = prompts.render(TASK.module, "en", "q1", inst.fields).splitlines()
        names = re.split(r", | and ", re.search(r"The villagers are (.+)\.$", head)[1])
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
        assert sorted(map(key, read)) == sorted(map(key, inst.payload["statements"])), inst.question
        asked = re.search(r"For each of (.+), in that order", lines[-1])[1]
        assert [index[x] for x in re.split(r", | and ", asked)] == inst.payload["targets"]


# Every wording, read back: the villager list, a narrator fact, a villager's statement (groups c: the claim,
# s: the speaker), the asked people in order, and the claims: (pattern, kind) with groups x (one person),
# g (a group), op, k and of (liars or truth-tellers). A line that is none of these is a distractor.
_EN_OPS = {"exactly": "exactly", "at least": "at_least", "at most": "at_most"}
_ZH_OPS = {"恰好": "exactly", "至少": "at_least", "至多": "at_most"}
_EN_K = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_ZH_K = {"一": 1, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6}
_WORDINGS = {
    ("en", "q2"): (r"The \d+ villagers: (.+)\.", r"- Fact: (?P<c>.+)\.", r"- (?P<s>\w+) claims that (?P<c>.+)\.",
                   r"Answer for (.+), in exactly this order\.", [
        (r"(?P<x>\w+) is a liar", "lies"), (r"(?P<x>\w+) is a truth-teller", "truthful"),
        (r"(?P<g>.+) are either both truth-tellers or both liars", "same"),
        (r"exactly one of (?P<g>.+) is a liar", "different"),
        (r"there is no (?P<of>liar|truth-teller) among (?P<g>.+)", "none"),
        (r"(?P<g>.+) include (?P<op>exactly|at least|at most) (?P<k>\w+) (?P<of>liar|truth-teller)s?", "count")]),
    ("en", "q3"): (r"You arrive on an island with \d+ residents: (.+)\. Each",
                   r"\[You learn for certain: (?P<c>.+)\.\]", r'(?P<s>\w+): "(?P<c>.+)\."',
                   r"taking (.+) one at a time in that order", [
        (r"(?P<x>\w+) always lies", "lies"), (r"(?P<x>\w+) is honest", "truthful"),
        (r"(?P<g>.+) are alike: both honest or both liars", "same"),
        (r"One of (?P<g>.+) is honest and the other one lies", "different"),
        (r"Not one of (?P<g>.+) (?:is (?P<of>honest|a liar))", "none"),
        (r"Among (?P<g>.+), (?P<op>exactly|at least|at most) (?P<k>\w+) (?:is|are) (?P<of>honest|a liar|liars)",
         "count")]),
    ("zh", "q1"): (r"村里有\d+个人：(.+)。", r"\d+\. 可以确定：(?P<c>.+)。", r"\d+\. (?P<s>\w+)说：“(?P<c>.+)。”",
                   r"请依次判断(.+)（按这个顺序）", [
        (r"(?P<x>\w+)是说谎的人", "lies"), (r"(?P<x>\w+)是说真话的人", "truthful"),
        (r"(?P<g>.+)是同一类人（要么都说真话，要么都说谎）", "same"),
        (r"(?P<g>.+)不是同一类人（一个说真话，一个说谎）", "different"),
        (r"(?P<g>.+)中没有人(?P<of>说谎|说真话)", "none"),
        (r"(?P<g>.+)中(?P<op>恰好|至少|至多)有(?P<k>.)人(?P<of>说谎|说真话)", "count")]),
    ("zh", "q2"): (r"村里共有\d+位村民：(.+)。", r"（\d+）已知(?P<c>.+)。", r"（\d+）(?P<s>\w+)说，(?P<c>.+)。",
                   r"问：(.+)分别是不是老实人？", [
        (r"(?P<x>\w+)是骗子", "lies"), (r"(?P<x>\w+)是老实人", "truthful"),
        (r"(?P<g>.+)要么都是老实人，要么都是骗子", "same"),
        (r"(?P<g>.+)当中一个是老实人、一个是骗子", "different"),
        (r"(?P<g>.+)当中一个(?P<of>骗子|老实人)也没有", "none"),
        (r"(?P<g>.+)当中(?P<op>恰好|至少|至多)有(?P<k>.)个(?P<of>骗子|老实人)", "count")]),
    ("zh", "q3"): (r"岛上住着\d+位居民：(.+)。每位", r"［确知：(?P<c>.+)。］", r"(?P<s>\w+)：“(?P<c>.+)。”",
                   r"推断：(.+)各自是否诚实？请按这个顺序", [
        (r"(?P<x>\w+)是个说谎者", "lies"), (r"(?P<x>\w+)是诚实的", "truthful"),
        (r"(?P<g>.+)是一路人，要么都诚实，要么都说谎", "same"),
        (r"(?P<g>.+)之中，一个诚实，一个说谎", "different"),
        (r"(?P<g>.+)之中没有一个(?P<of>诚实的人|说谎者)", "none"),
        (r"(?P<g>.+)之中(?P<op>恰好|至少|至多)有(?P<k>.)个(?P<of>诚实的人|说谎者)", "count")]),
}  # fmt: skip
_LIAR_WORDS = {"liar", "a liar", "liars", "说谎", "骗子", "说谎者"}


def _claim_mask(claim: str, patterns, index: dict[str, int]) -> tuple[list[int], list[int]]:
    """(subjects, allowed liar counts) of one claim in a wording's own words."""
    m, kind = next(((m, kind) for pattern, kind in patterns if (m := re.fullmatch(pattern, claim))), (None, ""))
    assert m, f"unreadable claim {claim!r}"
    groups = m.groupdict()
    sub = [index[groups["x"]]] if "x" in groups else [index[x] for x in re.split(r", | and |、|和", groups["g"])]
    if kind in ("lies", "truthful"):
        return sub, [1] if kind == "lies" else [0]
    if kind in ("same", "different"):
        return sub, [0, 2] if kind == "same" else [1]
    liars = groups["of"] in _LIAR_WORDS
    if kind == "none":
        return sub, [0] if liars else [len(sub)]
    k = _EN_K.get(groups["k"]) or _ZH_K[groups["k"]]
    op = _EN_OPS.get(groups["op"]) or _ZH_OPS[groups["op"]]
    ok = {"exactly": lambda c: c == k, "at_least": lambda c: c >= k, "at_most": lambda c: c <= k}[op]
    return sub, [c for c in range(len(sub) + 1) if ok(c if liars else len(sub) - c)]


@pytest.mark.parametrize(("lang", "macro"), sorted(_WORDINGS))
def test_every_wording_states_exactly_the_payload(lang, macro):
    """Read back from each wording's text alone: the villagers, each statement's meaning (subjects and the
    liar counts it allows, as the verifier's payload has them), the distractors, and the asked order."""
    people, fact, says, ask, patterns = _WORDINGS[lang, macro]
    for inst in _items(range(1, 11), 3):
        text = prompts.render(TASK.module, lang, macro, inst.fields)
        names = re.split(r", | and |、|和", re.search(people, text)[1])
        assert names == inst.payload["names"], text
        index = {name: i for i, name in enumerate(names)}
        read, remarks = [], 0
        for line in text.splitlines():
            if m := re.fullmatch(fact, line):
                read.append([-1, *_claim_mask(m["c"], patterns, index)])
            elif (m := re.fullmatch(says, line)) and m["s"] in index:
                read.append([index[m["s"]], *_claim_mask(m["c"], patterns, index)])
            elif re.match(r"(?:- |\[|［|\d+\. |（\d+）)", line) and "：“" not in line and '"' not in line:
                remarks += 1
        key = lambda s: (s[0], sorted(s[1]), s[2])  # noqa: E731
        assert sorted(map(key, read)) == sorted(map(key, inst.payload["statements"])), text
        assert remarks == len(inst.fields["lines"]) - len(read)
        asked = re.split(r", | and |、|和", re.search(ask, text)[1])
        assert [index[x] for x in asked] == inst.payload["targets"], text


def test_knob_cross_checks():
    assert gen.Params() and all(isinstance(p, gen.Params) for p in gen.LEVELS.values())
    with pytest.raises(ValueError, match="facts"):
        gen.Params(n_people=5, kinds=2, facts=0)
    with pytest.raises(ValueError, match="n_targets"):
        gen.Params(n_people=4, n_targets=4, facts=1)
    with pytest.raises(ValueError, match="group_max"):
        gen.Params(n_people=4, group_max=4, kinds=3)


def test_extreme_knobs_generate_and_verify_without_a_long_tail():
    """A tail guard, not a benchmark: generation takes about 0.02 s and a cold verdict about 7 ms here."""
    params = gen.Params(n_people=30, n_targets=8, kinds=3, group_max=6, facts=0, distractors=20)
    for i in range(3):
        start = time.perf_counter()
        inst = TASK.generate(params, 5, i)
        assert time.perf_counter() - start < 10.0
        ver.forced_answers.cache_clear()
        start = time.perf_counter()
        assert ver.verify(inst.payload, inst.answer).correct
        assert time.perf_counter() - start < 0.5


# -- 2. verifier tables: adversarial cases with their expected reasons -----------------------------------------

# Person 0 is truthful (narrator fact); 1 says "0 lies" (so 1 lies); 2 says "1 and 0 are different kinds"
# (true, so 2 is truthful); 3 says "at least two of 0, 1, 2 are liars" (false, so 3 lies). Asked: 3, 2, 1.
FOUR = {"n": 4, "statements": [[-1, [0], [0]], [1, [0], [1]], [2, [1, 0], [1]], [3, [0, 1, 2], [2, 3]]],
        "targets": [3, 2, 1], "answer": [0, 1, 0]}  # fmt: skip
# FOUR with names; "Ann" is a prefix of "Anna" and "no" of "Nora". Asked: Dmitri (no), Nora (yes), Anna (no).
FOUR_NAMED = {**FOUR, "names": ["Ann", "Anna", "Nora", "Dmitri"]}

NEAR_MISSES = [
    ("yes, yes, no", "wrong_answer"),  # first answer flipped
    ("no, no, no", "wrong_answer"),  # middle answer flipped
    ("no, no, yes", "wrong_answer"),  # last two swapped
    ("yes, no, yes", "wrong_answer"),  # every answer flipped
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
FORMATTINGS = [
    "no, yes, no", "No, Yes, No", "no yes no", "no\nyes\nno", "false, true, false", "FALSE TRUE FALSE",
    "[no, yes, no]", "no; yes; no", "no, yes, no.", "No. Yes. No.", "**no, yes, no**", "no, true, false",
]  # fmt: skip
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
LABELLED_FAIL = [
    ("Dmitri: yes, Nora: yes, Anna: no", "wrong_answer"),  # a labelled value flipped
    ("Nora: no, Anna: yes, Dmitri: no", "wrong_answer"),  # the asked order's values under the wrong names
    ("Dmitri: liar, Nora: liar, Anna: liar", "wrong_answer"),
    ("truth-teller, truth-teller, liar", "wrong_answer"),  # bare kinds are read in the asked order
    ("liar, truth-teller", "wrong_count"),  # bare kinds, one missing
    ("Ann: no, Nora: yes, Anna: no", "extra_item"),  # Ann is a villager (a prefix of Anna) but not asked
    ("Dmitri: no, Nora: yes, Anna: no, Ann: no", "extra_item"),  # an extra villager
    ("Dmitri: no, Nora: yes", "missing_item"),  # Anna missing
    ("Dmitri: no, Nora: yes, Anna: no, Dmitri: no", "duplicate_item"),  # twice with the same value
    ("Dmitri: no, Nora: yes, Dmitri: yes", "duplicate_item"),  # twice with different values, Anna missing
    ("Dmitri: no, Nora: yes, Bob: no", "unknown_item"),  # not a villager
    ("Dmitri: no, Nora: yes, Annabel: no", "unknown_item"),  # a known name is only a prefix
    ("Dmitri: no, Nor: yes, Anna: no", "unknown_item"),  # a truncated name
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
RAW_CASES = (
    [(FOUR, a, r) for a, r in NEAR_MISSES] + [(FOUR, a, "ok") for a in FORMATTINGS]
    + [(FOUR_NAMED, a, "ok") for a in LABELLED_PASS] + [(FOUR_NAMED, a, r) for a, r in LABELLED_FAIL]
    + [(FOUR, a, "parse_error") for a in LABELLED_PASS]  # without names (old datasets) labels are refused
    + [({**FOUR, "statements": FOUR["statements"][1:]}, "no, yes, no", "bad_payload"),  # no fact: all can flip
       ({**FOUR, "answer": [1, 1, 0]}, "yes, yes, no", "bad_payload")]  # stored answer disagrees with the statements
)  # fmt: skip


@pytest.mark.parametrize(("payload", "answer", "reason"), RAW_CASES)
def test_raw_table(payload, answer, reason):
    """The family verifier on raw text (no extraction in front)."""
    verdict = ver.verify(payload, answer)
    assert verdict.reason == reason and verdict.correct == (reason == "ok"), (answer, verdict)


@pytest.mark.parametrize("answer", [text for text, _ in NEAR_MISSES if ":" not in text] + FORMATTINGS)
def test_names_change_nothing_for_unlabelled_answers(answer):
    assert ver.verify(FOUR_NAMED, answer) == ver.verify(FOUR, answer)


def test_malformed_names_are_a_bad_payload():
    for names in (["Ann", "Anna"], "Ann Anna Nora Dmitri", [1, 2, 3, 4], ["Ann", "", "Nora", "Dmitri"]):
        assert ver.verify({**FOUR_NAMED, "names": names}, "Dmitri: no, Nora: yes, Anna: no").reason == "bad_payload"
        assert ver.verify({**FOUR_NAMED, "names": names}, "no, yes, no").correct  # unlabelled answers need no names


# Person 0 is a liar (narrator fact); person 1 says "0 is a liar"; person 2 says "1 lies": answers no, yes, no.
THREE = {"n": 3, "statements": [[-1, [0], [1]], [1, [0], [1]], [2, [1], [1]]], "targets": [0, 1, 2],
         "answer": [0, 1, 0]}  # fmt: skip
# "Leon" is a prefix of "Leona", "no" of "Nora".
THREE_NAMED = {**THREE, "names": ["Leon", "Leona", "Nora"]}
# THREE with a fourth villager, Olga, whom nobody asks about.
OLGA = {**THREE, "n": 4, "names": ["Leon", "Leona", "Nora", "Olga"]}
OLGA_UNNAMED = {key: value for key, value in OLGA.items() if key != "names"}

CASES = [
    # (payload, answer, expected reason): through the task, answer tags and shared extraction included
    (THREE, "1. no\n2. yes\n3. no", "ok"),  # regression: a numbered list was a parse_error
    (THREE, "- no\n- yes\n- no", "ok"),  # regression: a bulleted list
    (THREE, "1) No\n2) Yes\n3) No.", "ok"),
    (THREE, "`no, yes, no`", "ok"),  # inline code (backticks were not stripped)
    (THREE, "$no, yes, no$", "ok"),
    (THREE, "1. no\n2. no\n3. no", "wrong_answer"),
    (THREE, "1. no\n2. yes", "wrong_count"),
    (THREE, "2. no\n1. yes\n3. no", "parse_error"),  # numbers out of place are text, not list markers
    (THREE, "1. no\n2. yes\n3. no\n4. yes", "wrong_count"),
    (THREE, "1. no, yes, no", "parse_error"),  # a marker only counts at the start of each line
    (THREE, "- no\nyes\n- no", "parse_error"),  # a partly bulleted list
    (THREE_NAMED, "Leon: no, Leona: yes, Nora: no", "ok"),
    (THREE_NAMED, "Nora: no\nLeon: no\nLeona: yes", "ok"),  # one per line, any order
    (THREE_NAMED, "Leona - yes; Leon - no; Nora - no", "ok"),
    (THREE_NAMED, "**Leon**: no, **Leona**: yes, **Nora**: no", "ok"),  # bold labels
    (THREE_NAMED, "Leon = false, Leona = true, Nora = false", "ok"),
    (THREE_NAMED, "Leon: liar, Leona: truth-teller, Nora: liar", "ok"),  # kind words
    (THREE_NAMED, "Leon is a liar, Leona is truthful, Nora is a liar", "ok"),
    (THREE_NAMED, "Leon lies, Leona tells the truth, Nora lies", "ok"),
    (THREE_NAMED, "1. Leon: no\n2. Leona: yes\n3. Nora: no", "ok"),  # numbered
    (THREE_NAMED, "`Leon: no, Leona: yes, Nora: no`", "ok"),  # inline code around the whole answer
    (THREE_NAMED, "liar, truth-teller, liar", "ok"),  # bare kinds in the asked order
    (THREE_NAMED, "Leona: no, Leon: yes, Nora: no", "wrong_answer"),  # the values of Leon and Leona swapped
    (THREE_NAMED, "Leon: no, Leona: yes, Nora: yes", "wrong_answer"),
    (THREE_NAMED, "Leon: no, Leona: yes", "missing_item"),
    (THREE_NAMED, "Leon: no, Leona: yes, Nora: no, Nora: no", "duplicate_item"),  # the same value twice
    (THREE_NAMED, "Leon: no, Leona: yes, Nora: no, Nora: yes", "duplicate_item"),  # two different values
    (THREE_NAMED, "Leon: no, Leona: yes, Leonard: no", "unknown_item"),  # Leon and Leona are only prefixes
    (THREE_NAMED, "Leon: no, Leona: yes, Noraa: no", "unknown_item"),
    (THREE_NAMED, "Leon: no, Leona: yes, Nora: no, Alice: yes", "unknown_item"),
    (THREE_NAMED, "no: Leon, yes: Leona, no: Nora", "parse_error"),  # label and value swapped
    (THREE_NAMED, "Leon: yes or no, Leona: yes, Nora: no", "parse_error"),  # hedge
    (THREE_NAMED, "Leon: no, Leona: yes, Nora: no or yes", "parse_error"),  # hedge at the end
    (THREE_NAMED, "Leon: no, yes, no", "parse_error"),  # mixed labelled and bare
    (THREE_NAMED, "Leon is lying, so Leona tells the truth and Nora lies", "parse_error"),  # prose
    (THREE_NAMED, "Leon: no, Leona: yes, Nora: no " * 40, "parse_error"),  # far longer than any answer
    # -- bugs: a yes/no word before a kind negates it; it is not a second answer
    (OLGA, "no truth-teller, no", "parse_error"),  # regression: read as no, yes, no; it says "not a truth-teller"
    (OLGA, "no truth-teller no", "parse_error"),  # regression: the same without commas
    (OLGA, "liar yes, liar", "parse_error"),  # regression: read as no, yes, no; "liar yes" is one garbled phrase
    (OLGA, "no tells the truth, lies", "parse_error"),  # regression: "no" before a verb
    (OLGA, "no liar, liar", "parse_error"),  # "no liar" is a truth-teller, not no + liar
    # -- bugs: a list item is one answer, so two values in one item name both values for one person
    (OLGA, "- liar truth-teller\n- liar", "parse_error"),  # regression: 2 items read as 3 answers
    (OLGA, "- Leon: no, Leona: yes\n- Nora: no", "ok"),  # labels say whose answer each value is
    # -- kept: bare values that are whole answers
    (OLGA, "liar truth-teller liar", "ok"),  # same kind of word, space-separated like "no yes no"
    (OLGA, "no. truth-teller. no.", "ok"),  # a full stop ends an answer
    (OLGA, "liar, yes, liar", "ok"),  # commas separate answers of different kinds
    (OLGA, "- liar\n- truth-teller\n- liar", "ok"),
    # -- attacks that already fail
    (OLGA, "Leon: no liar, Leona: yes, Nora: no", "parse_error"),  # labelled + bare "liar"
    (OLGA, "Leon is no liar, Leona is truthful, Nora is a liar", "parse_error"),  # negation after "is"
    (OLGA, "Leon is a liar, Leona is not a liar, Nora is a liar", "parse_error"),
    (OLGA, "Leon: not a liar, Leona: yes, Nora: no", "parse_error"),
    (OLGA, "Leon: no, Leona never lies, Nora: no", "parse_error"),
    (OLGA, "Leon: no, Leona: yes, Nora: no, Leona no", "parse_error"),  # a bare-name "no" is no verb
    (OLGA, "Leon: no, Leona: yes, Nora: no, Leona: no", "duplicate_item"),  # both values for Leona
    (OLGA, '{"Leon": "no", "Leona": "yes", "Nora": "no", "Leon": "yes"}', "duplicate_item"),  # a repeated JSON key
    (OLGA, '{"Leon": false, "Leona": true, "Nora": false}', "ok"),  # a JSON dict
    (OLGA, "Leon: no, Leona: yes, Nora: no, Olga: yes", "extra_item"),  # a villager nobody asked about
    (OLGA, "Leon: no, Leon_a: yes, Nora: no", "parse_error"),  # a joiner makes another word, not Leon
    (OLGA, "Leon: no, Leona's: yes, Nora: no", "parse_error"),
    (OLGA, "Leon**a**: yes, Leon: no, Nora: no", "parse_error"),  # bold inside a name does not make Leon
    (OLGA, "Leon and Nora: no, Leona: yes", "parse_error"),  # one value for two people
    (OLGA, "Leon, Nora: no, Leona: yes", "parse_error"),
    (OLGA, "(Leon: no, Leona: yes), Nora: no", "parse_error"),  # brackets around only some answers
    (OLGA, "Leon -- no, Leona -- yes, Nora -- no", "parse_error"),
    (OLGA, "Leon: yes (liar), Leona: yes, Nora: no", "parse_error"),
    (OLGA, "1. Leon: no\n3. Leona: yes\n2. Nora: no", "parse_error"),  # numbers out of place are text
    (OLGA, "- Leon: no\n- Leona: yes\nNora: no", "parse_error"),  # a partly bulleted list
    (OLGA, "Leon lies: no, Leona: yes, Nora: no", "parse_error"),
]
# Labelled answers that pass are refused on the same payload without names (old datasets), as before.
CASES += [(THREE, a, "parse_error") for p, a, r in CASES if p is THREE_NAMED and r == "ok" and ":" in a]
# A list item is one answer: the same verdict with and without names.
for answer, reason in [
    ("1. no yes\n2. no", "parse_error"),  # regression: item 1 gave one person both values, yet passed
    ("- no yes\n- no", "parse_error"),  # regression: the same with bullets
    ("1. no, yes\n2. no", "parse_error"),  # a comma inside one item
    ("1. no,\n2. yes;\n3. no.", "ok"),  # a separator at the end of an item is no second answer
    ("no yes\nno", "ok"),  # lines without markers are not list items: a wrapped answer
]:
    CASES += [(OLGA_UNNAMED, answer, reason), (OLGA, answer, reason)]


@pytest.mark.parametrize(("payload", "answer", "reason"), CASES)
def test_table(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


@pytest.mark.parametrize("level", [1, 5, 9])
def test_near_misses_fail(level):
    flip = {"yes": "no", "no": "yes"}
    for seed in range(6):
        inst = TASK.generate(TASK.params(level), seed, 0)
        words = inst.answer.split(", ")
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


@pytest.mark.parametrize("level", range(1, 8))
def test_reformatted_answers_pass(level):
    for seed in range(8 if level < 7 else 3):
        inst = TASK.generate(TASK.params(level), seed, 0)
        words = inst.answer.split(", ")
        values = [w == "yes" for w in words]
        for form in (", ".join(words), ",".join(words), " ".join(words), "\n".join(words), "; ".join(words),
                     ", ".join(w.upper() for w in words), ", ".join(words) + ".", str(words),
                     ", ".join("true" if v else "false" for v in values),
                     ", ".join(f"**{w}**" for w in words)):  # fmt: skip
            verdict = TASK.verify(inst.payload, wrap(form))
            assert verdict.correct, (level, seed, form, verdict)


def _asked_and_others(question: str) -> tuple[list[str], list[str]]:
    """The asked names in order and the villagers not asked, read from the question text only."""
    lines = question.split("\n")
    names = _group(re.search(r"The villagers are (.+)\.$", lines[0])[1])
    asked = _group(re.search(r"For each of (.+), in that order", lines[-1])[1])
    return asked, [x for x in names if x not in asked]


@pytest.mark.parametrize("level", [1, 4, 7, 10])
def test_labels_read_from_the_question_text_are_accepted(level):
    flip = {"yes": "no", "no": "yes"}
    for seed in range(4):
        inst = TASK.generate(TASK.params(level), seed, 0)
        asked, others = _asked_and_others(prompts.render(TASK.module, "en", "q1", inst.fields))
        words = inst.answer.split(", ")
        pairs = [f"{name}: {word}" for name, word in zip(asked, words)]
        for good in (", ".join(pairs[::-1]), "\n".join(pairs),
                     ", ".join(f"{n} is {'a truth-teller' if w == 'yes' else 'a liar'}" for n, w in zip(asked, words))):
            assert TASK.verify(inst.payload, wrap(good)).correct, (level, seed, good)
        bads = [(", ".join(pairs[:-1]), "missing_item"), (", ".join(pairs + pairs[:1]), "duplicate_item"),
                (", ".join(pairs[:-1] + [f"{asked[-1]}: {flip[words[-1]]}"]), "wrong_answer"),
                (", ".join(pairs + [f"{others[0]}: yes"]), "extra_item"),
                (", ".join(pairs[:-1] + [f"{asked[-1]}x: {words[-1]}"]), "unknown_item"),
                (", ".join(f"{w}: {n}" for n, w in zip(asked, words)), "parse_error")]  # fmt: skip
        for bad, reason in bads:
            assert TASK.verify(inst.payload, wrap(bad)).reason == reason, (level, seed, bad)


def test_hostile_input_is_refused_fast():
    inst = TASK.generate(TASK.params(10), 0, 0)
    name = inst.payload["names"][inst.payload["targets"][0]]
    hostile = ["yes, " * 4000, "\ufdfa" * 19_000, "[" * 19_000, "." * 19_000, "yes" * 6000, "nan, inf, 1e999",
               f"{name}: " * 1500, name * 1500, f"**{name}**" * 600, f"{name} is a " * 700, "tells the truth " * 480,
               f"{name}: no, " * 25, "*" * 7000 + name, f"{name}:" + " " * 7000 + "no", "a truth" * 1100]  # fmt: skip
    assert_refused_fast(TASK, [json.dumps(inst.payload)], hostile, limit=0.2)


@pytest.mark.parametrize("unit", ["no ", "Casimir ", "Casimir: no, ", "zzzz: no, ", "a truth teller ", "- no\n", "*"])
def test_hostile_answers_at_the_length_cap_are_fast(unit):
    payload = {"n": 30, "statements": [[-1, [0], [1]]], "targets": list(range(8)), "answer": [0] * 8,
               "names": list(NAMES)}  # fmt: skip
    text = (unit * 1000)[: 8 * (max(map(len, NAMES)) + 40) + 40]
    assert_refused_fast(TASK, [payload], [text])


# -- 3. brute-force agreement and fuzz ------------------------------------------------------------------------


def test_every_answer_vector_agrees_with_brute_force():
    """Up to six asked people, every yes/no vector (else 20 random ones) in two layouts: the verdict is
    right exactly when the vector is what every consistent world says, by 2^n enumeration."""
    rng = np.random.default_rng(1)
    for inst in _items(range(1, 8), 4):  # up to 12 people: 4096 assignments
        p = inst.payload
        answers = {tuple(m[t] for t in p["targets"]) for m in models(p["n"], p["statements"])}
        assert answers == {tuple(p["answer"])}, inst.question
        k = len(p["targets"])
        vectors = list(itertools.product((0, 1), repeat=k)) if k <= 6 else \
            [tuple(int(x) for x in rng.integers(0, 2, size=k)) for _ in range(20)]  # fmt: skip
        for values in vectors:
            words = ["yes" if v else "no" for v in values]
            for text in (", ".join(words), "\n".join(f"{i + 1}. {w}" for i, w in enumerate(words))):
                verdict = TASK.verify(p, wrap(text))
                assert verdict.correct == (values in answers), (text, verdict)


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


def test_solvers_and_oracle_agree_with_brute_force_on_random_puzzles():
    """Random (often non-unique or contradictory) puzzles: the generator's solver, the verifier's and the
    oracle all match 2^n enumeration."""
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
        texts = {", ".join("yes" if v else "no" for v in a) for a in answers}
        oracle = ORACLE(payload)
        assert len(oracle) == min(2, len(answers)) and set(oracle) <= texts, (trial, statements, targets)


_FORMS = ("{}: {}", "**{}**: {}", "{} - {}", "{} = {}", "{} \u2014 {}", "{} is {}")
_KINDS = (("no", "yes"), ("false", "true"), ("liar", "truth-teller"), ("a liar", "a truth-teller"))


def _labelled(names: list[str], pairs: list[tuple[int, int]], k: int) -> str:
    """The k-th layout: a separator, a gap and a pair of value words ("is" takes only kind words)."""
    form, gap, words = _FORMS[k % len(_FORMS)], (", ", "\n", "; ")[k % 3], _KINDS[k % len(_KINDS)]
    words = _KINDS[3] if form == "{} is {}" else words
    return gap.join(form.format(names[p], words[v]) for p, v in pairs)


def test_fuzz_every_label_permutation_passes_and_every_flip_fails():
    for level in (1, 5, 10):
        for seed in range(2):
            inst = TASK.generate(TASK.params(level), seed, 0)
            p = inst.payload
            reference = list(zip(p["targets"], p["answer"]))
            for k, perm in enumerate(itertools.permutations(reference)):
                text = _labelled(p["names"], list(perm), k)
                assert TASK.verify(p, wrap(text)).correct, (level, text)
                if len(reference) > 4 and k % 97:  # level 10 asks 7 people: flip in every 97th of 5040 orders
                    continue
                for i in range(len(perm)):
                    flipped = [(q, 1 - v if j == i else v) for j, (q, v) in enumerate(perm)]
                    text = _labelled(p["names"], flipped, k)
                    assert TASK.verify(p, wrap(text)).reason == "wrong_answer", (level, text)

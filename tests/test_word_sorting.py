"""word_sorting: generation (knob meanings, the sort, redraws, the question text), a verifier table of
adversarial cases, fuzz against an independent sort, and hostile input."""

from __future__ import annotations

import collections
import json
import random
import re
import string

import numpy as np
import pytest

from logicforge.generators import word_sorting as gen
from logicforge.generators.base import item_rng
from logicforge.tasks import get_task, prompts

from helpers import HOSTILE_MIXED, assert_refused_fast, check_case, wrap

TASK = get_task("word_sorting")
SYLLABLE_WORD = re.compile(r"(?:[bcdfghjklmnprstvwz][aeiou]){1,3}")


# -- the oracle: an independent brute force over the payload --------------------------------------------------


def ORACLE(payload: dict) -> list[str] | None:
    """Up to two orders of the words that a correct answer may give, each written "w1, w2, ...".

    Enumerates orders by choosing, again and again, a word that no word still left comes before (a word
    comes before another when its letters' ranks in the payload's alphabet compare lower, a prefix first,
    reversed when descending), branching wherever several words qualify. Distinct words have distinct
    keys, so one order is found; tied words would give two. Decides every level (45 words in milliseconds).
    """
    rank = {c: i for i, c in enumerate(payload["alphabet"])}
    keys = {w: [rank[c] for c in w] for w in payload["words"]}

    def before(a: str, b: str) -> bool:
        return keys[a] > keys[b] if payload["descending"] else keys[a] < keys[b]

    found: list[str] = []

    def walk(order: list[str], left: list[str]) -> None:
        if not left:
            found.append(", ".join(order))
            return
        tried = set()
        for i, w in enumerate(left):
            if w in tried or any(before(v, w) for v in left):
                continue
            tried.add(w)
            walk(order + [w], left[:i] + left[i + 1 :])
            if len(found) >= 2:
                return

    walk([], list(payload["words"]))
    return found


def items(params: gen.Params, n: int = 40, seed: int = 3):
    return [gen.generate(params, item_rng("word_sorting", seed, i)) for i in range(n)]


def reference_order(payload: dict) -> list[str]:
    """Sort by tuples of alphabet ranks, the definition the verifier uses."""
    rank = {c: i for i, c in enumerate(payload["alphabet"])}
    return sorted(payload["words"], key=lambda w: [rank[c] for c in w], reverse=payload["descending"])


def brute_comparisons(keys: list) -> int:
    """n - 1 plus the inversions, counted pair by pair."""
    return len(keys) - 1 + sum(a > b for i, a in enumerate(keys) for b in keys[i + 1 :])


# -- 1. generation and the question text ----------------------------------------------------------------------


@pytest.mark.parametrize("level", range(1, 11))
def test_answer_is_the_reference_sort_and_hardness_counts_inversions(level):
    for inst in items(TASK.params(level), n=15, seed=level):
        p = inst.payload
        assert inst.answer == ", ".join(reference_order(p))
        rank = {c: i for i, c in enumerate(p["alphabet"])}
        assert inst.hardness == brute_comparisons([[rank[c] for c in w] for w in p["words"]])


def test_insertion_sort_matches_a_brute_force_count():
    rng = np.random.default_rng(0)
    for n in (1, 2, 5, 30):
        keys = [bytes(rng.integers(97, 100, size=int(rng.integers(1, 4))).tolist()) for _ in range(n)]
        keys = list(dict.fromkeys(keys))  # distinct, as the words are
        done, comparisons = gen._insertion_sort(keys)
        assert done == sorted(keys)
        assert comparisons == brute_comparisons(keys)


@pytest.mark.parametrize("front_letters", [0, 1, 3, 10, 26])
def test_front_letters_lead_the_alphabet_in_the_stated_order(front_letters):
    params = gen.Params(n_words=6, front_letters=front_letters)
    for inst in items(params, n=10):
        alphabet = inst.payload["alphabet"]
        assert sorted(alphabet) == list(string.ascii_lowercase)
        rest = alphabet[front_letters:]
        assert list(rest) == sorted(rest)  # only the front letters moved
        assert inst.fields["front"] == list(alphabet[:front_letters])
        question = english_q1(inst)
        assert f"The full order is: {' '.join(alphabet)}." in question
        if front_letters > 1:
            assert f"the letters {', '.join(alphabet[:front_letters])} are moved" in question


def test_front_letters_are_spread_over_the_alphabet():
    firsts = collections.Counter(i.payload["alphabet"][0] for i in items(gen.Params(front_letters=1), n=520))
    assert len(firsts) == 26 and max(firsts.values()) < 45  # about 20 each


def test_without_sharing_words_are_one_to_three_syllables_of_even_spread():
    words = [w for inst in items(gen.Params(n_words=20, shared_prefix=0.0), n=30) for w in inst.payload["words"]]
    assert all(SYLLABLE_WORD.fullmatch(w) for w in words)
    lengths = collections.Counter(len(w) for w in words)
    assert set(lengths) == {2, 4, 6} and min(lengths.values()) > 0.25 * len(words)


def test_shared_prefix_builds_words_on_earlier_words():
    def shared(params):
        count = 0
        for inst in items(params, n=20):
            words = inst.payload["words"]
            count += sum(any(w != v and w[:2] == v[:2] for v in words[:i]) for i, w in enumerate(words))
        return count

    assert shared(gen.Params(n_words=12, shared_prefix=0.8)) > 2 * shared(gen.Params(n_words=12, shared_prefix=0.0))


@pytest.mark.parametrize("params", [gen.Params(n_words=60, shared_prefix=0.9), gen.Params(n_words=2)])
def test_words_are_distinct_and_counted(params):
    for inst in items(params, n=10):
        assert len(inst.payload["words"]) == params.n_words == len(set(inst.payload["words"]))


def test_a_short_batch_is_topped_up_from_the_generator():
    params = gen.Params(n_words=25, shared_prefix=0.5)
    words = gen._words(params, [], np.random.default_rng(1))  # nothing drawn yet: all from redraws
    assert len(words) == 25 == len(set(words))


def test_descending_reverses_the_ascending_answer():
    up = gen.generate(gen.Params(n_words=9, descending=False), item_rng("word_sorting", 1, 1))
    down = gen.generate(gen.Params(n_words=9, descending=True), item_rng("word_sorting", 1, 1))
    assert up.payload["words"] == down.payload["words"]
    assert down.answer.split(", ") == up.answer.split(", ")[::-1]
    assert "in descending order under" in english_q1(down) and "in ascending order under" in english_q1(up)


def test_same_item_twice_is_identical_and_neighbours_differ():
    params = TASK.params(5)
    assert TASK.generate(params, 4, 2) == TASK.generate(params, 4, 2)
    assert TASK.generate(params, 4, 2).question != TASK.generate(params, 4, 3).question


def english_q1(inst) -> str:
    """The instance's question in the first English wording (today's 0.2.0 text)."""
    return prompts.render(TASK.module, "en", "q1", inst.fields)


WORDINGS = [(lang, m) for lang in prompts.LANGS for m in prompts.paraphrases(TASK.module, lang)]
_DOWN = ("in descending order under", "in reverse alphabetical", "from largest to smallest", "按降序排列", "从大到小")
_UP = ("in ascending order under", "in alphabetical order", "from smallest to largest", "按升序排列", "从小到大")


def solve_from_text(question: str) -> list[str]:
    """Sort the words exactly as the question text describes, in any wording or language (no payload):
    the alphabet is the line that holds all 26 letters once, the words the line of comma-separated words,
    the direction a keyword."""
    alphabet = words = None
    for line in question.split("\n"):
        letters = re.findall(r"(?<![a-z])[a-z](?![a-z])", line)
        if sorted(letters) == list(string.ascii_lowercase):
            alphabet = letters
        body = re.sub(r"^(Words|单词)[:：]\s*", "", line.strip())
        if re.fullmatch(r"[a-z]+(, [a-z]+)+", body):
            words = body.split(", ")
    assert alphabet and words, question
    descending = any(k in question for k in _DOWN)
    assert descending != any(k in question for k in _UP), question
    rank = {c: i for i, c in enumerate(alphabet)}
    return sorted(words, key=lambda w: [rank[c] for c in w], reverse=descending)


@pytest.mark.parametrize("level", range(1, 11))
def test_independent_solver_from_question_text_is_accepted(level):
    """Every wording in every language states the alphabet, the words and the direction: a solver that
    reads only the text gets the reference, and the usual ways of writing it all verify."""
    for seed in range(12):
        inst = TASK.generate(TASK.params(level), seed, 0)
        for lang, macro in WORDINGS:
            words = solve_from_text(prompts.render(TASK.module, lang, macro, inst.fields))
            assert ", ".join(words) == inst.answer, (lang, macro)
        forms = [
            ", ".join(words),
            ",".join(words),
            "\n".join(words),
            " ".join(words),
            str(words),
            ", ".join(w.upper() for w in words),
            ", ".join(words) + ".",
            "\n".join(f"{i + 1}. {w}" for i, w in enumerate(words)),
            "\n".join(f"{i + 1}) {w}" for i, w in enumerate(words)),
            "，".join(words),  # a Chinese comma
            "、".join(words),  # a Chinese list comma
        ]
        for form in forms:
            verdict = TASK.verify(inst.payload, wrap(form))
            assert verdict.correct, (level, seed, form, verdict)


def test_question_states_prefix_rule_for_both_directions_and_reads_well():
    inst = english_q1(TASK.generate(TASK.params(5), 0, 0))  # level 5 is descending
    assert "after it in descending order" in inst
    one = english_q1(TASK.generate(TASK.params(1), 0, 0))  # one front letter
    assert "the letter " in one and "the letters" not in one
    none = english_q1(TASK.generate(TASK.params(overrides={"front_letters": "0"}), 0, 0))
    assert "no letter is moved" in none and "letters none" not in none


# -- 2. verifier tables: adversarial cases with their expected reasons -----------------------------------------

SORT = {"alphabet": "cabdefghijklmnopqrstuvwxyz", "words": ["wacume", "ceji", "lo", "mozi"], "descending": False}
ORDER = ["ceji", "lo", "mozi", "wacume"]  # c sorts first in this alphabet
BA = {"alphabet": "bacdefghijklmnopqrstuvwxyz", "words": ["ab", "ba", "cd"], "descending": False}  # ba, ab, cd
AB = {"alphabet": string.ascii_lowercase, "words": ["ab", "ba"], "descending": False}

CASES = [
    # (payload, answer, expected reason; None: refused for any reason)
    (SORT, "\n".join(f"- {w}" for w in ORDER), "ok"),  # regression: a bulleted list was wrong_words
    (SORT, "\n".join(f"* {w}" for w in ORDER), "ok"),
    (SORT, "\n".join(f"\u2022 {w}" for w in ORDER), "ok"),
    (SORT, "`" + ", ".join(ORDER) + "`", "ok"),  # inline code
    (SORT, "\n".join(f"{i + 1}) {w}" for i, w in enumerate(ORDER)), "ok"),
    (SORT, "ceji\tlo\tmozi\twacume", "ok"),  # regression: tab-separated was wrong_count
    (SORT, "CEJI, LO, MOZI, WACUME", "ok"),
    (SORT, "\n".join(f"- {w}" for w in ORDER[::-1]), "violates:order"),  # bullets do not hide the order
    (SORT, "lo, ceji, mozi, wacume", "violates:order"),
    (SORT, "\n".join(f"- {w}" for w in ORDER[:3]) + "\n" + ORDER[3], "unknown_item"),  # a partly bulleted list
    (SORT, "\n".join(f"- {w}" for w in ORDER[:3]), "wrong_count"),
    (SORT, "\n".join(f"-{w}" for w in ORDER), "unknown_item"),  # no space: "-ceji" is a word, not a bullet
    (SORT, "\n".join(f"1. {w}" for w in ORDER), "unknown_item"),  # every number 1: not list positions
    (SORT, "- " + ", ".join(ORDER), "unknown_item"),  # one bullet before a comma list marks only the first word
    (SORT, "ceji, lo, mozi, wacume, ceji", "wrong_count"),
    (SORT, "ceji, lo, lo, mozi", "duplicate_item"),  # a duplicate in place of a word
    (SORT, "ceji < lo < mozi < wacume", "wrong_count"),
    (BA, "1. ba\n2. ab\n3. cd", "ok"),
    (BA, "- ba, - ab, - cd", "ok"),  # bullets on one line, split by commas
    (BA, "1. ba ab\n2. cd", "wrong_count"),  # two words in one numbered item
    (BA, "- ba - ab - cd", "wrong_count"),  # bullets inside one line are text
    (BA, "2. ab\n1. ba\n3. cd", "unknown_item"),  # numbers out of place are text, never an order
    (BA, "1. ba\n2. ab\n3. cd\n4. ab", "wrong_count"),
    (BA, "**ba**, **ab**, **cd**", "unknown_item"),  # bold per item is not dropped
    (BA, "\\boxed{ba}, \\boxed{ab, cd}", "unknown_item"),  # two boxes: the inside is garbage
    (AB, "1. ab\n2. ba", "ok"),  # numbered words are not mistaken for list numbers
    (AB, "2. ab\n1. ba", None),  # numbers out of place stay text
    (AB, "1. ba\n2. ab", None),  # wrong order still caught
]


@pytest.mark.parametrize(("payload", "answer", "reason"), CASES)
def test_table(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


_LOOKALIKES = str.maketrans("aeoiu", "\u0430\u0435\u043e\u0456\u057d")


def _near_misses(words: list[str]) -> list[str]:
    swapped = words[:]
    swapped[0], swapped[1] = swapped[1], swapped[0]
    return [
        ", ".join(words[:-1]),  # one missing
        ", ".join(words + [words[0]]),  # one duplicated
        ", ".join(swapped),  # adjacent swap
        ", ".join(words[::-1]),  # wrong direction
        ", ".join(words[:-1] + [words[-1] + "s"]),  # changed word
        ", ".join(w.translate(_LOOKALIKES) for w in words),  # Cyrillic/Armenian look-alike vowels
        ", ".join(words) + " or " + ", ".join(swapped),  # hedge
        "The sorted list is: " + ", ".join(words),  # prose
        " < ".join(words),
        "\n".join(f"{i + 2}. {w}" for i, w in enumerate(words)),  # numbering that is not positions
        "\n".join(f"1. {w}" for w in words[:1]) + "\n" + "\n".join(words[1:]),  # partial numbering
        ", ".join(words) + ", " + ", ".join(words),
        "",
    ]


@pytest.mark.parametrize("level", [2, 5, 9])
def test_near_misses_fail(level):
    for seed in range(5):
        inst = TASK.generate(TASK.params(level), seed, 0)
        words = inst.answer.split(", ")
        for bad in _near_misses(words) + [inst.question]:
            verdict = TASK.verify(inst.payload, wrap(bad))
            assert not verdict.correct, (level, seed, bad)


def test_hostile_input_is_refused_fast():
    payload = TASK.generate(TASK.params(10), 0, 0).payload
    hostile = ["\ufdfa" * 19_000, "a, " * 6000, "[" * 19_000, "1. " * 6000, "9" * 19_000, ", " * 9000, "\n" * 19_000]
    assert_refused_fast(TASK, [json.dumps(payload)], hostile, limit=0.2)
    assert_refused_fast(TASK, [SORT], HOSTILE_MIXED)


# -- 3. fuzz against an independent sort ----------------------------------------------------------------------


def test_fuzz_lists_match_an_independent_sort():
    rng = random.Random(3)
    layouts = [", ".join, " ".join, "\n".join, "\t".join, lambda w: str(list(w)),
               lambda w: "\n".join(f"- {x}" for x in w), lambda w: "\n".join(f"{i + 1}. {x}" for i, x in enumerate(w)),
               lambda w: ", ".join(w).upper(), lambda w: "; ".join(w).upper()]  # fmt: skip
    for level in (1, 4, 7, 10):
        for seed in range(3):
            p = TASK.generate(TASK.params(level), seed, 0).payload
            rank = {c: i for i, c in enumerate(p["alphabet"])}
            assert sorted(p["alphabet"]) == list(string.ascii_lowercase)
            want = sorted(p["words"], key=lambda w, rank=rank: [rank[c] for c in w], reverse=p["descending"])
            assert ORACLE(p) == [", ".join(want)]
            for _ in range(40):
                words, k = want[:], rng.randrange(7)
                if k == 0:  # any two swapped
                    i, j = rng.sample(range(len(words)), 2)
                    words[i], words[j] = words[j], words[i]
                elif k == 1:  # two neighbours swapped
                    i = rng.randrange(len(words) - 1)
                    words[i], words[i + 1] = words[i + 1], words[i]
                elif k == 2:
                    words.pop(rng.randrange(len(words)))
                elif k == 3:  # a duplicate inserted
                    words.insert(rng.randrange(len(words) + 1), rng.choice(words))
                elif k == 4:  # a duplicate in place of a word
                    words[rng.randrange(len(words))] = rng.choice(words)
                elif k == 5:
                    words.append(rng.choice(words))
                for layout in rng.sample(layouts, 4):
                    verdict = TASK.verify(p, wrap(layout(words)))
                    assert verdict.correct == (words == want), (level, seed, layout(words), verdict)


def test_oracle_on_a_repeated_word_and_a_short_list():
    tied = {"alphabet": string.ascii_lowercase, "words": ["ab", "cd", "ab"], "descending": True}
    assert ORACLE(tied) == ["cd, ab, ab"]  # the same word twice is one answer
    assert ORACLE({**SORT, "words": ["lo", "ceji"]}) == ["ceji, lo"]


# -- 4. the sibling split left word_sorting's items as they were -----------------------------------------------

# sha256 over 20 items per level (seed 0): question, prompt, answer, payload, fields and hardness in en and zh,
# taken before the module pair became TASKS (word_sorting + word_sorting_mistake).
SNAPSHOT = {
    1: "c7d73cae6d1ea04dec6b9dadc0643308904d430e5bb3d095bd0cb373f2d16ebb",
    5: "f1c276e509abe4015f031e07ef90713effc3c940733d4fd837bc16f77560e72c",
    10: "9c7601751d16b466dae2c4fc08aee305edfdbe78cf7695f7c3f072e0d38b8ed6",
}


@pytest.mark.parametrize("level", sorted(SNAPSHOT))
def test_word_sorting_items_are_unchanged_by_the_sibling(level):
    import hashlib

    digest = hashlib.sha256()
    for i in range(20):
        row = {}
        for lang in ("en", "zh"):
            inst = TASK.generate(TASK.params(level), 0, i, lang=lang)
            row[lang] = {
                "question": inst.question,
                "prompt": TASK.prompt_for(inst),
                "answer": inst.answer,
                "payload": inst.payload,
                "fields": inst.fields,
                "hardness": inst.hardness,
            }
        digest.update(json.dumps(row, sort_keys=True, ensure_ascii=False).encode())
    assert digest.hexdigest() == SNAPSHOT[level]


# -- 5. word_sorting_mistake: the first wrong step of a sorting trace ------------------------------------------

MISTAKE = get_task("word_sorting_mistake")


def wrong_steps(payload: dict) -> list[int]:
    """Every wrong step (1-based), each judged on the lists the step before it wrote, re-derived here from the
    rules the prompt states: comparisons by tuples of alphabet ranks, scans written with takewhile/reduce."""
    import functools
    import itertools
    import os

    rank = {c: i for i, c in enumerate(payload["alphabet"])}

    def key(w):
        return tuple(rank[c] for c in w)

    def ahead(a, b):  # a goes first in the required order
        return key(a) > key(b) if payload["descending"] else key(a) < key(b)

    def statement(x, y):
        p = len(os.path.commonprefix([x, y]))
        lx, ly = x[p : p + 1], y[p : p + 1]
        return [x, y, p + 1, lx, ly, lx == "" or (ly != "" and key(lx) < key(ly)), ahead(x, y)]

    words, bad = payload["words"], []
    sorted_, left = ([words[0]], []) if payload["style"] == "insertion" else ([], list(words))
    for n, step in enumerate(payload["steps"]):
        if payload["style"] == "insertion":
            word = words[n + 1]
            passed = list(itertools.takewhile(lambda v, w=word: ahead(w, v), reversed(sorted_)))
            compared = sorted_[::-1][: len(passed) + 1]
            cut = len(sorted_) - len(passed)
            want = {
                "word": word,
                "cmps": [statement(word, v) for v in compared],
                "list": sorted_[:cut] + [word] + sorted_[cut:],
                "left": [],
            }
        else:
            cmps = []

            def pick(a, b, cmps=cmps):
                cmps.append(statement(a, b))
                return a if ahead(a, b) else b

            word = functools.reduce(pick, left)
            i = left.index(word)
            want = {"word": word, "cmps": cmps, "list": sorted_ + [word], "left": left[:i] + left[i + 1 :]}
        if step != want:
            bad.append(n + 1)
        sorted_, left = step["list"], step["left"]
    if payload["style"] == "selection":
        assert len(left) <= 1, payload  # the trace ran until one word was left
    assert payload["final"] == sorted_ + left
    return bad


def MISTAKE_ORACLE(payload: dict) -> list[str]:
    """The one answer: the first wrong step, or none."""
    bad = wrong_steps(payload)
    return [str(bad[0]) if bad else "none"]


ORACLES = {"word_sorting_mistake": MISTAKE_ORACLE}


def mistake_items(level: int, n: int = 60, seed: int = 5, **over):
    params = MISTAKE.params(level, {k: str(v) for k, v in over.items()} if over else None)
    return [MISTAKE.generate(params, seed, i) for i in range(n)]


@pytest.mark.parametrize("level", range(1, 11))
def test_mistake_oracle_agrees_and_at_most_one_step_is_wrong(level):
    for inst in mistake_items(level, n=40, seed=level):
        bad = wrong_steps(inst.payload)
        assert len(bad) <= 1, (level, bad)  # later steps carry the error forward, done right on the wrong lists
        assert MISTAKE_ORACLE(inst.payload) == [inst.answer]
        assert inst.payload["mistake"] == (bad[0] if bad else 0)


@pytest.mark.parametrize("kind", ["letter", "order", "place", "drop", "repeat"])
@pytest.mark.parametrize("style", ["insertion", "selection"])
def test_every_mistake_kind_is_caught_by_the_oracle(kind, style):
    items = mistake_items(6, n=30, mistake_kinds=kind, trace_style=style, mistake_rate=1.0)
    for inst in items:
        assert inst.answer != "none" and MISTAKE_ORACLE(inst.payload) == [inst.answer], (kind, style)
    if kind == "letter":  # a misread letter is not the word's letter at that position
        for inst in items:
            step = inst.payload["steps"][int(inst.answer) - 1]
            assert any(c[3] != c[0][c[2] - 1 : c[2]] or c[4] != c[1][c[2] - 1 : c[2]] for c in step["cmps"])


@pytest.mark.parametrize("level", [1, 3, 5, 8, 10])
def test_constant_answers_score_low_and_no_mistake_is_a_minority(level):
    items = mistake_items(level, n=400, seed=11)
    answers = collections.Counter(i.answer for i in items)
    steps = [len(i.payload["steps"]) for i in items]
    assert 0.05 < answers["none"] / len(items) < 0.18
    for name, guess in [
        ("none", lambda s: "none"),
        ("1", lambda s: "1"),
        ("last", str),
        ("middle", lambda s: str((s + 1) // 2)),
    ]:
        rate = sum(i.answer == guess(s) for i, s in zip(items, steps)) / len(items)
        assert rate <= 0.16, (level, name, rate)
    assert max(answers.values()) / len(items) <= 0.16


def test_both_trace_styles_and_the_knobs_reach_the_trace():
    styles = collections.Counter(i.payload["style"] for i in mistake_items(9, n=60))
    assert set(styles) == {"insertion", "selection"} and min(styles.values()) > 15
    clean = mistake_items(3, n=20, mistake_rate=0.0)
    assert all(i.answer == "none" and not wrong_steps(i.payload) for i in clean)
    down = mistake_items(5, n=10)
    assert all(i.payload["descending"] for i in down)
    with pytest.raises(ValueError, match="mistake_kinds"):
        MISTAKE.params(1, {"mistake_kinds": "letter,typo"})


MISTAKE_PAYLOAD = {"steps": [{}] * 6, "mistake": 4}
NONE_PAYLOAD = {"steps": [{}] * 6, "mistake": 0}

MISTAKE_CASES = [
    (MISTAKE_PAYLOAD, "4", "ok"),
    (MISTAKE_PAYLOAD, "Step 4", "ok"),  # the step as the trace names it
    (MISTAKE_PAYLOAD, "step4", "ok"),
    (MISTAKE_PAYLOAD, "第4步", "ok"),  # the Chinese trace's name for it
    (MISTAKE_PAYLOAD, "第 4 步", "ok"),
    (MISTAKE_PAYLOAD, "４", "ok"),  # full-width digit, folded by extraction
    (MISTAKE_PAYLOAD, "“4”", "ok"),  # quoted
    (MISTAKE_PAYLOAD, "04", "ok"),
    (MISTAKE_PAYLOAD, "3", "wrong_answer"),
    (MISTAKE_PAYLOAD, "none", "wrong_answer"),
    (MISTAKE_PAYLOAD, "无", "wrong_answer"),
    (MISTAKE_PAYLOAD, "0", "out_of_range"),  # no step 0
    (MISTAKE_PAYLOAD, "7", "out_of_range"),  # past the last step
    (MISTAKE_PAYLOAD, "The first wrong step is 4", "parse_error"),  # never the last number of a sentence
    (MISTAKE_PAYLOAD, "Step 4: the letter is misread", "parse_error"),
    (MISTAKE_PAYLOAD, "4, 5", "parse_error"),  # a hedge over two steps
    (MISTAKE_PAYLOAD, "3 or 4", "parse_error"),
    (MISTAKE_PAYLOAD, "4.5", "parse_error"),
    (MISTAKE_PAYLOAD, "-4", "parse_error"),
    (MISTAKE_PAYLOAD, "four", "parse_error"),
    (MISTAKE_PAYLOAD, "٤", "parse_error"),  # another script's digit
    (MISTAKE_PAYLOAD, "Step", "parse_error"),
    (MISTAKE_PAYLOAD, "9" * 50, "too_long"),
    (NONE_PAYLOAD, "none", "ok"),
    (NONE_PAYLOAD, "None", "ok"),
    (NONE_PAYLOAD, "NONE", "ok"),
    (NONE_PAYLOAD, "无", "ok"),  # the Chinese answer format's label
    (NONE_PAYLOAD, "“无”", "ok"),
    (NONE_PAYLOAD, "0", "out_of_range"),  # 0 is not the no-mistake label
    (NONE_PAYLOAD, "no", "parse_error"),
    (NONE_PAYLOAD, "no mistake", "parse_error"),  # only the label the answer format states
    (NONE_PAYLOAD, "没有", "parse_error"),
    (NONE_PAYLOAD, "none of the steps", "parse_error"),
    (NONE_PAYLOAD, "1", "wrong_answer"),
    (NONE_PAYLOAD, "6", "wrong_answer"),
]


@pytest.mark.parametrize(("payload", "answer", "reason"), MISTAKE_CASES)
def test_mistake_table(payload, answer, reason):
    check_case(MISTAKE, payload, answer, reason)


def test_mistake_reference_in_both_languages_and_no_number_from_the_question_scores_unless_it_is_the_answer():
    for i in range(40):
        inst = MISTAKE.generate(MISTAKE.params(4), 2, i, lang="en")
        zh = MISTAKE.generate(MISTAKE.params(4), 2, i, lang="zh")
        assert inst.payload == zh.payload and zh.answer == ("无" if inst.answer == "none" else inst.answer)
        steps = len(inst.payload["steps"])
        for k in range(0, steps + 2):
            assert MISTAKE.verify(inst.payload, wrap(str(k))).correct == (str(k) == inst.answer)
        assert MISTAKE.verify(inst.payload, wrap("none")).correct == (inst.answer == "none")
        assert MISTAKE.verify(inst.payload, wrap("无")).correct == (inst.answer == "none")
        assert not MISTAKE.verify(inst.payload, wrap(inst.question)).correct


def test_mistake_questions_render_the_trace_in_their_language():
    for i in range(12):
        zh = MISTAKE.generate(MISTAKE.params(3), 4, i, lang="zh")
        en = MISTAKE.generate(MISTAKE.params(3), 4, i, lang="en")
        steps = len(zh.payload["steps"])
        assert f"第 {steps} 步：" in zh.question and "Step " not in zh.question and "Against" not in zh.question
        assert f"Step {steps}: " in en.question and "比较" not in en.question
        assert "无" in prompts.answer_format(MISTAKE.module, "zh", zh.fields)
        for word in zh.payload["words"]:
            assert word in zh.question and word in en.question


def test_mistake_hostile_input_is_refused_fast():
    payload = MISTAKE.generate(MISTAKE.params(10), 0, 0).payload
    hostile = ["\ufdfa" * 19_000, "4, " * 6000, "[" * 19_000, "Step " * 6000, "9" * 19_000, "无" * 9000]
    assert_refused_fast(MISTAKE, [json.dumps(payload)], hostile, limit=0.2)
    assert_refused_fast(MISTAKE, [MISTAKE_PAYLOAD], HOSTILE_MIXED)


def test_check_does_not_count_the_answer_none_as_a_corruption():
    """Regression: `logicforge check` tried the constant `none` as a corrupted answer and failed every item
    whose answer is `none` (no wrong step)."""
    from logicforge.tasks.check import run_check

    (report,) = run_check(MISTAKE, 30, levels=[1])
    assert report.failures == []

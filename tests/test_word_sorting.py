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

"""word_sorting generator: knob meanings, the sort and its hardness, redraws, determinism and speed."""

from __future__ import annotations

import collections
import re
import string

import numpy as np
import pytest

from logicforge.generators import word_sorting as gen
from logicforge.generators.base import item_rng
from logicforge.tasks import get_task

TASK = get_task("word_sorting")
SYLLABLE_WORD = re.compile(r"(?:[bcdfghjklmnprstvwz][aeiou]){1,3}")


def items(params: gen.Params, n: int = 40, seed: int = 3):
    return [gen.generate(params, item_rng("word_sorting", seed, i)) for i in range(n)]


def reference_order(payload: dict) -> list[str]:
    """Sort by tuples of alphabet ranks, the definition the verifier uses."""
    rank = {c: i for i, c in enumerate(payload["alphabet"])}
    return sorted(payload["words"], key=lambda w: [rank[c] for c in w], reverse=payload["descending"])


def brute_comparisons(keys: list) -> int:
    """n - 1 plus the inversions, counted pair by pair."""
    return len(keys) - 1 + sum(a > b for i, a in enumerate(keys) for b in keys[i + 1 :])


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
        assert f"The full order is: {' '.join(alphabet)}." in inst.question
        if front_letters > 1:
            assert f"the letters {', '.join(alphabet[:front_letters])} are moved" in inst.question


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
    assert "in descending order under" in down.question and "in ascending order under" in up.question


def test_same_item_twice_is_identical_and_neighbours_differ():
    params = TASK.params(5)
    assert TASK.generate(params, 4, 2) == TASK.generate(params, 4, 2)
    assert TASK.generate(params, 4, 2).question != TASK.generate(params, 4, 3).question

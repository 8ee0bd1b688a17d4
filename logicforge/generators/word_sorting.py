"""Word sorting: sort words under an alphabet in which some letters were moved to the front."""

from __future__ import annotations

import string
from dataclasses import dataclass

import numpy as np

from logicforge.generators._render import join_items
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = "the words in sorted order, separated by commas, e.g. word1, word2, word3"
_CONSONANTS = "bcdfghjklmnprstvwz"
_VOWELS = "aeiou"


@dataclass(frozen=True)
class Params(Knobs):
    n_words: int = knob(5, 2, 60, help="number of words to sort")
    front_letters: int = knob(2, 0, 26, help="letters moved to the front of the alphabet")
    shared_prefix: float = knob(0.0, 0.0, 0.9, help="share of words built on another word's prefix")
    descending: bool = knob(False, help="sort in descending order")


LEVELS = {
    1: Params(n_words=4, front_letters=1),
    2: Params(n_words=5, front_letters=2),
    3: Params(n_words=7, front_letters=2, shared_prefix=0.2),
    4: Params(n_words=9, front_letters=3, shared_prefix=0.3),
    5: Params(n_words=11, front_letters=3, shared_prefix=0.4, descending=True),
    6: Params(n_words=14, front_letters=4, shared_prefix=0.5),
    7: Params(n_words=18, front_letters=5, shared_prefix=0.5, descending=True),
    8: Params(n_words=24, front_letters=6, shared_prefix=0.6),
    9: Params(n_words=32, front_letters=8, shared_prefix=0.7, descending=True),
    10: Params(n_words=45, front_letters=10, shared_prefix=0.8, descending=True),
}


_SYLLABLES = [c + v for c in _CONSONANTS for v in _VOWELS]


def _words(params: Params, rng: np.random.Generator) -> list[str]:
    """Distinct pseudo-words; every random number is drawn in one batch (speed), redrawn if short."""
    words: list[str] = []
    seen: set[str] = set()
    while len(words) < params.n_words:
        m = 2 * params.n_words
        syl = rng.integers(0, len(_SYLLABLES), size=(m, 3)).tolist()
        counts = rng.integers(1, 4, size=m).tolist()
        share = (rng.random(m) < params.shared_prefix).tolist()
        picks, cuts, tails = rng.random(m).tolist(), rng.random(m).tolist(), rng.integers(1, 4, size=m).tolist()
        for k in range(m):
            if len(words) == params.n_words:
                break
            fresh = "".join(_SYLLABLES[x] for x in syl[k][: counts[k]])
            if words and share[k]:
                base = words[int(picks[k] * len(words))]
                word = base[: 1 + int(cuts[k] * len(base))] + fresh[: tails[k]]
            else:
                word = fresh
            if word not in seen:
                seen.add(word)
                words.append(word)
    return words


def _comparisons(keys: list[tuple[int, ...]]) -> int:
    """Comparisons an insertion sort makes: n - 1 plus the inversions (the solver's hardness)."""
    rank = {k: i for i, k in enumerate(sorted(keys))}
    order = [rank[k] for k in keys]
    inversions = sum(1 for i, a in enumerate(order) for b in order[i + 1 :] if a > b)
    return len(keys) - 1 + inversions


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Draw distinct pseudo-words and an alphabet; the sorted order is unique as words are distinct."""
    letters = list(string.ascii_lowercase)
    front = [letters[i] for i in rng.permutation(26)[: params.front_letters].tolist()]
    alphabet = front + [c for c in letters if c not in front]
    rank = {c: i for i, c in enumerate(alphabet)}
    words = _words(params, rng)
    keys = [tuple(rank[c] for c in w) for w in words]
    ordered = [w for _, w in sorted(zip(keys, words), reverse=params.descending)]
    direction = "descending" if params.descending else "ascending"
    if len(front) > 1:
        moved = f"the letters {', '.join(front)} are moved, in that order,"
    elif front:
        moved = f"the letter {front[0]} is moved"
    else:
        moved = "no letter is moved"
    rest = "the rest keep their usual order" if front else "every letter keeps its usual order"
    question = (
        f"Consider a new alphabet order: {moved} to the front of the English alphabet, and {rest}.\n"
        f"The full order is: {' '.join(alphabet)}.\nSort the following words "
        f"in {direction} order under this alphabet (compare letter by letter; a word that is a prefix "
        f"of another comes before it in ascending order and after it in descending order):\n"
        f"{join_items(words)}"
    )
    payload = {"alphabet": "".join(alphabet), "words": words, "descending": params.descending}
    return Instance(question, join_items(ordered), payload, float(_comparisons(keys)))

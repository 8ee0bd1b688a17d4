"""Word sorting: sort words under an alphabet in which some letters were moved to the front."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import numpy as np

from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = "the words in sorted order, separated by commas, e.g. word1, word2, word3"
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
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

# Every syllable is two letters (consonant + vowel), so a word of c syllables is 2c letters long.
_ONE = [c + v for c in _CONSONANTS for v in _VOWELS]
_TWO = [a + b for a in _ONE for b in _ONE]  # all two-syllable stems: one lookup instead of two
_N1, _N2 = len(_ONE), len(_TWO)
_N21 = _N2 * _N1
_FRESH = _N21 * 3  # (stem, third syllable, length) codes of a fresh word
_SHARE_BITS = 20  # resolution of the shared_prefix coin: 2**-20
_SHARE_MASK = (1 << _SHARE_BITS) - 1
_LOWER = _LETTERS.encode()


def _alphabet(front_letters: int, raw: list[int]) -> tuple[str, str]:
    """(front letters, full alphabet): the front is drawn without replacement, in draw order."""
    front, rest = "", _LETTERS
    for i in range(front_letters):
        c = rest[raw[i] % (26 - i)]  # a 64-bit draw mod <= 26: bias below 2**-59
        front += c
        rest = rest.replace(c, "")
    return front, front + rest


def _words(params: Params, raw: list[int], rng: np.random.Generator) -> list[str]:
    """Distinct pseudo-words, one 64-bit draw each, read as mixed-radix digits; redrawn if short.

    A fresh word has 1-3 uniform syllables. With probability shared_prefix it is instead an
    earlier word's prefix (at least one letter) plus 1-3 letters of the fresh word.
    """
    n, two, one = params.n_words, _TWO, _ONE  # locals: the loop below is the hot spot
    coin = int(params.shared_prefix * (1 << _SHARE_BITS))
    words: list[str] = []
    seen: set[str] = set()  # membership only: never iterated, so the hash seed cannot leak in
    while True:
        for x in raw:
            fresh = (two[x % _N2] + one[x // _N2 % _N1])[: 2 + 2 * (x // _N21 % 3)]
            x //= _FRESH  # the 43 bits left are independent of the fresh word
            if x & _SHARE_MASK < coin and words:
                x >>= _SHARE_BITS
                m = len(words)
                base = words[x % m]
                x //= m
                m = len(base)
                fresh = base[: 1 + x % m] + fresh[: 1 + x // m % 3]
            if fresh not in seen:
                seen.add(fresh)
                words.append(fresh)
                if len(words) == n:
                    return words
        raw = rng.bit_generator.random_raw(n).tolist()


def _insertion_sort(keys: list[bytes]) -> tuple[list[bytes], int]:
    """(sorted keys, comparisons a linear insertion sort makes: n - 1 + inversions).

    Binary insertion finds each key's slot in C; the inversions it jumps over are the
    comparisons a linear insertion sort would spend, the generator's hardness measure.

    >>> _insertion_sort([b"c", b"a", b"b"])
    ([b'a', b'b', b'c'], 4)
    """
    done: list[bytes] = []
    inversions = 0
    for i, key in enumerate(keys):
        slot = bisect_right(done, key)
        inversions += i - slot
        done.insert(slot, key)
    return done, len(keys) - 1 + inversions


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Draw distinct pseudo-words and an alphabet; the sorted order is unique as words are distinct."""
    n, k = params.n_words, params.front_letters
    raw = rng.bit_generator.random_raw(k + n + n // 2 + 2).tolist()  # one call; spares cover duplicates
    front, alphabet = _alphabet(k, raw)
    words = _words(params, raw[k:], rng)
    listed = ", ".join(words)
    # Renaming the new alphabet to a..z makes plain byte order the new alphabet's order.
    new = alphabet.encode()
    keys = listed.encode().translate(bytes.maketrans(new, _LOWER)).split(b", ")
    done, comparisons = _insertion_sort(keys)
    if params.descending:
        done.reverse()
    answer = b", ".join(done).translate(bytes.maketrans(_LOWER, new)).decode()
    payload = {"alphabet": alphabet, "words": words, "descending": params.descending}
    fields = {"front": list(front), "alphabet": alphabet, "descending": params.descending, "words": words}
    return Instance("", answer, payload, float(comparisons), fields)

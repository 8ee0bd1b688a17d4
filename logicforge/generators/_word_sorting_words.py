"""The word_sorting family's shared drawing: a custom alphabet and distinct pseudo-words (both siblings)."""

from __future__ import annotations

import numpy as np

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_CONSONANTS = "bcdfghjklmnprstvwz"
_VOWELS = "aeiou"

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


def _words(params, raw: list[int], rng: np.random.Generator) -> list[str]:
    """Distinct pseudo-words (`params.n_words` of them), one 64-bit draw each, read as mixed-radix digits;
    redrawn if short.

    A fresh word has 1-3 uniform syllables. With probability `params.shared_prefix` it is instead an
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

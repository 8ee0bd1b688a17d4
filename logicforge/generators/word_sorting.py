"""Word sorting: sort words under an alphabet in which some letters were moved to the front.

The module pair makes two sibling tasks (`TASKS`): `word_sorting` (below) and `word_sorting_mistake`
(find the first wrong step of a sorting trace, `_word_sorting_mistake.py`).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np

from logicforge.generators import _word_sorting_mistake as _mistake
from logicforge.generators._word_sorting_words import _LOWER, _alphabet, _words
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = "the words in sorted order, separated by commas, e.g. word1, word2, word3"


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


TASKS = {
    "word_sorting": SimpleNamespace(
        Params=Params, LEVELS=LEVELS, generate=generate, ANSWER_FORMAT=ANSWER_FORMAT, DESCRIPTION=__doc__
    ),
    "word_sorting_mistake": SimpleNamespace(
        Params=_mistake.Params,
        LEVELS=_mistake.LEVELS,
        generate=_mistake.generate,
        ANSWER_FORMAT=_mistake.ANSWER_FORMAT,
        DESCRIPTION=_mistake.__doc__,
    ),
}

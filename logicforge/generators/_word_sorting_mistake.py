"""Word sorting mistake: find the first wrong step of a word-sorting trace, or answer none.

The trace sorts the given words under the puzzle's alphabet by insertion sort (each step inserts the next
given word, comparing it with the list from its end) or selection sort (each step scans the words left
and moves the one that comes first to the sorted list). At most one step is spoilt; later steps carry its
error forward, done correctly on the wrong list. A step is wrong when something it states is false (a
letter it reads, which of two letters comes first in the alphabet, which word goes first), when it
compares other words than the method prescribes, or when its list is not what the step, done correctly on
the list before it, gives. Every step before the spoilt one is correct, so the first wrong step is unique.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators._word_sorting_words import _alphabet, _words
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = "the number of the first wrong step (just the number, e.g. 4), or none if every step is correct"
NONE = "none"
KINDS = ("letter", "order", "place", "drop", "repeat")
STYLES = ("insertion", "selection", "either")
_EASY, _ALL = "letter,order,drop,repeat", ",".join(KINDS)
# A comparison: [x, y, position (1-based), x's letter there, y's ("" where a word ended),
#                x's letter comes first in the alphabet (or x ended), x goes first in the required order]
Cmp = list


@dataclass(frozen=True)
class Params(Knobs):
    n_words: int = knob(9, 3, 30, help="number of words to sort (the trace has one step per word, less one)")
    front_letters: int = knob(0, 0, 26, help="letters moved to the front of the alphabet")
    shared_prefix: float = knob(0.0, 0.0, 0.9, help="share of words built on another word's prefix (later differences)")
    descending: bool = knob(False, help="sort in descending order")
    trace_style: str = knob("insertion", choices=STYLES, help="insertion sort, selection sort, or either per item")
    mistake_rate: float = knob(0.88, 0.0, 1.0, help="probability that the trace holds a mistake")
    mistake_kinds: str = knob(
        _EASY,
        help="comma-separated kinds to draw a mistake from: letter (a letter misread), order (two letters "
        "ordered wrongly), place (the list does not follow the comparisons), drop (a word lost), repeat "
        "(a word written twice)",
    )

    def check(self) -> None:
        kinds = self.kinds()
        if not kinds or any(k not in KINDS for k in kinds):
            raise ValueError(f"knob mistake_kinds={self.mistake_kinds!r} must list some of {', '.join(KINDS)}")

    def kinds(self) -> tuple[str, ...]:
        return tuple(k.strip() for k in self.mistake_kinds.split(",") if k.strip())


# One trace style per level up to 8 (a selection trace is about twice an insertion trace of the same words,
# so mixing them at one level made the hardness medians cross); both from level 9.
LEVELS = {
    1: Params(),
    2: Params(n_words=9, shared_prefix=0.2, front_letters=1),
    3: Params(n_words=10, front_letters=1, shared_prefix=0.3),
    4: Params(n_words=12, front_letters=2, shared_prefix=0.4, mistake_kinds=_ALL),
    5: Params(n_words=10, front_letters=3, shared_prefix=0.4, descending=True, trace_style="selection",
              mistake_kinds=_ALL),
    6: Params(n_words=11, front_letters=4, shared_prefix=0.5, trace_style="selection", mistake_kinds=_ALL),
    7: Params(n_words=12, front_letters=5, shared_prefix=0.6, descending=True, trace_style="selection",
              mistake_kinds=_ALL),
    8: Params(n_words=13, front_letters=6, shared_prefix=0.6, trace_style="selection", mistake_kinds=_ALL),
    9: Params(n_words=16, front_letters=8, shared_prefix=0.7, descending=True, trace_style="either",
              mistake_kinds=_ALL),
    10: Params(n_words=18, front_letters=10, shared_prefix=0.8, descending=True, trace_style="either",
               mistake_kinds=_ALL),
}  # fmt: skip


def _compare(x: str, y: str, rank: dict[str, int], descending: bool) -> Cmp:
    """The true comparison of two distinct words at their first difference."""
    i, m = 0, min(len(x), len(y))
    while i < m and x[i] == y[i]:
        i += 1
    lx, ly = x[i : i + 1], y[i : i + 1]
    first = not lx or (bool(ly) and rank[lx] < rank[ly])
    return [x, y, i + 1, lx, ly, first, first != descending]


def _twist(c: Cmp, kind: str, draw: int, rank: dict[str, int], alphabet: str, descending: bool) -> Cmp:
    """Spoil one comparison of two letters: `letter` misreads one word's letter so that the order flips,
    preferring a letter of that word's neighbouring position; `order` states the two letters' order
    wrongly. Either way the word order claimed follows the false statement."""
    x, y, pos, lx, ly, first, _ = c
    if kind == "letter":
        flips = []  # (side, letter): letters that, read instead, reverse which letter comes first
        for side, word, other in ((3, x, ly), (4, y, lx)):
            up = (side == 3) == first  # the misread letter must come after the other word's letter
            near = [word[j] for j in (pos - 2, pos) if 0 <= j < len(word)]
            for tier, pool in ((0, near), (1, alphabet)):
                flips += [(tier, side, a) for a in pool if (rank[a] > rank[other]) == up and a != other]
        if flips:
            best = min(f[0] for f in flips)
            flips = [f for f in flips if f[0] == best]
            _, side, letter = flips[draw % len(flips)]
            c = c[:]
            c[side] = letter
            c[5] = rank[c[3]] < rank[c[4]]
            c[6] = c[5] != descending
            return c
    return [x, y, pos, lx, ly, not first, (not first) != descending]


def _spoil(out: list[str], kind: str, draw: int, moved: int) -> list[str]:
    """The list a `place`, `drop` or `repeat` mistake writes instead of `out` (`moved`: the word placed)."""
    out = out[:]
    if kind == "drop":
        out.pop(draw % len(out))
    elif kind == "repeat":
        word = out[draw % len(out)]
        spots = [j for j in range(len(out) + 1) if j != draw % len(out) and j != draw % len(out) + 1]
        out.insert(spots[draw // len(out) % len(spots)] if spots else 0, word)
    else:  # place: the placed word lands one slot off
        word = out.pop(moved)
        j = moved + (1 if moved == 0 or (draw & 1 and moved < len(out)) else -1)
        out.insert(j, word)
    return out


def _trace(words: list[str], style: str, rank: dict, alphabet: str, descending: bool, fault=None) -> list[dict]:
    """The steps of the sort, with `fault` = (step, kind, comparison, draw) spoiling one step, or none."""
    steps: list[dict] = []
    done, left = ([words[0]], words[1:]) if style == "insertion" else ([], words[:])
    while left if style == "insertion" else len(left) > 1:
        bad = fault if fault is not None and fault[0] == len(steps) else None
        cmps: list[Cmp] = []

        def judge(x, y, bad=bad, cmps=cmps):
            c = _compare(x, y, rank, descending)
            if bad and bad[1] in ("letter", "order") and bad[2] == len(cmps):
                c = _twist(c, bad[1], bad[3], rank, alphabet, descending)
            cmps.append(c)
            return c[6]

        if style == "insertion":
            word, left = left[0], left[1:]
            slot = len(done)
            while slot > 0 and judge(word, done[slot - 1]):
                slot -= 1
            out, rest = done[:slot] + [word] + done[slot:], []
        else:
            word = left[0]
            for y in left[1:]:
                if not judge(word, y):
                    word = y
            slot = len(done)
            out, rest = done + [word], left[: left.index(word)] + left[left.index(word) + 1 :]
        if bad and bad[1] in ("place", "drop", "repeat"):
            kind, draw = bad[1], bad[3]
            if style == "selection" and kind == "repeat" and draw & 1:
                rest = left[:]  # the moved word is also kept among the words left
            elif style == "selection" and kind == "drop" and draw & 1 and rest:
                rest = _spoil(rest, kind, draw >> 1, 0)
            else:
                out = _spoil(out, kind, draw >> 1, slot)
        steps.append({"word": word, "cmps": cmps, "list": out, "left": rest})
        done, left = out, (left if style == "insertion" else rest)
    return steps


def _faults(steps: list[dict], style: str, kinds: tuple[str, ...]) -> list[list[tuple[str, int]]]:
    """Per step, the (kind, comparison) mistakes it can take: letter and order need two letters to compare,
    place in a selection step needs a word before the one moved."""
    out = []
    for s, step in enumerate(steps):
        pairs = [i for i, c in enumerate(step["cmps"]) if c[3] and c[4]]
        options = []
        for kind in kinds:
            if kind in ("letter", "order"):
                options += [(kind, i) for i in pairs]
            elif kind != "place" or style == "insertion" or s > 0:
                options.append((kind, -1))
        out.append(options)
    return out


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Draw words, an alphabet and a sort trace; spoil one uniformly drawn step with probability mistake_rate."""
    n, k = params.n_words, params.front_letters
    raw = rng.bit_generator.random_raw(k + n + n // 2 + 2).tolist()
    front, alphabet = _alphabet(k, raw)
    words = _words(params, raw[k:], rng)
    style = params.trace_style if params.trace_style != "either" else STYLES[int(rng.integers(2))]
    rank = {c: i for i, c in enumerate(alphabet)}
    steps = _trace(words, style, rank, alphabet, params.descending)
    options = _faults(steps, style, params.kinds())
    open_steps = [s for s, o in enumerate(options) if o]
    mistake = 0
    if open_steps and rng.random() < params.mistake_rate:
        s = open_steps[int(rng.integers(len(open_steps)))]
        kinds = sorted({kind for kind, _ in options[s]}, key=KINDS.index)
        kind = kinds[int(rng.integers(len(kinds)))]
        spots = [i for kd, i in options[s] if kd == kind]
        if kind == "order":  # prefer the slip of using the usual alphabet where it disagrees with this one
            slips = [i for i in spots if (steps[s]["cmps"][i][3] < steps[s]["cmps"][i][4]) != steps[s]["cmps"][i][5]]
            spots = slips if slips and rng.random() < 0.7 else spots
        fault = (s, kind, spots[int(rng.integers(len(spots)))], int(rng.integers(1 << 30)))
        steps, mistake = _trace(words, style, rank, alphabet, params.descending, fault), s + 1
    final = steps[-1]["list"] + steps[-1]["left"]
    fields = {"front": list(front), "alphabet": alphabet, "descending": params.descending, "words": words,
              "style": style, "steps": steps, "final": final}  # fmt: skip
    # hardness: the letters read and list entries checked to clear the whole trace (its length x depth)
    hardness = sum(sum(c[2] for c in st["cmps"]) + len(st["list"]) + len(st["left"]) for st in steps)
    return Instance("", str(mistake or NONE), {**fields, "mistake": mistake}, float(hardness), fields)

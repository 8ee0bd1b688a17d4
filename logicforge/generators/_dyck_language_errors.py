"""Dyck language errors: give the 1-based position of the first error in a bracket sequence, or valid."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators._dyck_language_walk import CLOSER, PAIRS, walk
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = (
    "one number, the position of the first error counting the first bracket as 1 (the number of brackets plus one "
    "when the only error is brackets left open at the end), or the word valid if the sequence is balanced"
)
VALID = "valid"  # the label of a balanced sequence (zh: 合法)
FIRST_ERROR = 5  # errors are made at position 5 or later: no digit a question shows (1 to 4) is an answer


@dataclass(frozen=True)
class Params(Knobs):
    n_types: int = knob(3, 1, 4, help="bracket kinds used, taken in order from () [] {} <>")
    length: int = knob(12, 12, 400, help="number of brackets in the sequence (even)")
    depth: int = knob(3, 2, 200, help="maximum nesting depth of the sequence before an error is made in it")
    valid_share: float = knob(0.1, 0.0, 0.5, help="share of balanced sequences (answer: valid)")
    unclosed_share: float = knob(
        0.1, 0.0, 0.5, help="share of sequences whose only error is brackets left open at the end (answer: n + 1)"
    )

    def check(self) -> None:
        if self.length % 2:
            raise ValueError(f"knob length={self.length} must be even")
        if 2 * self.depth > self.length:
            raise ValueError(f"knob depth={self.depth} exceeds half of length={self.length}")
        if self.valid_share + self.unclosed_share > 0.8:
            raise ValueError(
                f"knobs valid_share={self.valid_share} + unclosed_share={self.unclosed_share} exceed 0.8: "
                "most items must have an error to locate"
            )


LEVELS = {
    1: Params(n_types=3, length=14, depth=3),
    2: Params(n_types=3, length=18, depth=4),
    3: Params(n_types=3, length=22, depth=5),
    4: Params(n_types=4, length=26, depth=6),
    5: Params(n_types=4, length=32, depth=7),
    6: Params(n_types=4, length=40, depth=8),
    7: Params(n_types=4, length=50, depth=10),
    8: Params(n_types=4, length=62, depth=12),
    9: Params(n_types=4, length=76, depth=14),
    10: Params(n_types=4, length=90, depth=16),
}


def first_error(seq: str) -> int | None:
    """The 1-based position of the first closing bracket that closes nothing or the wrong kind; len + 1
    when none does but brackets are left open; None for a balanced sequence.

    >>> first_error("([)]"), first_error("(()"), first_error("())"), first_error("[]") is None
    (3, 4, 3, True)
    """
    stack: list[str] = []
    for pos, ch in enumerate(seq, 1):
        if ch in CLOSER:
            stack.append(CLOSER[ch])
        elif not stack or stack.pop() != ch:
            return pos
    return len(seq) + 1 if stack else None


def _change(base: str, n_types: int, rng: np.random.Generator) -> str:
    """`base` with one bracket replaced by another, or two neighbours swapped, at position FIRST_ERROR or later.

    The position leans early (a power of a uniform draw): an error often shows only at a later closing bracket,
    and an even draw would pile the answers up near the end, where guessing the length would pay.
    """
    n = len(base)
    lo = max(FIRST_ERROR, n // 5)
    q = lo - 1 + int((n - lo + 1) * rng.random() ** 1.3)  # 0-based
    chars = list(base)
    if rng.random() < 0.3 and q + 1 < n:
        chars[q], chars[q + 1] = chars[q + 1], chars[q]
    else:
        alphabet = "".join(PAIRS[:n_types])
        chars[q] = alphabet[int(rng.integers(len(alphabet)))]
    return "".join(chars)


def _with_error(params: Params, rng: np.random.Generator) -> str:
    """A sequence with a first error at a position 5..n (never a balanced one, never one only left open)."""
    while True:  # about one draw in ten fails (a no-op change): the loop ends fast
        base = walk(params.length, params.depth, 0, params.n_types, rng)[0]
        for _ in range(8):
            seq = _change(base, params.n_types, rng)
            pos = first_error(seq)
            if pos is not None and FIRST_ERROR <= pos <= len(seq):
                return seq


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """A balanced walk, a valid prefix left open, or a walk with one bracket changed; the answer is simulated."""
    roll = rng.random()
    if roll < params.valid_share:
        seq = walk(params.length, params.depth, 0, params.n_types, rng)[0]
    elif roll < params.valid_share + params.unclosed_share:
        end = 2 * int(rng.integers(1, min(params.depth, 8) // 2 + 1))  # an even number left open
        seq = walk(params.length, params.depth, end, params.n_types, rng)[0]
    else:
        seq = _with_error(params, rng)
    pos = first_error(seq)
    read = len(seq) if pos is None else min(pos, len(seq))
    depth = deepest = 0
    for ch in seq[:read]:
        depth = depth + 1 if ch in CLOSER else max(depth - 1, 0)
        deepest = max(deepest, depth)
    fields = {"pairs": list(PAIRS[: params.n_types]), "sequence": seq}
    # Hardness: the brackets a stack reader must take in before it can answer, plus the stack it must hold.
    return Instance("", VALID if pos is None else str(pos), {"sequence": seq}, float(read + deepest), fields)

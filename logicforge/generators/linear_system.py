"""Linear system: solve n integer linear equations in n unknowns that have exactly one solution."""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = (
    "each variable with its exact value, separated by commas, e.g. x = 3, y = -2/5, z = 1 "
    "(fractions as a/b; a decimal only if it is exactly the value)"
)
_LETTERS = ("x", "y", "z", "w")
_TRIES = 200  # singular draws are rare (about 1 in 10 at the smallest coefficient range)


@dataclass(frozen=True)
class Params(Knobs):
    n_vars: int = knob(3, 2, 6, help="number of unknowns (and of equations)")
    coef_max: int = knob(5, 1, 30, help="coefficients are integers in [-coef_max, coef_max]")
    value_max: int = knob(5, 1, 50, help="every solution value lies in [-value_max, value_max]")
    max_denominator: int = knob(1, 1, 61, help="1 for integer solutions; else a common denominator up to this")

    def check(self) -> None:
        # The last coefficient of each row is picked from one residue class mod the denominator,
        # so the coefficient range must cover every class.
        if self.max_denominator > 2 * self.coef_max + 1:
            raise ValueError(
                f"knob max_denominator={self.max_denominator} must be at most 2*coef_max+1="
                f"{2 * self.coef_max + 1}"
            )


LEVELS = {
    1: Params(n_vars=2, coef_max=3, value_max=5),
    2: Params(n_vars=2, coef_max=6, value_max=9),
    3: Params(n_vars=3, coef_max=4, value_max=6),
    4: Params(n_vars=3, coef_max=8, value_max=9),
    5: Params(n_vars=3, coef_max=12, value_max=8, max_denominator=6),
    6: Params(n_vars=4, coef_max=9, value_max=6, max_denominator=5),
    7: Params(n_vars=4, coef_max=12, value_max=8, max_denominator=8),
    8: Params(n_vars=5, coef_max=12, value_max=8, max_denominator=10),
    9: Params(n_vars=5, coef_max=15, value_max=10, max_denominator=15),
    10: Params(n_vars=6, coef_max=20, value_max=12, max_denominator=24),
}


def variable_names(n: int) -> list[str]:
    """x, y, z, w for up to four unknowns, else x1..xn.

    >>> variable_names(3), variable_names(5)[-1]
    (['x', 'y', 'z'], 'x5')
    """
    return list(_LETTERS[:n]) if n <= len(_LETTERS) else [f"x{i + 1}" for i in range(n)]


def _row(numerators: list[int], d: int, pivots: list[int], c: int, rng: np.random.Generator) -> list[int]:
    """Coefficients in [-c, c] whose dot product with `numerators` is divisible by `d`.

    All but one pivot coefficient are free; the pivot (whose numerator is invertible mod d)
    is then drawn from the one residue class that makes the sum divisible.
    """
    n = len(numerators)
    row = [int(v) for v in rng.integers(-c, c + 1, size=n)]
    if d == 1:
        return row
    p = pivots[int(rng.integers(len(pivots)))]
    rest = sum(row[j] * numerators[j] for j in range(n) if j != p)
    residue = (-rest * pow(numerators[p], -1, d)) % d
    choices = [v for v in range(-c, c + 1) if (v - residue) % d == 0]
    row[p] = choices[int(rng.integers(len(choices)))]
    return row


def solve_exact(a: list[list[int]], b: list[int]) -> tuple[list[Fraction] | None, int]:
    """Fraction-free (Bareiss) elimination: the unique solution, or None if singular, and the work
    (total bit length of every intermediate entry, which grows with size and coefficient range).

    >>> solve_exact([[1, 1], [1, -1]], [3, 1])[0]
    [Fraction(2, 1), Fraction(1, 1)]
    """
    n = len(a)
    m = [list(r) + [v] for r, v in zip(a, b)]
    prev, work = 1, 0
    for k in range(n):
        pivot = next((i for i in range(k, n) if m[i][k] != 0), None)
        if pivot is None:
            return None, work
        m[k], m[pivot] = m[pivot], m[k]
        for i in range(k + 1, n):
            for j in range(k + 1, n + 1):
                m[i][j] = (m[k][k] * m[i][j] - m[i][k] * m[k][j]) // prev
                work += m[i][j].bit_length() + 1
            m[i][k] = 0
        prev = m[k][k]
    x = [Fraction(0)] * n
    for i in range(n - 1, -1, -1):
        s = Fraction(m[i][n]) - sum(m[i][j] * x[j] for j in range(i + 1, n))
        x[i] = s / m[i][i]
        work += x[i].numerator.bit_length() + x[i].denominator.bit_length()
    return x, work


def _draw(params: Params, rng: np.random.Generator) -> tuple[list[list[int]], list[int], list[Fraction], int] | None:
    """One attempt: (coefficients, constants, solution, work), or None when singular or unlucky."""
    n, c, dmax = params.n_vars, params.coef_max, params.max_denominator
    d = 1 if dmax == 1 else int(rng.integers(2, dmax + 1))
    bound = params.value_max * d
    numerators = [int(v) for v in rng.integers(-bound, bound + 1, size=n)]
    pivots = [j for j in range(n) if math.gcd(numerators[j], d) == 1]
    if not pivots:
        return None  # no value would have denominator d: draw again
    a = [_row(numerators, d, pivots, c, rng) for _ in range(n)]
    b = [sum(r[j] * numerators[j] for j in range(n)) // d for r in a]
    x, work = solve_exact(a, b)
    if x is None:
        return None
    if x != [Fraction(v, d) for v in numerators]:
        raise RuntimeError(f"linear_system: elimination disagrees with the construction for {a}, {b}")
    return a, b, x, work


def _term(coef: int, name: str, first: bool) -> str:
    mag = "" if abs(coef) == 1 else str(abs(coef))
    body = f"{mag}*{name}" if mag and len(name) > 1 else f"{mag}{name}"
    if first:
        return f"-{body}" if coef < 0 else body
    return f" - {body}" if coef < 0 else f" + {body}"


def equation_text(row: list[int], rhs: int, names: list[str]) -> str:
    """One equation, zero terms dropped: `2x - y + 3z = 7`.

    >>> equation_text([2, -1, 0], 7, ["x", "y", "z"]), equation_text([0, 3], -1, ["x1", "x2"])
    ('2x - y = 7', '3*x2 = -1')
    """
    terms = [(c, v) for c, v in zip(row, names) if c != 0]
    left = "".join(_term(c, v, i == 0) for i, (c, v) in enumerate(terms)) or "0"
    return f"{left} = {rhs}"


def value_text(v: Fraction) -> str:
    """An exact value as `3` or `-2/5`."""
    return str(v.numerator) if v.denominator == 1 else f"{v.numerator}/{v.denominator}"


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Pick a solution (integer, or with a common denominator), build integer rows that keep the
    constants integral, and keep the draw only when elimination proves the matrix non-singular."""
    for _ in range(_TRIES):
        drawn = _draw(params, rng)
        if drawn is not None:
            break
    else:
        raise ValueError(f"linear_system: no non-singular system found for {params}; raise coef_max")
    a, b, x, work = drawn
    names = variable_names(params.n_vars)
    answer = ", ".join(f"{v} = {value_text(s)}" for v, s in zip(names, x))
    payload = {"variables": names, "coefficients": a, "constants": b}
    # Equations are written once here (math is language-neutral); the matrix form reads the numbers.
    equations = [equation_text(r, v, names) for r, v in zip(a, b)]
    fields = {"names": names, "equations": equations, "coefficients": a, "constants": b}
    return Instance("", answer, payload, float(work), fields)

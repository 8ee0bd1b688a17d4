"""Buggy tables: the record themes (language-neutral ids), number formatting and the query evaluator.

Every number is held as an integer in hundredths (2.35 -> 235), so sums, comparisons and rounding are exact.
The templates (tasks/templates/buggy_tables/<lang>.j2) hold each language's names, headers and words.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Num:
    """A numeric column: values lo..hi in steps of 10**-dec (bounds written at that resolution), and
    optionally a smaller unit some values may be recorded in (its symbol and how many make one)."""

    lo: int
    hi: int
    dec: int
    alt: tuple[str, int] | None = None


N_NAMES = 32  # names per theme in the templates: ids <prefix>0 .. <prefix>31
THEMES = {
    "staff": {
        "key": "person",
        "prefix": "N",
        "cats": {
            "dept": ("sales", "design", "legal", "support", "finance"),
            "grade": ("junior", "middle", "senior"),
            "site": ("harbor", "airport", "downtown", "campus"),
        },
        "nums": {
            "age": Num(22, 64, 0),
            "salary": Num(2400, 9800, 0),
            "years": Num(1, 35, 0),
            "height": Num(150, 199, 2, ("cm", 100)),
            "score": Num(500, 999, 1),
        },
    },
    "products": {
        "key": "product",
        "prefix": "P",
        "cats": {
            "color": ("red", "blue", "green", "black", "white"),
            "maker": ("aster", "borealis", "corvid", "dune"),
            "market": ("online", "store"),
        },
        "nums": {
            "price": Num(300, 19999, 2),
            "stock": Num(0, 500, 0),
            "weight": Num(20, 2500, 2, ("g", 1000)),
            "sold": Num(10, 900, 0),
            "rating": Num(10, 50, 1),
        },
    },
    "cities": {
        "key": "city",
        "prefix": "C",
        "cats": {
            "region": ("north", "south", "east", "west"),
            "climate": ("dry", "humid", "mild"),
            "coast": ("coastal", "inland"),
        },
        "nums": {
            "population": Num(40, 2500, 0),
            "area": Num(50, 1500, 0),
            "rain": Num(200, 1800, 0),
            "temp": Num(40, 280, 1),
            "dist": Num(500, 80000, 2, ("m", 1000)),
        },
    },
}
AGGREGATES = ("sum", "mean", "range", "percent")
NUM_OPS = ("gt", "lt", "ge", "le")
CAT_OPS = ("eq", "ne")


def show(hundredths: int, dec: int) -> str:
    """A value in hundredths written with `dec` decimals (its resolution): show(235, 2) == "2.35"."""
    whole, frac = divmod(hundredths, 100)
    return str(whole) if dec == 0 else f"{whole}.{frac // 10}" if dec == 1 else f"{whole}.{frac:02d}"


def cents(value: tuple[int, int]) -> int:
    """A value num/den (in hundredths) rounded half-up to a whole number of hundredths."""
    num, den = value
    return (2 * num + den) // (2 * den)


def is_tie(value: tuple[int, int]) -> bool:
    """Whether num/den lies exactly halfway between two hundredths (half-up and half-even would differ)."""
    num, den = value
    return (2 * num) % (2 * den) == den


def holds(cell: object, op: str, target: object) -> bool:
    """One condition on one cell; a cell of the wrong type (a number where a word is asked, a gap) fails."""
    if op in CAT_OPS:
        return isinstance(cell, str) and (cell == target) == (op == "eq")
    if not isinstance(cell, int):
        return False
    return {"gt": cell > target, "lt": cell < target, "ge": cell >= target, "le": cell <= target}[op]


def evaluate(header: list[str], records: list[list], query: dict) -> tuple[int, int] | None:
    """The query's value num/den in hundredths over records (lists aligned with `header`; numbers in
    hundredths, words as ids, None for a gap), or None where it is undefined (no matching value; a range
    of fewer than two). Gaps are skipped by the aggregate; percent counts every record in the denominator."""
    at = {c: i for i, c in enumerate(header)}
    if any(c not in at for c, _, _ in query["conds"]) or (query["col"] is not None and query["col"] not in at):
        return None
    rows = [r for r in records if all(holds(r[at[c]], op, t) for c, op, t in query["conds"])]
    if query["agg"] == "percent":
        return (10000 * len(rows), len(records)) if rows and records else None
    values = [r[at[query["col"]]] for r in rows]
    values = [v for v in values if isinstance(v, int)]
    if query["agg"] == "sum":
        return (sum(values), 1) if values else None
    if query["agg"] == "mean":
        return (sum(values), len(values)) if values else None
    return (max(values) - min(values), 1) if len(values) >= 2 else None

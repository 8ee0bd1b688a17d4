"""Buggy tables: repair a table that has one described corruption, then run a conditional aggregate query on it."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from logicforge.generators._buggy_tables_bugs import KINDS, corrupt, naive
from logicforge.generators._buggy_tables_data import (
    AGGREGATES,
    CAT_OPS,
    N_NAMES,
    NUM_OPS,
    THEMES,
    cents,
    evaluate,
    holds,
    is_tie,
    show,
)
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = "one number rounded to 2 decimal places (half up), digits only, e.g. 123.45"
ROUND = 25  # draws with one corruption kind and aggregate before both are drawn again
TRIES = 200  # draws before settling for an item where ignoring the corruption happens to give the answer
# Numbers every prompt may show besides the table's (2 decimal places, cell 1, 100 percent, 1000 g per kg, and
# the answer format's example, 123.45), in hundredths.
_CONSTANTS = {100 * k for k in (*range(11), 100, 1000)} | {12345}
_DIGITS = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_EASY = "null,dup,unit"


@dataclass(frozen=True)
class Params(Knobs):
    rows: int = knob(5, 4, 32, help="records in the repaired table")
    columns: int = knob(3, 3, 8, help="data columns besides the name column (words and numbers)")
    conditions: int = knob(1, 1, 3, help="conditions of the query, joined by 'and'")
    corruptions: str = knob(
        _EASY,
        help="comma-separated kinds to draw the one corruption from: null (values missing, listed), merge (two "
        "records on one line), shift (a column moved down k rows), dup (records entered twice), junk (a junk "
        "cell in every line), unit (values in a smaller unit)",
    )
    aggregates: str = knob("sum,mean", help="comma-separated aggregates to draw from: sum, mean, range, percent")
    bug_size: int = knob(1, 1, 6, help="cells or lines the corruption touches (NULLs, merges, copies, k of shift)")
    subtle: bool = knob(False, help="gaps left empty, converted values unmarked, copies anywhere below")

    def check(self) -> None:
        for name, allowed in (("corruptions", KINDS), ("aggregates", AGGREGATES)):
            got = _names(getattr(self, name))
            if not got or any(k not in allowed for k in got):
                raise ValueError(f"knob {name}={getattr(self, name)!r} must list some of {', '.join(allowed)}")
        if self.columns < self.conditions + 1:
            raise ValueError(f"knobs columns={self.columns}, conditions={self.conditions}: need columns > conditions")


def _names(text: str) -> tuple[str, ...]:
    return tuple(k.strip() for k in text.split(",") if k.strip())


_ALL, _MOST = ",".join(KINDS), "null,dup,unit,merge,shift"
LEVELS = {
    1: Params(),
    2: Params(rows=6, corruptions=_EASY + ",merge"),
    3: Params(rows=8, columns=4, corruptions=_MOST, aggregates="sum,mean,percent", bug_size=2),
    4: Params(rows=10, columns=4, conditions=2, corruptions=_ALL, aggregates="sum,mean,range,percent", bug_size=2),
    5: Params(rows=12, columns=5, conditions=2, corruptions=_ALL, aggregates="sum,mean,range,percent", bug_size=2),
    6: Params(rows=15, columns=5, conditions=2, corruptions=_ALL, aggregates="sum,mean,range,percent", bug_size=3,
              subtle=True),
    7: Params(rows=18, columns=6, conditions=2, corruptions=_ALL, aggregates="sum,mean,range,percent", bug_size=3,
              subtle=True),
    8: Params(rows=22, columns=7, conditions=3, corruptions=_ALL, aggregates="sum,mean,range,percent", bug_size=4,
              subtle=True),
    9: Params(rows=26, columns=8, conditions=3, corruptions=_ALL, aggregates="sum,mean,range,percent", bug_size=4,
              subtle=True),
    10: Params(rows=30, columns=8, conditions=3, corruptions=_ALL, aggregates="sum,mean,range,percent", bug_size=5,
               subtle=True),
}  # fmt: skip


def _table(params: Params, kind: str, rng: np.random.Generator) -> tuple[str, list[str], list[list]]:
    """(theme, header ids, records): a name column, then the drawn columns in a random order, values in
    hundredths. The unit corruption needs its theme's one column with a smaller unit."""
    theme = ("staff", "products", "cities")[int(rng.integers(3))]
    spec = THEMES[theme]
    cats, nums = list(spec["cats"]), list(spec["nums"])
    k_cat = int(rng.integers(max(1, params.columns - len(nums)), min(len(cats), params.columns - 2) + 1))
    chosen = [cats[int(i)] for i in rng.choice(len(cats), size=k_cat, replace=False)]
    pool = [c for c in nums if kind != "unit" or not spec["nums"][c].alt]
    must = [c for c in nums if kind == "unit" and spec["nums"][c].alt]
    picks = rng.choice(len(pool), size=params.columns - k_cat - len(must), replace=False)
    chosen += must + [pool[int(i)] for i in picks]
    chosen = [chosen[int(i)] for i in rng.permutation(len(chosen))]
    names = rng.choice(N_NAMES, size=params.rows, replace=False)
    records = []
    for i in names:
        row: list = [f"{spec['prefix']}{int(i)}"]
        for c in chosen:
            if c in spec["cats"]:
                row.append(spec["cats"][c][int(rng.integers(len(spec["cats"][c])))])
            else:
                num = spec["nums"][c]
                row.append(int(rng.integers(num.lo, num.hi + 1)) * 10 ** (2 - num.dec))
        records.append(row)
    return theme, [spec["key"], *chosen], records


def _query(params: Params, theme: str, header: list[str], records: list[list], kind: str, agg: str, rng) -> dict:
    """The aggregate's column and the conditions (each on its own column, thresholds taken from the table);
    the unit corruption's column is always one the query reads."""
    nums = THEMES[theme]["nums"]
    unit = [c for c in header if c in nums and nums[c].alt and kind == "unit"]
    col = None
    if agg != "percent":
        options = [c for c in header if c in nums]
        col = unit[0] if unit and rng.random() < 0.5 else options[int(rng.integers(len(options)))]
    pool = [c for c in header[1:] if c != col]
    conds = [pool[int(i)] for i in rng.choice(len(pool), size=params.conditions, replace=False)]
    if unit and col != unit[0] and unit[0] not in conds:
        conds[0] = unit[0]
    out = []
    for c in conds:
        value = records[int(rng.integers(len(records)))][header.index(c)]
        ops = NUM_OPS if c in nums else CAT_OPS[:1] * 3 + CAT_OPS[1:]
        out.append([c, ops[int(rng.integers(len(ops)))], value])
    return {"agg": agg, "col": col, "conds": out}


def _display(theme: str, header: list[str], records: list[list]) -> list[list[str]]:
    nums = THEMES[theme]["nums"]
    return [[show(v, nums[c].dec) if c in nums else v for c, v in zip(header, row)] for row in records]


def _shown_numbers(texts: list[str]) -> set[int]:
    """Every number the question shows, in hundredths (a copied number must never be the answer)."""
    found = set(_CONSTANTS)
    for text in texts:
        for m in _DIGITS.findall(text):
            whole, _, frac = m.partition(".")
            if len(frac) <= 2:
                found.add(int(whole) * 100 + int(frac.ljust(2, "0")))
    return found


def _draw(params: Params, kind: str, agg: str, rng: np.random.Generator) -> tuple[dict, bool] | None:
    """One candidate item (its parts, and whether ignoring the corruption gives another answer), or None
    when it breaks a hard rule: an empty selection, a rounding tie, an answer equal to a shown number."""
    theme, header, records = _table(params, kind, rng)
    query = _query(params, theme, header, records, kind, agg, rng)
    value = evaluate(header, records, query)
    if value is None or is_tie(value):
        return None
    nums = THEMES[theme]["nums"]
    qcols = [c for c in [query["col"], *(c for c, _, _ in query["conds"])] if c is not None]
    at = {c: i for i, c in enumerate(header)}
    hits = [r for r, row in enumerate(records) if all(holds(row[at[c]], op, t) for c, op, t in query["conds"])]
    lines, bug, touched = corrupt(kind, _display(theme, header, records), header, qcols, nums, params.bug_size,
                                  params.subtle, rng, hits)  # fmt: skip
    shown_header = header
    thresholds = [show(t, nums[c].dec) if c in nums else t for c, _, t in query["conds"]]
    bug_numbers = [str(v) for k, v in bug.items() if k != "kind" and not isinstance(v, bool)]
    texts = [cell for line in lines for cell in line] + thresholds + bug_numbers + [str(x) for x in bug.get("fill", [])]
    answer = cents(value)
    if answer in _shown_numbers(texts):
        return None
    ignored = evaluate(shown_header, naive(shown_header, lines), query)
    matched = evaluate(header, records, {"agg": "percent", "col": None, "conds": query["conds"]})
    differs = (ignored is None or cents(ignored) != answer) and matched is not None and matched[0] < 10000 * matched[1]
    parts = {"theme": theme, "header": header, "records": records, "lines": lines, "bug": bug, "query": query,
             "thresholds": thresholds, "answer": answer, "touched": touched}  # fmt: skip
    return parts, differs


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Draw a clean table and a query, corrupt the table; redraw until the item is sound and the corruption
    matters (up to TRIES draws; after that the first sound item)."""
    kinds, aggs = _names(params.corruptions), _names(params.aggregates)
    fallback = None
    for attempt in range(50 * TRIES):
        if attempt % ROUND == 0:  # the kind and aggregate stay for a round, so redraws keep the mix even
            kind = kinds[int(rng.integers(len(kinds)))]
            fits = [a for a in aggs if not (kind == "dup" and a == "range")] or aggs  # a copy never moves a range
            agg = fits[int(rng.integers(len(fits)))]
        drawn = _draw(params, kind, agg, rng)
        if drawn is None:
            continue
        parts, differs = drawn
        if differs:
            return _instance(params, parts)
        fallback = fallback or parts
        if attempt >= TRIES:
            return _instance(params, fallback)
    raise RuntimeError("buggy_tables: no sound item drawn")  # pragma: no cover - one comes within a few draws


def _instance(params: Params, p: dict) -> Instance:
    query, header = p["query"], p["header"]
    conds = [{"col": c, "op": op, "val": shown} for (c, op, _), shown in zip(query["conds"], p["thresholds"])]
    fields = {"theme": p["theme"], "header": header, "lines": p["lines"], "bug": p["bug"],
              "query": {"agg": query["agg"], "col": query["col"], "conds": conds}}  # fmt: skip
    answer = show(p["answer"], 2)
    payload = {"header": header, "rows": p["records"], "lines": p["lines"], "bug": p["bug"], "query": query,
               "answer": answer}  # fmt: skip
    hardness = p["touched"] + len(p["records"]) * params.conditions
    return Instance("", answer, payload, float(hardness), fields)

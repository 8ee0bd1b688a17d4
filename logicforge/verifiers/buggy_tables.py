"""Buggy tables verifier: one decimal number, compared with the query re-run on the payload's repaired table.

Payload: `header` (column ids, the name column first), `rows` (the repaired table: word ids, numbers in
hundredths), `query` (`agg`: sum, mean, range (largest less smallest) or percent (share of all records, in
percent); `col`: the aggregated column, None for percent; `conds`: [column, op, target], all must hold; ops
gt, lt, ge, le on numbers in hundredths, eq, ne on word ids), `answer` (the value rounded half up to 2
decimals, written with 2 decimals) and the corrupted table the question shows (`lines`, `bug`), which only
the tests read.

The answer is read strictly: one number in digits, with at most 2 decimals ("12.5" and "12.50" are the same
value and both pass; "12.500", "1,234.50", "12.5 kg", "about 12.5" are parse errors). A percentage may carry
a trailing "%" when the query asks for one. Values are compared exactly, as whole hundredths.
"""

from __future__ import annotations

import operator
import re

from logicforge.verifiers.verdict import Verdict

_NUMBER = re.compile(r"([+-]?)([0-9]{1,15})(?:\.([0-9]{1,2}))?(%?)")
_CANONICAL = re.compile(r"[0-9]{1,15}\.[0-9]{2}")


_COMPARE = {"gt": operator.gt, "lt": operator.lt, "ge": operator.ge, "le": operator.le}


def _value(payload: dict) -> int | None:
    """The query on the repaired table in hundredths, rounded half up; None if it is undefined."""
    header, rows, query = payload["header"], payload["rows"], payload["query"]
    chosen = rows
    for col, op, target in query["conds"]:  # one pass per condition, each a list comprehension
        i = header.index(col)
        if op in ("eq", "ne"):
            want = op == "eq"
            chosen = [r for r in chosen if (r[i] == target) is want]
        elif op in _COMPARE and type(target) is int:
            compare = _COMPARE[op]
            chosen = [r for r in chosen if type(r[i]) is int and compare(r[i], target)]
        else:
            return None
    if not chosen or not rows:
        return None
    if query["agg"] == "percent":
        num, den = 10000 * len(chosen), len(rows)
    else:
        i = header.index(query["col"])
        values = [r[i] for r in chosen]
        if not all(type(v) is int for v in values):
            return None
        num, den = {"sum": (sum(values), 1), "mean": (sum(values), len(values)),
                    "range": (max(values) - min(values), 1)}[query["agg"]]  # fmt: skip
    return (2 * num + den) // (2 * den)


def verify(payload: dict, answer: str) -> Verdict:
    """Accept the one value of the query, rounded half up to 2 decimals.

    >>> p = {"header": ["person", "dept", "age"], "rows": [["N1", "sales", 3000], ["N2", "legal", 4100],
    ...      ["N3", "sales", 2500]], "query": {"agg": "mean", "col": "age", "conds": [["dept", "eq", "sales"]]},
    ...      "answer": "27.50"}
    >>> verify(p, "27.50").correct, verify(p, "27.5").correct, verify(p, "27.55").reason, verify(p, "27.5 years").reason
    (True, True, 'wrong_answer', 'parse_error')
    """
    match = _NUMBER.fullmatch(answer.strip())
    if match is None:
        return Verdict.fail("parse_error")
    sign, whole, frac, percent = match.groups()
    stored = payload["answer"]
    try:
        expected = _value(payload)
    except (KeyError, ValueError, TypeError, IndexError):
        expected = None
    if not isinstance(stored, str) or not _CANONICAL.fullmatch(stored) or expected != int(stored.replace(".", "")):
        return Verdict.fail("bad_payload")  # the stored answer is not the query's value on the repaired table
    if percent and payload["query"]["agg"] != "percent":
        return Verdict.fail("parse_error")
    given = int(whole) * 100 + int((frac or "0").ljust(2, "0"))
    if given != expected or (sign == "-" and given != 0):
        return Verdict.fail("wrong_answer")
    return Verdict.ok()

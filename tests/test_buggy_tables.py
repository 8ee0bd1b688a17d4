"""buggy_tables: an oracle that repairs the shown table on its own (Decimal cells, dict records), copied numbers,
the corruption mattering (the query on the unrepaired table), the adversarial table, universal answers, the
rendered tables, and hostile input."""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

import numpy as np
import pytest

from logicforge.generators import buggy_tables as gen
from logicforge.tasks import get_task, prompts

from helpers import HOSTILE_MIXED, assert_refused_fast, check_case, wrap

TASK = get_task("buggy_tables")
_NUM = re.compile(r"^(\d+(?:\.\d+)?)(?: ([a-z]+))?$")


# -- the oracle: repair the corrupted lines as the question describes, then run the query -------------------------


def _cell(text: str):
    """A shown cell: Decimal for a number (its unit symbol kept apart), the text otherwise."""
    m = _NUM.match(text)
    return (Decimal(m[1]), m[2]) if m else (text, None)


def repair(payload: dict) -> list[dict]:
    """The repaired records (column -> Decimal or word id), from the shown lines and the bug alone."""
    header, bug, kind = payload["header"], payload["bug"], payload["bug"]["kind"]
    lines = [list(line) for line in payload["lines"]]
    width = len(header)
    if kind == "null":
        fill = iter(bug["fill"])
        lines = [[next(fill) if c in ("NULL", "") else c for c in line] for line in lines]
        assert next(fill, None) is None
    elif kind == "merge":
        lines = [part for line in lines for part in ([line] if len(line) == width else [line[:width], line[width:]])]
    elif kind == "junk":
        lines = [line[: bug["pos"] - 1] + line[bug["pos"] :] for line in lines]
    elif kind == "dup":
        seen, kept = set(), []
        for line in lines:
            if tuple(line) not in seen:
                seen.add(tuple(line))
                kept.append(line)
        assert len(lines) - len(kept) == bug["count"]
        lines = kept
    elif kind == "shift":
        c, n = header.index(bug["col"]), len(lines)
        column = [line[c] for line in lines]
        for j in range(n):
            lines[j][c] = column[(j + bug["k"]) % n]  # record j's value was pushed k lines down
    records = []
    for line in lines:
        assert len(line) == width
        record = {}
        for col, text in zip(header, line):
            value, unit = _cell(text)
            if kind == "unit" and col == bug["col"]:
                small = unit == bug["unit"] if bug["marked"] else value > Decimal(bug["hi"])
                value = value / bug["factor"] if small else value
            record[col] = value
        records.append(record)
    return records


def _holds(record: dict, col: str, op: str, target) -> bool:
    v = record[col]
    if op in ("eq", "ne"):
        return (v == target) is (op == "eq")
    v, t = Fraction(v), Fraction(target, 100)
    return {"gt": v > t, "lt": v < t, "ge": v >= t, "le": v <= t}[op]


def exact_value(payload: dict, records: list[dict]) -> Fraction | None:
    q = payload["query"]
    rows = [r for r in records if all(_holds(r, c, op, t) for c, op, t in q["conds"])]
    if not rows:
        return None
    if q["agg"] == "percent":
        return Fraction(100 * len(rows), len(records))
    values = [Fraction(r[q["col"]]) for r in rows]
    if q["agg"] == "sum":
        return sum(values, Fraction(0))
    if q["agg"] == "mean":
        return sum(values, Fraction(0)) / len(values)
    return max(values) - min(values) if len(values) > 1 else None


def ORACLE(payload: dict) -> list[str]:
    """The one answer: the query on the table repaired from what the question shows, rounded half up."""
    value = exact_value(payload, repair(payload))
    with localcontext() as ctx:
        ctx.prec = 60
        exact = Decimal(value.numerator) / Decimal(value.denominator)
        return [str(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))]


def _items(levels=range(1, 11), per_level=8, seed=0, lang="en"):
    return [TASK.generate(TASK.params(level), seed, i, lang=lang) for level in levels for i in range(per_level)]


def test_oracle_agrees_with_the_reference_and_the_repaired_table():
    for inst in _items(per_level=25):
        p = inst.payload
        assert ORACLE(p) == [inst.answer], (p["bug"], p["query"])
        clean = [[Decimal(v) / 100 if isinstance(v, int) else v for v in row] for row in p["rows"]]
        assert [[r[c] for c in p["header"]] for r in repair(p)] == clean, p["bug"]
        value = exact_value(p, repair(p)) * 100
        assert (2 * value).denominator != 1 or value.denominator == 1  # no rounding tie: half up = half even


# -- the corruption matters, and no number of the question is the answer -----------------------------------------


def face_value(payload: dict) -> str | None:
    """The query run on the corrupted lines read as they stand: cells under the header in order, units
    ignored, NULL or empty cells skipped (the answer of a solver who ignores the bug)."""
    header, q = payload["header"], payload["query"]
    records = []
    for line in payload["lines"]:
        record = {}
        for col, text in zip(header, line):
            value, _ = _cell(text)
            record[col] = None if text in ("NULL", "") else value
        records.append(record)

    def ok(r, c, op, t):
        v = r.get(c)
        if op in ("eq", "ne"):
            return isinstance(v, str) and (v == t) is (op == "eq")
        return isinstance(v, Decimal) and _holds(r, c, op, t)

    rows = [r for r in records if all(ok(r, c, op, t) for c, op, t in q["conds"])]
    if q["agg"] == "percent":
        value = Fraction(100 * len(rows), len(records)) if rows else None
    else:
        values = [Fraction(r[q["col"]]) for r in rows if isinstance(r.get(q["col"]), Decimal)]
        if not values or q["agg"] == "range" and len(values) < 2:
            return None
        value = {"sum": sum(values), "mean": sum(values) / max(1, len(values)),
                 "range": max(values) - min(values)}[q["agg"]]  # fmt: skip
    if value is None:
        return None
    return str(Decimal(value.numerator * 100 // value.denominator) / 100)  # truncated: any near miss counts too


def test_ignoring_the_corruption_rarely_gives_the_answer():
    items = _items(per_level=30, seed=1)
    same = 0
    for inst in items:
        guess = face_value(inst.payload)
        same += guess is not None and abs(Decimal(guess) - Decimal(inst.answer)) <= Decimal("0.01")
    assert same / len(items) <= 0.02, same


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_copying_any_number_of_the_question_fails(lang):
    for inst in _items(per_level=6, seed=2, lang=lang):
        for macro in prompts.paraphrases(TASK.module, lang):
            question = prompts.render(TASK.module, lang, macro, inst.fields)
            numbers = set(re.findall(r"[0-9]+(?:\.[0-9]+)?", question))
            assert numbers, question
            for text in numbers:
                assert Decimal(text) != Decimal(inst.answer), (text, inst.answer)
                assert not TASK.verify(inst.payload, wrap(text)).correct, text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_question_echoed_and_constant_answers_never_score(lang):
    for inst in _items(per_level=5, seed=3, lang=lang):
        for text in (inst.question, "0", "0.00", "1", "100", "100.00", "50", "123.45", inst.answer + "1"):
            assert not TASK.verify(inst.payload, wrap(text)).correct, text


# -- the adversarial table -----------------------------------------------------------------------------------------

P = {  # the mean age in sales: (30 + 25) / 2 = 27.5; a copy of N1 below it (dup); sales make 2 of 3 records
    "header": ["person", "dept", "age"],
    "rows": [["N1", "sales", 3000], ["N2", "legal", 4100], ["N3", "sales", 2500]],
    "lines": [["N1", "sales", "30"], ["N1", "sales", "30"], ["N2", "legal", "41"], ["N3", "sales", "25"]],
    "bug": {"kind": "dup", "count": 1, "adjacent": True},
    "query": {"agg": "mean", "col": "age", "conds": [["dept", "eq", "sales"]]},
    "answer": "27.50",
}
PCT = {**P, "query": {"agg": "percent", "col": None, "conds": [["dept", "eq", "sales"]]}, "answer": "66.67"}
CASES = [
    (P, "27.50", "ok"),
    (P, "27.5", "ok"),  # the same value with one decimal
    (P, "+27.50", "ok"),
    (P, "０２７.５０", "ok"),  # full-width digits are folded by extraction; a leading zero changes nothing
    (P, "27.500", "parse_error"),  # more decimals than the stated rounding
    (P, "27", "wrong_answer"),  # truncated
    (P, "28", "wrong_answer"),  # rounded to a whole number
    (P, "27.49", "wrong_answer"),
    (P, "27.51", "wrong_answer"),
    (P, "-27.50", "wrong_answer"),
    (P, "28.67", "wrong_answer"),  # (30 + 30 + 25) / 3: the copy counted
    (P, "0", "wrong_answer"),
    (P, "-0", "wrong_answer"),
    (P, "27.50%", "parse_error"),  # a percent sign on a mean
    (P, "27.5 years", "parse_error"),
    (P, "$27.50", "parse_error"),
    (P, "27,50", "parse_error"),  # a decimal comma
    (P, "2.75e1", "parse_error"),
    (P, "55/2", "parse_error"),  # a fraction is not the stated format
    (P, "27.50 or 27.49", "parse_error"),
    (P, "27.50\n27.50", "parse_error"),
    (P, "mean = 27.50", "parse_error"),
    (P, "twenty-seven point five", "parse_error"),
    (P, "27.5" + "0" * 40, "parse_error"),
    (P, "9" * 40, "parse_error"),
    (P, "", None),
    (PCT, "66.67", "ok"),
    (PCT, "66.67%", "ok"),  # a percentage may carry its sign
    (PCT, "66.7", "wrong_answer"),
    (PCT, "66.66", "wrong_answer"),  # truncated, not rounded half up
    (PCT, "75.00", "wrong_answer"),  # 3 of 4 lines: the copy counted
    (PCT, "66.67 %", "parse_error"),
    (PCT, "0.67", "wrong_answer"),  # a share, not a percentage
]


@pytest.mark.parametrize(("payload", "answer", "reason"), CASES)
def test_table(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


def test_the_oracle_reads_the_table_payload():
    assert ORACLE(P) == ["27.50"] and ORACLE(PCT) == ["66.67"]


def test_an_inconsistent_payload_is_refused():
    for bad in ({**P, "answer": "28.67"}, {**P, "answer": 27.5}, {**P, "answer": "27.5"},
                {**P, "query": {**P["query"], "col": "height"}}, {**P, "rows": []},
                {**P, "query": {**P["query"], "agg": "median"}}):  # fmt: skip
        assert TASK.verify(bad, wrap("27.50")).reason == "bad_payload", bad


# -- the rendered questions, the knobs, speed ------------------------------------------------------------------------


_SPLITS = {  # how each paraphrase separates the cells of a table line
    "q1": lambda ln: ln[2:-2].split(" | ") if ln.startswith("| ") and ln.endswith(" |") else [],
    "q2": lambda ln: ln.split(","),
    "q3": lambda ln: ln.split("; "),
}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_paraphrase_shows_every_line_and_the_whole_bug(lang):
    for inst in _items(range(1, 11, 3), per_level=6, seed=4, lang=lang):
        f = inst.fields
        for macro in prompts.paraphrases(TASK.module, lang):
            question = prompts.render(TASK.module, lang, macro, f)
            split = _SPLITS[macro]
            lines = question.split("\n")
            top = next(i for i, ln in enumerate(lines) if len(split(ln)) == len(f["header"]))
            body = [ln for ln in lines[top + 1 :] if "---" not in ln][: len(f["lines"])]
            assert [len(split(ln)) for ln in body] == [len(line) for line in f["lines"]], (macro, question)
            for key in ("k", "pos", "hi", "count", "factor"):
                if key in f["bug"] and not (key == "hi" and f["bug"]["marked"]):  # a marked value needs no bound
                    assert str(f["bug"][key]) in question, (macro, key)
            assert all(v in question for v in f["bug"].get("fill", [])), macro


def test_knobs_shape_the_items():
    for seed in range(12):
        rng = np.random.default_rng(seed)
        loud = gen.generate(gen.Params(rows=8, columns=4, corruptions="null,unit", bug_size=2), rng)
        assert loud.payload["bug"]["kind"] in ("null", "unit")
        cells = [c for line in loud.fields["lines"] for c in line]
        assert "NULL" in cells or any(re.fullmatch(r"\d+ (cm|g|m)", c) for c in cells)
        quiet = gen.Params(rows=8, columns=4, corruptions="null,unit", bug_size=2, subtle=True)
        cells = [c for line in gen.generate(quiet, np.random.default_rng(seed)).fields["lines"] for c in line]
        assert "NULL" not in cells and not any(" " in c and c[0].isdigit() for c in cells)
        three = gen.generate(gen.Params(rows=20, columns=6, conditions=3, aggregates="range"), rng)
        assert len(three.payload["query"]["conds"]) == 3 and three.payload["query"]["agg"] == "range"
    with pytest.raises(ValueError, match="corruptions"):
        gen.Params(corruptions="null,typo")
    with pytest.raises(ValueError, match="columns"):
        gen.Params(columns=3, conditions=3)


def test_every_kind_and_aggregate_appears():
    items = _items([4, 7, 10], per_level=40, seed=5)
    assert {i.payload["bug"]["kind"] for i in items} == set(gen.KINDS)
    assert {i.payload["query"]["agg"] for i in items} == {"sum", "mean", "range", "percent"}


def test_hostile_input_is_refused_fast():
    inst = TASK.generate(TASK.params(10), 0, 0)
    hostile = [inst.answer + "0" * 5000, "1" * 20000 + ".00", "." * 5000, "%" * 5000, "-" * 5000 + "1",
               (inst.answer + ", ") * 2000, "1." + "0" * 20000, *HOSTILE_MIXED]  # fmt: skip
    assert_refused_fast(TASK, [inst.payload, json.dumps(inst.payload)], hostile)

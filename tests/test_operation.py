"""operation: an oracle that parses the shown text (definitions and expression), copied numbers, the reader's
grammar (value equality, exact decimals only), the adversarial table, hostile input and the generator's bounds."""

from __future__ import annotations

import random
import re
from fractions import Fraction

import pytest

from logicforge.generators import _operation_formula as fm
from logicforge.tasks import get_task, prompts

from helpers import HOSTILE_MIXED, assert_refused_fast, check_case, wrap

TASK = get_task("operation")


# -- the oracle: a recursive-descent reading of the rendered strings ------------------------------------------


class _Text:
    """Tokens of one shown string, read by recursive descent with exact fractions (no eval)."""

    TOKEN = re.compile(r"\s*(\d+|max|min|<=|>=|[-+*/^()|,<>ab]|[^\sA-Za-z0-9])")

    def __init__(self, source: str):
        self.tokens, pos = [], 0
        while pos < len(source.rstrip()):
            m = self.TOKEN.match(source, pos)
            assert m, source[pos:]
            self.tokens.append(m.group(1))
            pos = m.end()
        self.i = 0

    def peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, want: str | None = None) -> str:
        tok = self.peek()
        assert tok is not None and (want is None or tok == want), (want, tok, self.tokens)
        self.i += 1
        return tok

    def done(self) -> bool:
        return self.i == len(self.tokens)


def _formula(t: _Text, env: dict) -> Fraction:
    """sum := prod (('+' | '-') prod)*"""
    value = _product(t, env)
    while t.peek() in ("+", "-"):
        value = value + _product(t, env) if t.take() == "+" else value - _product(t, env)
    return value


def _product(t: _Text, env: dict) -> Fraction:
    value = _power(t, env)
    while t.peek() in ("*", "/"):
        op, right = t.take(), _power(t, env)
        value = value * right if op == "*" else value / right  # ZeroDivisionError: a generator defect
    return value


def _power(t: _Text, env: dict) -> Fraction:
    base = _atom(t, env)
    if t.peek() == "^":
        t.take()
        base = base ** int(t.take())
    assert t.peek() != "^", "a^2^3 must never be shown"
    return base


def _atom(t: _Text, env: dict) -> Fraction:
    tok = t.take()
    if tok.isdigit():
        return Fraction(int(tok))
    if tok in env:
        return env[tok]
    if tok == "(":
        value = _formula(t, env)
        t.take(")")
        return value
    if tok == "|":
        value = abs(_formula(t, env))
        t.take("|")
        return value
    assert tok in ("max", "min"), tok
    t.take("(")
    x = _formula(t, env)
    t.take(",")
    y = _formula(t, env)
    t.take(")")
    return max(x, y) if tok == "max" else min(x, y)


def _read(source: str, env: dict) -> Fraction:
    t = _Text(source)
    value = _formula(t, env)
    assert t.done(), source
    return value


def _holds(cond: dict, env: dict) -> bool:
    if cond["kind"] in ("even", "odd"):
        v = _read(cond["of"], env)
        assert v.denominator == 1, "a parity test of a fraction is never shown"
        return v.numerator % 2 == (0 if cond["kind"] == "even" else 1)
    left, rel, right = re.fullmatch(r"(.+?) (<=|>=|<|>) (.+)", cond["text"]).groups()
    x, y = _read(left, env), _read(right, env)
    return {"<": x < y, ">": x > y, "<=": x <= y, ">=": x >= y}[rel]


def _expression(t: _Text, defs: dict, seen: list) -> Fraction:
    """expr := operand [SYMBOL operand]; operand := NUMBER | '(' '-' NUMBER ')' | '(' expr ')'"""
    left = _operand(t, defs, seen)
    if t.peek() in defs:
        d = defs[t.take()]
        env = {"a": left, "b": _operand(t, defs, seen)}
        assert t.peek() not in defs, "the expression is fully parenthesised"
        seen.append(_read(d["then"] if d["cond"] is None or _holds(d["cond"], env) else d["else"], env))
        return seen[-1]
    return left


def _operand(t: _Text, defs: dict, seen: list) -> Fraction:
    tok = t.take()
    if tok.isdigit():
        return Fraction(int(tok))
    assert tok == "(", tok
    if t.peek() == "-":
        t.take()
        value = -Fraction(int(t.take()))
    else:
        value = _expression(t, defs, seen)
    t.take(")")
    return value


def ORACLE(payload: dict, seen: list | None = None) -> list[str]:
    """The one answer: the shown expression parsed from its text, each application evaluated by parsing the shown
    formula of its symbol with a and b bound (the generator evaluates trees it built; this reads strings).
    `seen` collects the value of every application."""
    defs = {d["symbol"]: d for d in payload["definitions"]}
    t = _Text(payload["expression"])
    value = _expression(t, defs, [] if seen is None else seen)
    assert t.done()
    return [str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"]


def instances(levels=range(1, 11), n=20, seed=5):
    return [(level, TASK.generate(TASK.params(level), seed, i)) for level in levels for i in range(n)]


# -- 1. the oracle agrees everywhere; the generator's promises hold -----------------------------------------


def test_oracle_agrees_with_the_reference_at_every_level():
    for level, inst in instances(n=25, seed=3):
        assert ORACLE(inst.payload) == [inst.answer], (level, inst.payload)


def test_every_operator_is_used_and_the_shape_is_the_asked_one():
    for level, inst in instances(n=10, seed=8):
        p = TASK.params(level)
        expr = inst.payload["expression"]
        symbols = [d["symbol"] for d in inst.payload["definitions"]]
        assert len(symbols) == len(set(symbols)) == p.operators
        assert all(s in expr for s in symbols), level
        assert sum(expr.count(s) for s in symbols) == p.applications, level
        depth = max(expr[:k].count("(") - expr[:k].count(")") for k in range(len(expr) + 1))
        negatives = len(re.findall(r"\(-\d+\)", expr))
        assert depth <= p.depth, (level, expr)  # a bracketed negative adds one level of brackets
        assert negatives == 0 or p.negatives
        conditional = sum(d["cond"] is not None for d in inst.payload["definitions"])
        assert conditional == 0 or p.condition_share > 0
        assert "/" not in str(inst.payload["definitions"]) or p.fractions
        assert not re.search(r"\^|\||max|min|even|odd", str(inst.payload["definitions"])) or p.extras


def test_conditions_and_fractions_appear_where_the_levels_ask():
    items = [inst for _, inst in instances([10], n=40, seed=2)]
    conditional = sum(d["cond"] is not None for inst in items for d in inst.payload["definitions"])
    assert conditional >= 0.5 * 4 * len(items)  # condition_share 0.75 at level 10
    assert sum("/" in inst.answer for inst in items) >= 5  # some values are fractions


def test_every_application_stays_in_bounds():
    """The value of every application, as the oracle reads it, is within value_limit and DEN_LIMIT, so the
    questions stay workable by hand."""
    for level, inst in instances(n=10, seed=4):
        limit, seen = TASK.params(level).value_limit, []
        ORACLE(inst.payload, seen)
        assert len(seen) == TASK.params(level).applications
        assert all(abs(v.numerator) <= limit and v.denominator <= fm.DEN_LIMIT for v in seen), (level, seen)


# -- 2. copying a number of the question never scores -------------------------------------------------------


def _shown(text: str) -> set[int]:
    return {int(d) for d in re.findall(r"[0-9]+", text)}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_copying_any_number_of_the_question_fails(lang):
    copies = 0
    for level, inst in instances(n=15, seed=13):
        rendered = [prompts.render("operation", lang, m, inst.fields) for m in ("q1", "q2", "q3")]
        shown = set().union(*(_shown(text) for text in rendered))
        value = Fraction(inst.answer)
        copies += value in shown or -value in shown
        for n in shown | {0, 1}:
            for text in (str(n), f"-{n}"):
                if Fraction(text) != value:
                    assert TASK.verify(inst.payload, wrap(text)).reason == "wrong_answer", (level, text)
        for text in rendered:
            assert TASK.verify(inst.payload, wrap(text)).reason == "parse_error"  # the question echoed
    assert copies == 0  # measured: the generator redraws until the value is none of them (nor its negative)


def test_the_value_is_rarely_a_small_number():
    items = [inst for _, inst in instances(n=30, seed=9)]
    assert all(Fraction(inst.answer) not in (0, 1, -1) for inst in items)


# -- 3. the reader: what it accepts, what it refuses ---------------------------------------------------------

P = {"definitions": [{"symbol": "⊕", "cond": None, "then": "a - b/3", "else": None}], "expression": "1 ⊕ 8",
     "answer": "-5/3"}  # fmt: skip
PI = {**P, "definitions": [{"symbol": "⊕", "cond": None, "then": "2*a - b", "else": None}], "expression": "3 ⊕ 8",
      "answer": "-2"}  # fmt: skip
PH = {**P, "definitions": [{"symbol": "⊕", "cond": None, "then": "(a + b)/2", "else": None}],
      "expression": "4 ⊕ 9", "answer": "13/2"}  # fmt: skip

CASES = [
    (P, "-5/3", "ok"),
    (P, "−5/3", "ok"),  # unicode minus
    (P, "-10/6", "ok"),  # not in lowest terms: the value is compared, not the spelling
    (P, "5/-3", "ok"),
    (P, "-(5/3)", "ok"),
    (P, "(-5/3)", "ok"),
    (P, "-5 / 3", "ok"),
    (P, "-\\frac{5}{3}", "ok"),
    (P, "\\frac{-5}{3}", "ok"),
    (P, "\\dfrac{5}{-3}", "ok"),
    (P, "$-\\frac{5}{3}$", "ok"),
    (P, "\\boxed{-5/3}", "ok"),
    (P, "**-5/3**", "ok"),
    (P, "-5/3。", "ok"),  # the extractor drops one closing full stop
    (P, "－５／３", "ok"),  # full-width, folded by extraction
    (P, "5/3", "wrong_answer"),  # the sign matters
    (P, "-1.67", "wrong_answer"),  # a rounded decimal is another number
    (P, "-1.6666666666666666667", "wrong_answer"),
    (P, "-1 2/3", "parse_error"),  # mixed numbers are not read
    (P, "-1-2/3", "parse_error"),  # nor expressions
    (P, "1 - 8/3", "parse_error"),  # the working, not the value
    (P, "1 ⊕ 8 = -5/3", "parse_error"),
    (P, "x = -5/3", "parse_error"),
    (P, "-5/3 or -2", "parse_error"),  # a hedge
    (P, "-5/3, -5/3", "parse_error"),
    (P, "-5/0", "parse_error"),  # no value
    (P, "0/0", "parse_error"),
    (P, "-5÷3", "parse_error"),
    (P, "-5/3.0", "parse_error"),
    (P, "-1.(6)", "parse_error"),  # repeating decimals are not read
    (P, "-5e0/3", "parse_error"),
    (P, "-" + "5" * 31 + "/3", "parse_error"),  # more than 30 digits is never converted
    (P, "5" * 200, "parse_error"),
    (P, "-⅗", "parse_error"),
    (P, "minus five thirds", "parse_error"),
    (P, "负三分之五", "parse_error"),
    (P, "--5/3", "parse_error"),
    (P, "", "empty_answer"),
    (PI, "-2", "ok"),
    (PI, "-2.0", "ok"),  # an exact decimal
    (PI, "-4/2", "ok"),
    (PI, "+-2", "parse_error"),
    (PI, "-002", "ok"),  # leading zeros do not change the value
    (PI, "2", "wrong_answer"),
    (PI, "3", "wrong_answer"),  # an operand
    (PI, "8", "wrong_answer"),
    (PI, "-2 ", "ok"),
    (PI, "- 2", "ok"),
    (PI, "-2 (exact)", "parse_error"),
    (PI, "-２", "ok"),
    (PI, "-٢", "parse_error"),  # other scripts' digits
    (PH, "13/2", "ok"),
    (PH, "6.5", "ok"),  # exactly the value
    (PH, "6.50", "ok"),
    (PH, "6.5000000000000000000001", "wrong_answer"),
    (PH, "13/2.", "ok"),  # the one closing full stop is dropped by extraction
    (PH, "13/2..", "parse_error"),
    (PH, "6,5", "parse_error"),  # a decimal comma is not read
    (PH, "6", "wrong_answer"),  # integer division
    (PH, "7", "wrong_answer"),  # rounded
]


@pytest.mark.parametrize(("payload", "answer", "reason"), CASES)
def test_table(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


def test_universal_answers_never_score():
    for level, inst in instances(n=6, seed=31):
        for text in ["0", "1", "-1", "yes", "none", "undefined", "∞", "inf", "nan", "0/0", "1/1", "?", "-", "/",
                     inst.payload["expression"], inst.fields["definitions"][0]["then"]]:  # fmt: skip
            assert not TASK.verify(inst.payload, wrap(text)).correct, (level, text)


def test_differential_random_spellings_and_near_values():
    """Random values near the answer in every accepted spelling: the verdict is exactly value equality."""
    rng = random.Random(7)
    accepted = total = 0
    for _, inst in instances(levels=(1, 4, 7, 10), n=6, seed=17):
        ref = Fraction(inst.answer)
        for _ in range(30):
            value = ref + rng.choice([0, 0, 1, -1, Fraction(1, 2), Fraction(-1, 3), -2 * ref])
            k = rng.randrange(1, 5)
            n, d = value.numerator * k, value.denominator * k
            text = rng.choice([f"{n}/{d}", f"\\frac{{{n}}}{{{d}}}", f"({n}/{d})", f"{n}/{d}".replace("-", "−")])
            if value.denominator == 1 and rng.random() < 0.5:
                text = f"{value.numerator}.0"
            verdict = TASK.verify(inst.payload, wrap(text))
            assert verdict.correct == (value == ref), (text, inst.answer, verdict)
            assert verdict.reason in ("ok", "wrong_answer")
            accepted += verdict.correct
            total += 1
    assert total > 500 and accepted > 100


def test_a_payload_without_a_readable_answer_is_refused():
    for broken in ("", "seven", "1/0", "1e3"):
        assert TASK.verify({**P, "answer": broken}, wrap("-5/3")).reason == "bad_payload"


def test_hostile_input_is_refused_fast():
    hostile = ["(" * 5000 + "1" + ")" * 5000, "-" * 9000 + "1", "1/" * 3000 + "1", "9" * 7999, "\\frac{" * 1000,
               "-5/3 " * 1500, "\\frac{-" + "9" * 5000 + "}{3}", "0." + "3" * 7000, "|" * 8000, "⊕" * 1900]  # fmt: skip
    assert_refused_fast(TASK, [P, PH], hostile + HOSTILE_MIXED)


# -- 4. knobs and the generator's helpers -----------------------------------------------------------------


def test_knob_rules():
    with pytest.raises(ValueError, match="applications"):
        TASK.params(1, {"depth": "3", "applications": "2"})
    with pytest.raises(ValueError, match="applications"):
        TASK.params(1, {"depth": "2", "applications": "4"})
    with pytest.raises(ValueError, match="operators"):
        TASK.params(1, {"operators": "3", "applications": "2", "depth": "2"})
    assert TASK.params(10, {"operators": "1"}).operators == 1


def test_formula_text_brackets_exactly_what_precedence_needs():
    cases = {
        ("-", "a", ("-", "b", 1)): "a - (b - 1)",
        ("-", ("-", "a", "b"), 1): "a - b - 1",
        ("/", "a", ("*", "b", 2)): "a/(b*2)",
        ("/", ("*", "a", 3), "b"): "a*3/b",
        ("*", ("/", "b", 2), "b"): "(b/2)*b",
        ("/", ("/", "a", "b"), 2): "(a/b)/2",
        ("*", "a", ("/", "b", 2)): "a*(b/2)",
        ("*", ("+", "a", 2), "b"): "(a + 2)*b",
        ("^", ("^", "a", 2), 3): "(a^2)^3",
        ("^", ("*", "a", "b"), 2): "(a*b)^2",
        ("max", ("-", "a", "b"), 3): "max(a - b, 3)",
        ("abs", ("-", ("abs", ("-", "a", 2)), "b")): "||a - 2| - b|",
    }
    for node, shown in cases.items():
        assert fm.text(node) == shown
        for env in ({"a": Fraction(7), "b": Fraction(-3)}, {"a": Fraction(-2), "b": Fraction(1, 3)}):
            assert _read(shown, env) == fm.evaluate(node, env["a"], env["b"], fm.Meter(10**9)), shown


def _apply(d: dict, a: Fraction, b: Fraction) -> Fraction | None:
    env = {"a": a, "b": b}
    try:
        return _read(d["then"] if d["cond"] is None or _holds(d["cond"], env) else d["else"], env)
    except (ZeroDivisionError, AssertionError):  # undefined there, or a parity test of a fraction
        return None


def test_definitions_depend_on_both_operands_and_conditions_go_both_ways():
    """On operands the expression may show, every condition is sometimes true and sometimes false, and changing
    a alone (b alone) changes the operator's value somewhere: no definition ignores an operand."""
    for level, inst in instances(levels=(3, 6, 10), n=10, seed=12):
        p = TASK.params(level)
        lo = -p.max_operand if p.negatives else 1
        grid = sorted(set(range(lo, p.max_operand + 1, max(1, p.max_operand // 6))) | {1, 2, 3, p.max_operand})
        pairs = [(Fraction(a), Fraction(b)) for a in grid for b in grid]
        for d in inst.payload["definitions"]:
            if d["cond"] is not None:
                assert {_holds(d["cond"], {"a": a, "b": b}) for a, b in pairs} == {True, False}, d
            for moved in ((1, 0), (0, 1)):
                values = [(_apply(d, a, b), _apply(d, a + moved[0], b + moved[1])) for a, b in pairs]
                assert any(x is not None and y is not None and x != y for x, y in values), (d, moved)


def test_notation_notes_follow_the_definitions():
    for _, inst in instances(levels=(1, 10), n=10, seed=6):
        en = prompts.render("operation", "en", "q2", inst.fields)
        assert ("absolute value" in en) == ("|" in str(inst.fields["definitions"]))
        assert ("exact division" in en) == ("/" in str(inst.fields["definitions"]))

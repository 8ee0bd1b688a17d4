"""Red team, round 4: the non-grid verifiers (mathador, linear_system, cryptarithm, dyck_language,
shortest_path, minesweeper, word_sorting): answer tables, then one seeded fuzz per family whose verdicts
must match a check written here from the payload alone (brute force, sympy, networkx, an ast walk)."""

from __future__ import annotations

import ast
import random
import re
import time
from collections import Counter
from fractions import Fraction

import pytest
import sympy

from redteam_util import check_case, wrap

from logicforge.tasks import get_task

MATH, LIN, CRYPT = get_task("mathador"), get_task("linear_system"), get_task("cryptarithm")
DYCK, PATH, MINES, WORDS = (get_task(n) for n in ("dyck_language", "shortest_path", "minesweeper", "word_sorting"))

# -- tables: (payload, answer, expected reason) ----------------------------------------------------------

P24 = {"numbers": [3, 3, 8, 8], "target": 24, "use_all": True, "operators": "+-*/"}
P32 = {"numbers": [32, 1, 5], "target": 33, "use_all": False, "operators": "+-"}  # 32 + 1
P15 = {"numbers": [8, 2, 1, 4, 4, 3, 3], "target": 15, "use_all": False, "operators": "+-*/"}  # 8 * 2 - 1
P11 = {"numbers": [1, 2, 9], "target": 11, "use_all": False, "operators": "+-"}  # level 1: 9 + 2
PNONEG = {"numbers": [2, 3, 4], "target": 10, "use_all": True, "operators": "+*"}  # no minus, no negation

MATHADOR = [
    # -- bugs: NFKC read a superscript as a digit joined to the number before it
    (P32, "3² + 1", "wrong_numbers"),  # regression: read as 32 + 1 = 33 (3 squared plus 1 is 10)
    (P15, "8 * 2⁻¹", "wrong_numbers"),  # regression: read as 8 * 2 - 1 = 15 (8 halves are 4)
    (P32, "3₂ + 1", "wrong_numbers"),  # a subscript after a digit is a base, not a second digit
    (P32, "３２ + 1", "ok"),  # full-width digits are still the number 32
    # -- bugs: right answers refused for the way the target was stated
    (P24, "\\boxed{8 / (3 - 8 / 3)} = 24", "ok"),  # regression: was parse_error
    (P24, "8 / (3 - 8 / 3) = \\boxed{24}", "ok"),  # regression: was parse_error
    (P24, "\\(8 / (3 - 8 / 3)\\) = 24", "ok"),  # regression: was parse_error
    (P24, "8 / (3 - 8 / 3) = 24.0", "ok"),  # regression: a float-printing solver; was parse_error
    (P24, "8 / (3 - 8 / 3) = 23.999999999999996", "wrong_target"),  # the float result is not 24
    (P24, "\\boxed{8 / (3 - 8 / 3)} = 25", "wrong_target"),
    # -- kept: the grammar
    (P24, "8 / (3 - 8 / 3) == 24", "parse_error"),
    (P24, "24 = 8 / (3 - 8 / 3)", "parse_error"),  # the format puts the target last
    (P24, "8(3 - 8 / 3) + 3 - 3", "wrong_numbers"),  # counted before the grammar: five numbers
    (P15, "2(8) - 1", "parse_error"),  # implicit multiplication
    (P15, "2 ^ 4 - 1", "parse_error"),  # 15 by an exponent, which is no allowed operation
    (P15, "2 ** 4 - 1", "parse_error"),
    (P15, "4! - 8 - 1", "parse_error"),  # 24 - 9 = 15 by a factorial
    (P15, "2 × 8 − 1", "ok"),
    (P15, "2 · 8 - 1", "ok"),
    (P15, "2x8-1", "ok"),
    (P15, "2 \\cdot 8 - 1 = 15", "ok"),
    (P15, "08 * 2 - 1", "bad_number"),  # a leading zero could smuggle in a new number
    (P15, "8.0 * 2 - 1", "parse_error"),
    (P15, "8 * 2 - 1 + (4 - 4) / (3 - 3)", "division_by_zero"),  # even where the term would cancel
    (P15, "8 * 2 - 1 + 4 - 4 + 3 - 3", "ok"),  # each listed number at most as often as listed
    (P15, "8 * 2 - 1 + 4 - 4 + 3 - 3 + 2 - 2", "wrong_numbers"),  # 2 used twice
    (P15, "1 5", "parse_error"),  # concatenation
    (P11, "9 - -2", "ok"),  # negation is allowed wherever minus is
    (P11, "-(-9) + 2", "ok"),
    (P11, "--9 + 2", "parse_error"),  # one leading minus per factor
    (P11, "+9 + 2", "parse_error"),  # no unary plus
    (P11, "9 x 1 + 2", "forbidden_operator"),  # level 1 allows + and - only
    (P11, "11", "wrong_numbers"),  # the target is no given number
    (PNONEG, "2 * 3 + 4", "ok"),
    (PNONEG, "-2 * -3 + 4", "negation"),  # "No negation." without minus
    (P24, "(" * 25 + "8 / (3 - 8 / 3)" + ")" * 25, "too_deep"),
    (P24, "99**99**99", "parse_error"),  # refused before any power is computed
    (P24, "9" * 13, "bad_number"),
]

PL = {"variables": ["x1", "x2"], "coefficients": [[1, 1], [1, -1]], "constants": [3, 1]}  # x1 = 2, x2 = 1
BIG = "4" * 30 + "/" + "2" * 30  # exactly 2, with 30-digit numerator and denominator

LINEAR = [
    (PL, "x¹ = 2, x² = 1", "parse_error"),  # regression: NFKC made the superscripts the names x1, x2
    (PL, "x₁ = 2, x₂ = 1", "ok"),  # subscripts after a letter are still the names' indices
    (PL, "x1 = 2, x2 = \\frac{1}{-1}", "violates:equation"),  # regression: parse_error; it is -1
    (PL, "x1 = \\frac{-4}{-2}, x2 = 1", "ok"),  # regression: was parse_error
    (PL, "x1 = −2/−1, x2 = 1", "ok"),  # unicode minus twice: 2
    (PL, "X_1 = 2, X_{2} = 1", "ok"),
    (PL, "x1 = 2; x2 = 1", "ok"),
    (PL, "x1=2\nx2=1", "ok"),
    (PL, "x2 = 1, x1 = 2", "ok"),
    (PL, "(x1, x2) = (2, 1)", "ok"),
    (PL, "(2, 1)", "parse_error"),  # values need their names
    (PL, "x1 = 2.0, x2 = +1", "ok"),
    (PL, "x1 = 2.000000000000000000001, x2 = 1", "violates:equation"),  # decimals are exact
    (PL, f"x1 = {BIG}, x2 = 1", "ok"),
    (PL, f"x1 = 4{BIG}, x2 = 1", "parse_error"),  # 31 digits
    (PL, "x1 = 2e0, x2 = 1", "parse_error"),
    (PL, "x1 = 1 + 1, x2 = 1", "parse_error"),  # a value, not an expression
    (PL, "x1 = 2, x2 = -0", "violates:equation"),
    (PL, "x1 = 2, x2 = 1, x1 = 2", "duplicate_variable"),  # the same value twice is still a list of three
    (PL, "x1 = 2, x2 = 1, x3 = 0", "unknown_variable"),
    (PL, "x1 = 2", "missing_variable"),
    (PL, "x1 = 2, x 2 = 1", "parse_error"),
]

SEND = {"terms": ["SEND", "MORE"], "op": "+", "result": "MONEY", "given": []}
LYHE = {"terms": ["LY", "HE"], "op": "+", "result": "NE", "given": [["E", 7], ["L", 2], ["N", 3]]}  # 20 + 17 = 37
TIMES = {"terms": ["HBBE", "THTY"], "op": "*", "result": "YNETCMEE", "given": []}  # 2005 * 7271 = 14578355
MINUS = {"terms": ["CLCB", "RRZL"], "op": "-", "result": "ZCRC", "given": [["L", 6]]}  # 9695 - 7716 = 1979

CRYPTARITHM = [
    (SEND, "9567 + 1085 = 1065²", "parse_error"),  # regression: NFKC read "1065²" as 10652
    (TIMES, "2005 ∗ 7271 = 14578355", "ok"),  # regression: the asterisk operator was parse_error
    (LYHE, "30 + 21 = 51", "violates:given"),  # true arithmetic, but not the hints
    (LYHE, "L=3, Y=0, H=2, E=1, N=5", "violates:given"),
    (LYHE, "Y=0, H=1", "missing_letter"),  # the given letters left out
    (LYHE, "L=2, Y=0, H=1, E=7, N=3, L=2", "duplicate_letter"),  # a letter twice, even with one digit
    (LYHE, "L=2, Y=0, H=0, E=7, N=3", "violates:distinct_letters"),  # two letters on one digit
    (LYHE, "l=2, y=0, h=1, e=7, n=3", "ok"),
    (LYHE, "LY = 20, HE = 17, NE = 37", "ok"),
    (LYHE, "LY + HE = NE", "parse_error"),  # the words themselves
    (LYHE, "17 + 20 = 37", "violates:same_letter"),  # terms swapped
    (LYHE, "37 = 20 + 17", "parse_error"),
    (LYHE, "20+17=37", "ok"),
    (LYHE, "20 + 17 == 37", "ok"),
    (LYHE, "20 + 17 = 037", "wrong_length"),
    (MINUS, "1979 + 7716 = 9695", "wrong_operator"),  # rewritten as an addition
    (MINUS, " 9695\n-7716\n-----\n 1979", "ok"),
    (TIMES, "2005 7271 = 14578355", "parse_error"),
    (TIMES, "(2005)(7271) = 14578355", "parse_error"),
    (TIMES, "7271 * 2005 = 14578355", "violates:same_letter"),
]

ANGLE = {"prefix": "(<[<"}  # owes > ] > )

DYCK_ROWS = [
    (ANGLE, "> ] > )", "ok"),
    (ANGLE, ">]>)", "ok"),
    (ANGLE, "( < [ < > ] > )", "ok"),  # the full sequence
    (ANGLE, "＞ ] ＞ )", "ok"),  # full-width: NFKC gives >
    (ANGLE, "〉 ] 〉 )", "parse_error"),  # angle-bracket look-alikes
    (ANGLE, "&gt; ] &gt; )", "parse_error"),
    (ANGLE, "> ] > ) )", "violates:extra_close"),
    (ANGLE, "> ] >", "violates:unclosed"),
    (ANGLE, "> ] ) >", "violates:mismatch"),
    (ANGLE, "> ] > ) ( )", "not_minimal"),
    (ANGLE, "( < [ > ] > )", "wrong_prefix"),
    (ANGLE, "> ; ] ; > ; )", "parse_error"),
    (ANGLE, "> ]\n> )", "ok"),
]

EDGES = [["E", "I", 5], ["E", "Z", 2], ["I", "Z", 3], ["O", "U", 4], ["O", "Z", 2], ["U", "Z", 2]]
GRAPH = {"nodes": list("EIOUZ"), "edges": EDGES, "directed": False, "source": "E", "target": "U", "optimum": 4}
ZERO = {"nodes": list("ABCDE"), "edges": [["A", "B", 0], ["B", "C", 1], ["D", "E", 1]], "directed": False,
        "source": "A", "target": "C", "optimum": 1}  # fmt: skip

SHORTEST = [
    (ZERO, "A -> B -> A -> B -> C", "repeated_node"),  # regression: a walk over a 0-weight edge passed
    (ZERO, "A -> B -> C", "ok"),
    (GRAPH, "E→Z→U", "ok"),
    (GRAPH, "e, z, u", "ok"),
    (GRAPH, "E -> Z -> E -> Z -> U", "not_shortest"),  # a revisit costs weight
    (GRAPH, "E -> Z -> Z -> U", "no_edge"),  # a node twice in a row is no edge
    (GRAPH, "E -> U", "no_edge"),
    (GRAPH, "E <- Z <- U", "parse_error"),
    (GRAPH, "U -> Z -> E", "wrong_start"),
    (GRAPH, "EZU", "unknown_node"),
]

MINE = {"rows": 4, "cols": 4, "grid": ["??10", "1221", "0??2", "?12?"], "total": None,
        "forced": [[0, 1], [2, 2], [3, 3]], "witnesses": ["0100000000100001"]}  # fmt: skip

MINESWEEPER = [
    (MINE, "(3, 3), (0, 1), (2, 2)", "ok"),
    (MINE, "{(0, 1), (2, 2), (3, 3)}", "ok"),
    (MINE, "(1, 0), (2, 2), (3, 3)", "not_hidden"),  # (col, row) for the first cell
    (MINE, "(1, 2), (3, 3), (4, 4)", "out_of_bounds"),  # 1-based: the prompt numbers from 0
    (MINE, "(0, 1), (2, 2), (3, 3), (0, 1)", "duplicate_cell"),
    (MINE, "(0, 1), (2, 2)", "missing_mine"),
    (MINE, "(0, 1), (2, 2), (3, 3), (0, 0)", "not_forced"),
    (MINE, "0,1; 2,2; 3,3", "parse_error"),
    (MINE, "(0 1), (2 2), (3 3)", "parse_error"),
    (MINE, "(-0, 1), (2, 2), (3, 3)", "parse_error"),
]

SORT = {"alphabet": "cabdefghijklmnopqrstuvwxyz", "words": ["wacume", "ceji", "lo", "mozi"], "descending": False}

WORD_SORTING = [
    (SORT, "ceji\tlo\tmozi\twacume", "ok"),  # regression: tab-separated was wrong_count
    (SORT, "CEJI, LO, MOZI, WACUME", "ok"),
    (SORT, "ceji, lo, mozi, wacume, ceji", "wrong_count"),
    (SORT, "ceji, lo, lo, mozi", "wrong_words"),  # a duplicate in place of a word
    (SORT, "ceji < lo < mozi < wacume", "wrong_count"),
    (SORT, "lo, ceji, mozi, wacume", "wrong_order"),  # c sorts first in this alphabet
]

ROWS = [(MATH, *r) for r in MATHADOR] + [(LIN, *r) for r in LINEAR] + [(CRYPT, *r) for r in CRYPTARITHM]
ROWS += [(DYCK, *r) for r in DYCK_ROWS] + [(PATH, *r) for r in SHORTEST] + [(MINES, *r) for r in MINESWEEPER]
ROWS += [(WORDS, *r) for r in WORD_SORTING]
IDS = [f"{row[0].name}-{i}" for i, row in enumerate(ROWS)]


def _best_of_three(task, payload: dict, answer: str) -> float:
    """Seconds for one verdict, the best of three (the machine is shared; caches warm on the first)."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        verdict = task.verify(payload, wrap(answer))
        times.append(time.perf_counter() - start)
        assert not verdict.reason.startswith("internal_error"), (answer[:40], verdict)
    return min(times)


@pytest.mark.parametrize(("task", "payload", "answer", "reason"), ROWS, ids=IDS)
def test_table(task, payload, answer, reason):
    check_case(task, payload, answer, reason)
    assert _best_of_three(task, payload, answer) < 0.05, answer


HOSTILE = ["²" * 1999, "3²" * 999, "x₁" * 999, "1₂ " * 666, "⁻¹" * 999, "\\boxed{" * 300 + "=" + "}" * 300,
           "8 = " + "\\frac{8}{3}" * 50, "(" * 4000 + "=" + ")" * 3000, "x1 = \\frac{-" * 500, "S∗" * 3000,
           "\t".join(["ab"] * 2000), "A -> B -> A -> " * 500, "(0, 1), " * 900]  # fmt: skip
PAYLOADS = [(MATH, P24), (LIN, PL), (CRYPT, SEND), (DYCK, ANGLE), (PATH, ZERO), (MINES, MINE), (WORDS, SORT)]


@pytest.mark.parametrize(("task", "payload"), PAYLOADS, ids=[t.name for t, _ in PAYLOADS])
def test_hostile_answers_are_refused_fast(task, payload):
    for text in HOSTILE:
        assert not task.verify(payload, wrap(text)).correct, text[:40]
        assert _best_of_three(task, payload, text) < 0.05, text[:40]


# -- mathador: random expressions in mixed notation against an ast walk of an ASCII copy ----------------

_ALIASES = {"+": ["+"], "-": ["-", "−", "–"], "*": ["*", "×", "x", "·", "\\cdot", "\\times", "∗"],
            "/": ["/", "÷", "\\div"]}  # fmt: skip
_ASCII = [(a, op) for op, names in _ALIASES.items() for a in names if a not in "+-*/x"] + [("x", "*")]
_SUPER = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
_BINOPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


def _tokens(nums: list[int], rng: random.Random, depth: int = 0) -> list[str]:
    """A random expression over `nums` as tokens (operators bare, to be spelled later)."""
    r = rng.random()
    if depth > 3 or r < 0.35:
        toks = [str(rng.choice(nums))]
    elif r < 0.5:
        o, c = rng.choice(["()", "[]", "{}"])
        toks = [o, *_tokens(nums, rng, depth + 1), c]
    else:
        toks = [*_tokens(nums, rng, depth + 1), rng.choice("+-*/"), *_tokens(nums, rng, depth + 1)]
    return ["-", *toks] if rng.random() < 0.1 else toks


def _spell(toks: list[str], rng: random.Random) -> str:
    """Operators in random notation, after one mutation now and then (a superscript: 32 -> 3²)."""
    toks = list(toks)
    k = rng.randrange(8)
    if k == 0:
        del toks[rng.randrange(len(toks))]
    elif k == 1:
        toks.insert(rng.randrange(len(toks) + 1), rng.choice(["-", "+", "(", ")", "0", "2", "10", "^", "!"]))
    elif k == 2 and len(toks) > 1:
        i = rng.randrange(len(toks) - 1)
        toks[i], toks[i + 1] = toks[i + 1], toks[i]
    elif k == 3 and (long := [i for i, t in enumerate(toks) if len(t) > 1 and t.isdigit()]):
        i = rng.choice(long)
        toks[i] = toks[i][:-1] + toks[i][-1].translate(_SUPER)
    out = [rng.choice(_ALIASES[t]) if t in _ALIASES and rng.random() < 0.3 else t for t in toks]
    return rng.choice([" ", ""]).join(out)


def _math_truth(text: str, p: dict) -> tuple[bool, bool]:
    """(valid, sure) for test-made `text` by an ast walk of an ASCII copy: exact value, allowed operators,
    one minus per factor, numbers as given. Not sure where ast cannot tell `--9` from `-(-9)`."""
    if re.search("[⁰¹²³⁴⁵⁶⁷⁸⁹]", text) or not text.strip():
        return False, True  # a superscript is an exponent, which is no allowed operation
    for alias, op in _ASCII:
        text = text.replace(alias, op)
    stack = []
    for ch in text:  # each bracket closed by its own kind
        if ch in "([{":
            stack.append(")]}"["([{".index(ch)])
        elif ch in ")]}" and (not stack or stack.pop() != ch):
            return False, True
    text = text.translate(str.maketrans("[]{}", "()()"))
    if stack or re.search(r"\*\*|//|(?<![0-9])0[0-9]", text):
        return False, True
    try:
        body = ast.parse(text, mode="eval").body
    except SyntaxError:
        return False, True
    used, sure = [], True

    def value(n: ast.AST, negated: bool = False) -> Fraction | None:
        nonlocal sure
        if isinstance(n, ast.Constant) and type(n.value) is int:
            used.append(n.value)
            return Fraction(n.value)
        if isinstance(n, ast.UnaryOp) and isinstance(n.op, ast.USub) and "-" in p["operators"]:
            sure = sure and not negated
            v = value(n.operand, True)
            return None if v is None else -v
        if not isinstance(n, ast.BinOp) or _BINOPS.get(type(n.op), "?") not in p["operators"]:
            raise ValueError(n)
        a, b = value(n.left), value(n.right)
        if a is None or b is None or (isinstance(n.op, ast.Div) and b == 0):
            return None
        return a + b if isinstance(n.op, ast.Add) else a - b if isinstance(n.op, ast.Sub) else (
            a * b if isinstance(n.op, ast.Mult) else a / b)

    try:
        v = value(body)
    except ValueError:
        return False, sure
    have, given = Counter(used), Counter(p["numbers"])
    return v == p["target"] and not have - given and (not p["use_all"] or have == given), sure


def test_fuzz_mathador_matches_an_ast_walk():
    rng = random.Random(41)
    for level in (1, 2, 3, 5, 8, 10):
        for item in range(2):
            inst = MATH.generate(MATH.params(level), 4, item)
            p = inst.payload
            ref = [t for t in re.split(r"\s+|([()+\-*/])", inst.answer) if t]
            for _ in range(60):
                text = _spell(ref if rng.random() < 0.3 else _tokens(p["numbers"], rng), rng)
                want, sure = _math_truth(text, p)
                if rng.random() < 0.2:
                    stated = p["target"] + rng.choice([0, 0, 1])
                    text += f" = {rng.choice(['', '+'])}{stated}{rng.choice(['', '.0'])}"
                    want = want and stated == p["target"]
                verdict = MATH.verify(p, wrap(text))
                # where unsure, "--9" (refused) and "-(-9)" (accepted) differ in form only: a wrong one must fail
                assert verdict.correct == want if sure else want or not verdict.correct, (level, text, verdict)


# -- linear_system: names, separators and value spellings against an exact sympy solve ------------------


def _value_text(v: Fraction, rng: random.Random) -> str:
    """`v` in one of the exact spellings the prompt allows (or a LaTeX one)."""
    n, d = v.numerator, v.denominator
    forms = [f"{n}/{d}" if d > 1 else str(n), f"\\frac{{{n}}}{{{d}}}", f"\\frac{{{-n}}}{{{-d}}}",
             f"{2 * n}/{2 * d}", f"({n}/{d})", f"{n}/{d}".replace("-", "−")]  # fmt: skip
    if n < 0:
        forms += [f"-\\frac{{{-n}}}{{{d}}}", f"\\frac{{{-n}}}{{-{d}}}"]
    if set(sympy.factorint(d)) <= {2, 5}:  # a terminating decimal, written out exactly
        places = max(sympy.multiplicity(2, d), sympy.multiplicity(5, d))
        scaled = abs(n) * 10**places // d
        forms.append(f"{'-' if n < 0 else ''}{scaled // 10**places}.{scaled % 10**places:0{places}d}")
    return rng.choice(forms)


def _name_text(name: str, rng: random.Random) -> str:
    """`name` as written, upper-cased, or with its index as x_1, x_{1} or a subscript."""
    letter, index = name.rstrip("0123456789"), name[len(name.rstrip("0123456789")) :]
    if not index:
        return rng.choice([name, name.upper()])
    sub = letter + index.translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉"))
    return rng.choice([name, name.upper(), f"{letter}_{index}", f"{letter}_{{{index}}}", sub])


def test_fuzz_linear_system_matches_sympy():
    rng = random.Random(43)
    for level in (1, 3, 5, 8, 10):
        for seed in range(2):
            p = LIN.generate(LIN.params(level), seed, 0).payload
            exact = sympy.Matrix(p["coefficients"]).LUsolve(sympy.Matrix(p["constants"]))
            sol = dict(zip(p["variables"], (Fraction(int(v.p), int(v.q)) for v in exact)))
            for _ in range(40):
                pairs, k = list(sol.items()), rng.randrange(6)
                if k == 0:  # one value off
                    i = rng.randrange(len(pairs))
                    pairs[i] = (pairs[i][0], pairs[i][1] + rng.choice([1, -1, Fraction(1, 2)]))
                elif k == 1:  # one value missing
                    pairs.pop(rng.randrange(len(pairs)))
                elif k == 2:  # a variable twice, with its right value
                    pairs.append(rng.choice(pairs))
                elif k == 3:  # an unknown name
                    pairs.append(("w", Fraction(0)))
                rng.shuffle(pairs)
                want = k > 3  # the policy: every unknown exactly once, at its exact value
                names = [_name_text(n, rng) for n, _ in pairs]
                values = [_value_text(v, rng) for _, v in pairs]
                if rng.random() < 0.2:
                    text = f"({', '.join(names)}) = ({', '.join(values)})"
                else:
                    sep = rng.choice([", ", "; ", "\n", " and ", ", and "])
                    text = sep.join(f"{n}{rng.choice([' = ', '=', ': '])}{v}" for n, v in zip(names, values))
                verdict = LIN.verify(p, wrap(text))
                assert verdict.correct == want, (level, seed, text, verdict)

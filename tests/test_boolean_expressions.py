"""boolean_expressions: an oracle that reads the shown text with Python's own grammar, adversarial answers,
every subset of letters against the truth, and the knobs' shape guarantees."""

import ast
import itertools

import numpy as np
import pytest

from logicforge.generators import boolean_expressions as gen
from logicforge.tasks import get_task

from helpers import assert_refused_fast, check_case, wrap

TASK = get_task("boolean_expressions")
LETTERS = "ABCDEFGHIJ"
_CMP = {ast.Lt: "__lt__", ast.LtE: "__le__", ast.Gt: "__gt__", ast.GtE: "__ge__", ast.Eq: "__eq__", ast.NotEq: "__ne__"}
_ARITH = {ast.Add: "__add__", ast.Sub: "__sub__", ast.Mult: "__mul__"}


def _walk(node: ast.AST):
    """The value of a parsed expression, admitting only the node types the puzzle uses (no eval)."""
    if isinstance(node, ast.Constant) and type(node.value) in (bool, int):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return not _walk(node.operand)
    if isinstance(node, ast.BoolOp):
        values = [_walk(v) for v in node.values]  # every side evaluated: the operands have no effects
        return all(values) if isinstance(node.op, ast.And) else any(values)
    if isinstance(node, ast.Compare) and len(node.ops) == 1:
        return getattr(_walk(node.left), _CMP[type(node.ops[0])])(_walk(node.comparators[0]))
    if isinstance(node, ast.BinOp) and type(node.op) in _ARITH:
        return getattr(_walk(node.left), _ARITH[type(node.op)])(_walk(node.right))
    raise ValueError(f"unexpected syntax {ast.dump(node)}")


def ORACLE(payload: dict) -> list[str] | None:
    """The one answer: the options' text as shown, parsed by Python's grammar (its precedence and
    parentheses, not the generator's trees) and evaluated by a whitelist walk; the true letters in order."""
    truths = [_walk(ast.parse(text, mode="eval").body) for text in payload["options"]]
    assert all(type(t) is bool for t in truths)
    return [", ".join(LETTERS[i] for i, t in enumerate(truths) if t)]


# -- 1. adversarial answers on a fixed payload -------------------------------------------------------------------

P = {
    "options": ["(3 + 4 > 2 * 3) and True", "not (7 - 2 == 5)", "False or (not False)", "(9 - 12 >= 0) or False"],
    "answer": ["A", "C"],
}
CASES = [
    ("A, C", "ok"),
    ("C, A", "ok"),  # a set: any order
    ("A C", "ok"),  # spaces separate too
    ("A,C", "ok"),
    ("A; C", "ok"),
    ("A\u3001C", "ok"),  # the Chinese list comma
    ("[A, C]", "ok"),
    ("{A, C}", "ok"),  # set notation
    ("(A), (C)", "ok"),  # letters as the second paraphrase labels them
    ("(A, C)", "ok"),  # a tuple
    ("(A)", "missing_item"),
    ("'A', 'C'", "ok"),
    ("- A\n- C", "ok"),  # a bulleted list
    ("A, B, C, D", "extra_item"),  # universal: every option at once
    ("A B C D", "extra_item"),
    ("none", "missing_item"),  # universal: no option (some option is always true)
    ("\u65e0", "missing_item"),  # 无
    ("A", "missing_item"),  # C left out
    ("C", "missing_item"),
    ("A, B", "extra_item"),  # B is false; checked before the missing C
    ("A, C, D", "extra_item"),
    ("B, D", "extra_item"),  # the complement
    ("A, C, E", "unknown_item"),  # there is no option E
    ("A, C, Z", "unknown_item"),
    ("A, A, C", "duplicate_item"),
    ("A, C, C", "duplicate_item"),
    ("a, c", "parse_error"),  # the format asks for capitals
    ("AC", "parse_error"),  # letters run together
    ("A and C", "parse_error"),  # prose, and `and` is no separator
    ("A, C or B", "parse_error"),  # a hedge
    ("A, none", "parse_error"),  # the empty label with letters
    ("A., C.", "parse_error"),  # a full stop inside the list (extraction drops only a closing one)
    ("A: True, B: False, C: True, D: False", "parse_error"),  # a truth table, not the letters asked for
    ("True, False, True, False", "parse_error"),
    ("1, 3", "parse_error"),  # option numbers instead of letters
    ("(A, C", "parse_error"),
    ("\u0410, C", "parse_error"),  # a Cyrillic A
    ("A, " * 30 + "C", "too_long"),
    ("", "empty_answer"),
]


@pytest.mark.parametrize("answer, reason", CASES)
def test_table(answer, reason):
    check_case(TASK, P, answer, reason)


@pytest.mark.parametrize(
    "payload",
    [
        {"options": ["True", "False"], "answer": []},  # no true option
        {"options": ["True", "True"], "answer": ["A", "B"]},  # no false option
        {"options": ["True", "False"], "answer": ["C"]},  # a letter beyond the options
        {"options": ["True", "False", "True"], "answer": ["A", "A"]},
    ],
)
def test_inconsistent_payloads_are_refused(payload):
    assert TASK.verify(payload, wrap("A")).reason == "bad_payload"


# -- 2. the generated items: every subset of letters, universal answers, reformatting ----------------------------


def _items(levels, seeds):
    return [TASK.generate(TASK.params(level), seed, 0) for level in levels for seed in seeds]


def test_oracle_agrees_with_the_generator_at_every_level():
    for inst in _items(range(1, 11), range(12)):
        assert ORACLE(inst.payload) == [inst.answer], inst.payload["options"]


def test_every_subset_of_letters_passes_exactly_when_it_is_the_true_set():
    """Brute force over every answer a model could give (each subset, in two layouts)."""
    for inst in _items(range(1, 6), range(6)):
        n = len(inst.payload["options"])
        truth = set(ORACLE(inst.payload)[0].split(", "))
        for k in range(n + 1):
            for subset in itertools.combinations(LETTERS[:n], k):
                for text in (", ".join(subset), " ".join(reversed(subset))):
                    verdict = TASK.verify(inst.payload, wrap(text or "none"))
                    assert verdict.correct == (set(subset) == truth), (inst.payload, text, verdict)


def test_universal_and_copied_answers_fail_everywhere():
    for inst in _items(range(1, 11), range(5)):
        n = len(inst.payload["options"])
        for text in (", ".join(LETTERS[:n]), " ".join(LETTERS[:n]), "none", "\u6ca1\u6709", "True", "False",
                     "A, B, C, D, E, F, G, H, I, J", inst.question, "\n".join(inst.payload["options"])):  # fmt: skip
            verdict = TASK.verify(inst.payload, wrap(text))
            assert not verdict.correct, (text, verdict)


@pytest.mark.parametrize("level", [1, 4, 7, 10])
def test_reformatted_answers_pass(level):
    for inst in _items([level], range(8)):
        letters = inst.answer.split(", ")
        for text in (", ".join(reversed(letters)), " ".join(letters), ",".join(letters), f"[{inst.answer}]",
                     "{" + inst.answer + "}", ", ".join(f"({x})" for x in letters), "\uff0c".join(letters) + "\u3002",
                     f"**{inst.answer}**", f"\\boxed{{{inst.answer}}}"):  # fmt: skip
            assert TASK.verify(inst.payload, wrap(text)).correct, (text, inst.answer)


def test_hostile_input_is_refused_fast():
    inst = TASK.generate(TASK.params(10), 0, 0)
    hostile = ["A, " * 4000, "(" * 19_000, "A" * 19_000, "A " * 9_000, "{" * 5000 + "}" * 5000, "none " * 3000,
               "(A)" * 5000, "\ufdfa" * 1900, "not " * 4000 + "True"]  # fmt: skip
    assert_refused_fast(TASK, [inst.payload], hostile)


# -- 3. the generator keeps its knobs' promises -------------------------------------------------------------------


def _depth_and_ops(node) -> tuple[int, int]:
    """(nesting depth of and/or, number of and/or) in a generator tree; `not` adds neither."""
    if isinstance(node, bool) or node[0] == "cmp":
        return 0, 0
    if node[0] == "not":
        return _depth_and_ops(node[1])
    (d1, o1), (d2, o2) = _depth_and_ops(node[1]), _depth_and_ops(node[2])
    return 1 + max(d1, d2), 1 + o1 + o2


@pytest.mark.parametrize("level", range(1, 11))
def test_trees_have_the_asked_depth_and_operator_count_and_truth(level):
    params = TASK.params(level)
    rng = np.random.default_rng(level)
    for target in (True, False) * 30:
        tree = gen._fill(gen._shape(params, rng), target, params, rng)
        assert _depth_and_ops(tree) == (params.depth, params.ops)
        assert gen.value(tree) is target
        assert _walk(ast.parse(gen.text(tree), mode="eval").body) is target, gen.text(tree)


def test_items_mix_true_and_false_and_vary():
    items = _items([1, 5, 10], range(20))
    for inst in items:
        n, k = len(inst.payload["options"]), len(inst.payload["answer"])
        assert 0 < k < n
    assert len({inst.answer for inst in items}) > 10
    level10 = _items([10], range(20))
    assert all(len(set(inst.payload["options"])) == len(inst.payload["options"]) for inst in level10)


def test_knob_rule_names_the_knobs():
    with pytest.raises(ValueError, match="ops"):
        TASK.params(1, {"ops": "4"})  # depth 1 holds one operator at most

"""zebra_puzzle: a brute-force oracle over permutations, minimal clue sets, the vocabulary shared by the verifier and
the templates, the adversarial table (every reason, universal answers), reformatted answers and hostile input."""

from __future__ import annotations

import itertools
import random
import re
import time

import numpy as np
import pytest

from logicforge.generators import zebra_puzzle as gen
from logicforge.generators._zebra_puzzle_solver import Solver
from logicforge.tasks import get_task, prompts
from logicforge.verifiers import _zebra_words as words

from helpers import HOSTILE_MIXED, assert_refused_fast, check_case, wrap

TASK = get_task("zebra_puzzle")

# -- the oracle: every permutation of every attribute, clues checked as soon as their values are placed ----------

_HOLDS = {
    "same": lambda p, k: p[0] == p[1], "not_same": lambda p, k: p[0] != p[1],
    "at": lambda p, k: p[0] == k, "not_at": lambda p, k: p[0] != k,
    "left": lambda p, k: p[1] - p[0] == 1, "right": lambda p, k: p[0] - p[1] == 1,
    "before": lambda p, k: p[0] < p[1], "after": lambda p, k: p[0] > p[1],
    "next": lambda p, k: p[0] - p[1] in (1, -1), "between": lambda p, k: min(p[0], p[2]) < p[1] < max(p[0], p[2]),
}  # fmt: skip


def ORACLE(payload: dict, budget: int = 300_000) -> list[str] | None:
    """Up to two grids ("House 1: ..." lines) that satisfy every clue, by enumerating each attribute's
    permutations over the houses (1-based) one attribute at a time, the attributes with the most clues first,
    and dropping a partial grid as soon as a clue whose values are all placed fails. None past `budget`
    permutations tried."""
    houses, values = payload["houses"], payload["values"]
    attr_of = {v: t for t, vals in enumerate(values) for v in vals}
    clues = [(c["type"], c["items"], c["house"]) for c in payload["clues"]]
    order = sorted(range(len(values)), key=lambda t: -sum(attr_of[v] == t for _, items, _ in clues for v in items))
    rank = {t: i for i, t in enumerate(order)}
    # each clue is checked at the depth where the last of its attributes is placed
    due: list[list] = [[] for _ in order]
    for clue in clues:
        due[max(rank[attr_of[v]] for v in clue[1])].append(clue)
    where: dict[str, int] = {}
    found: list[str] = []
    tried = [0]

    def place(depth: int) -> None:
        if depth == len(order):
            grid = [[""] * len(values) for _ in range(houses)]
            for v, h in where.items():
                grid[h - 1][attr_of[v]] = words.en_word(v)
            found.append("\n".join(f"House {i + 1}: " + ", ".join(row) for i, row in enumerate(grid)))
            return
        t = order[depth]
        for perm in itertools.permutations(range(1, houses + 1)):
            tried[0] += 1
            if tried[0] > budget:
                raise TimeoutError
            where.update(zip(values[t], perm))
            if all(_HOLDS[kind]([where[v] for v in items], k) for kind, items, k in due[depth]):
                place(depth + 1)
                if len(found) >= 2:
                    return
        for v in values[t]:
            where.pop(v, None)

    try:
        place(0)
    except TimeoutError:
        return None
    return found


def _items(levels=range(1, 11), per_level=3, seed=0, lang="en"):
    return [TASK.generate(TASK.params(level), seed, i, lang=lang) for level in levels for i in range(per_level)]


def test_oracle_finds_the_reference_alone_up_to_level_6():
    for inst in _items(levels=range(1, 7), per_level=4, seed=5):
        assert ORACLE(inst.payload) == [inst.answer]


def test_every_clue_is_needed_up_to_level_5():
    """The reduction leaves a minimal clue set: without any one clue the oracle finds a second grid."""
    for inst in _items(levels=range(1, 6), per_level=2, seed=9):
        clues = inst.payload["clues"]
        for i in range(len(clues)):
            fewer = {**inst.payload, "clues": clues[:i] + clues[i + 1 :]}
            assert len(ORACLE(fewer)) == 2, (inst.payload, i)


def test_solver_counts_agree_with_the_oracle_on_random_clue_sets():
    """The generator's propagating solver and the brute force agree on 1 vs 2+ solutions for random clue sets
    (true or not in any hidden grid), every clue kind included."""
    rng = np.random.default_rng(3)
    params = gen.Params(houses=4, attributes=3, kinds=3, indirect=0.5, negative=0.3)
    for trial in range(150):
        maker = gen._Maker(params, rng)
        clues = [maker.clue(gen._kind(params, rng)) for _ in range(int(rng.integers(3, 12)))]
        if trial % 3 == 0:  # a false clue too: a solution may not exist
            other = gen._Maker(params, rng)
            clues.append(other.clue(gen._kind(params, rng)))
        ids = [v for name in ("nationality", "colour", "pet") for v in words.ATTRIBUTES[name][2][:4]]
        payload = {"houses": 4, "values": [ids[0:4], ids[4:8], ids[8:12]],
                   "clues": [gen._shown(c, ids, rng) for c in clues]}  # fmt: skip
        assert len(Solver(4, 3).solve(clues, 2)) == len(ORACLE(payload)), (trial, payload)


# -- generation ---------------------------------------------------------------------------------------------------


def test_level_10_generation_is_fast_and_varied():
    start, times, answers = time.perf_counter(), [], set()
    for i in range(12):
        t = time.perf_counter()
        inst = TASK.generate(TASK.params(10), 21, i)
        times.append(time.perf_counter() - t)
        answers.add(inst.answer)
    assert len(answers) == 12 and max(times) < 3.0 and time.perf_counter() - start < 12  # shared machine: slack


def test_indirect_clues_rise_with_level():
    def share(level):
        clues = [c for inst in _items(levels=[level], per_level=10, seed=2) for c in inst.fields["clues"]]
        return sum(c["type"] not in ("same", "at", "not_same", "not_at") for c in clues) / len(clues)

    assert share(1) < share(5) < share(10)


def test_fields_hide_the_solution():
    for inst in _items(per_level=2):
        assert "solution" not in inst.fields
        for t, vals in enumerate(inst.fields["values"]):  # shown in vocabulary order, not in house order
            vocab = words.ATTRIBUTES[inst.fields["attributes"][t]][2]
            assert vals == sorted(vals, key=vocab.index)


# -- the vocabulary: one value per word, the templates use the verifier's words -----------------------------------


def test_every_word_names_one_value_of_one_attribute():
    all_values = [v for _, _, vals in words.ATTRIBUTES.values() for v in vals]
    assert len(all_values) == len(set(all_values)) == len(words.ZH)
    assert all(len(vals) >= gen.Params.__dataclass_fields__["houses"].metadata["hi"]
               for _, _, vals in words.ATTRIBUTES.values())  # fmt: skip
    assert all(re.fullmatch(r"[a-z]+", v) for v in all_values)  # ids are the one-word English answers
    assert set(words.WORDS.values()) == set(all_values)


def test_the_chinese_template_uses_the_verifier_words():
    module = prompts._module("zebra_puzzle", "zh")
    assert module.ZH == words.ZH
    assert set(module.NAME) == set(words.ATTRIBUTES) == set(prompts._module("zebra_puzzle", "en").NAME)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_paraphrase_shows_every_value_and_clue(lang):
    for inst in _items(per_level=1, seed=4):
        for macro in prompts.paraphrases("zebra_puzzle", lang):
            text = prompts.render("zebra_puzzle", lang, macro, inst.fields)
            for vals in inst.fields["values"]:
                for v in vals:
                    assert (words.ZH[v] if lang == "zh" else words.en_word(v)) in text
            numbered = re.findall(r"^(?:\d+\. |- |Clue \d+: |（\d+）|第\d+条：)", text, re.M)
            assert len(numbered) >= len(inst.fields["clues"]), (lang, macro)


# -- the verifier: adversarial table --------------------------------------------------------------------------------

P = {
    "houses": 3, "attributes": ["nationality", "colour", "pet"],
    "values": [["brit", "dane", "norwegian"], ["red", "green", "yellow"], ["dog", "fox", "zebra"]],
    "clues": [{"type": "at", "items": ["norwegian"], "house": 1}, {"type": "same", "items": ["brit", "red"], "house": 0},
              {"type": "left", "items": ["yellow", "red"], "house": 0}, {"type": "next", "items": ["fox", "dane"], "house": 0},
              {"type": "before", "items": ["dog", "zebra"], "house": 0}, {"type": "not_same", "items": ["norwegian", "fox"], "house": 0},
              {"type": "between", "items": ["dog", "brit", "zebra"], "house": 0}],
    "solution": [["norwegian", "yellow", "dog"], ["brit", "red", "fox"], ["dane", "green", "zebra"]],
}  # fmt: skip
REF = "House 1: Norwegian, yellow, dog\nHouse 2: Brit, red, fox\nHouse 3: Dane, green, zebra"


@pytest.mark.parametrize("answer, reason", [
    (REF, "ok"),
    (REF.lower(), "ok"),                                                   # values are case-insensitive
    (REF.upper(), "ok"),
    ("Norwegian, yellow, dog\nBrit, red, fox\nDane, green, zebra", "ok"),  # no labels: lines in house order
    ("1. Norwegian, yellow, dog\n2. Brit, red, fox\n3. Dane, green, zebra", "ok"),
    ("House 3: Dane, green, zebra\nHouse 1: Norwegian, yellow, dog\nHouse 2: Brit, red, fox", "ok"),  # labels place lines
    ("House 1: dog, Norwegian, yellow\nHouse 2: Brit, fox, red\nHouse 3: zebra, green, Dane", "ok"),  # a word names its attribute
    ("House 1: Norwegian; yellow; dog\nHouse 2: Brit; red; fox\nHouse 3: Dane; green; zebra", "ok"),
    ("- House 1: Norwegian, yellow, dog\n- House 2: Brit, red, fox\n- House 3: Dane, green, zebra", "ok"),
    ("**House 1:** Norwegian, yellow, dog\n**House 2:** Brit, red, fox\n**House 3:** Dane, green, zebra", "ok"),
    ("| House | Nationality | Colour | Pet |\n|---|---|---|---|\n| 1 | Norwegian | yellow | dog |\n"
     "| 2 | Brit | red | fox |\n| 3 | Dane | green | zebra |", "ok"),            # a markdown table
    ("| Norwegian | yellow | dog |\n| Brit | red | fox |\n| Dane | green | zebra |", "ok"),
    ("第1间:挪威人,黄色,狗\n第2间:英国人,红色,狐狸\n第3间:丹麦人,绿色,斑马", "ok"),  # Chinese, as extraction folds it
    ("第一间:挪威人,黄,狗\n第二间:英国人,红,狐狸\n第三间:丹麦人,绿,斑马", "ok"),      # Chinese numerals, colours without 色
    ("1号房:Norwegian,黄色,dog\n2号房:英国人,red,狐狸\n3号房:Dane,绿色,zebra", "ok"),  # the two vocabularies mixed
    ("House 1: Norwegian, yellow, dog.\nHouse 2: Brit, red, fox.\nHouse 3: Dane, green, zebra", "ok"),  # full stops
    # wrong grids
    ("House 1: Norwegian, yellow, dog\nHouse 2: Dane, red, fox\nHouse 3: Brit, green, zebra", "wrong_answer"),
    ("House 1: Norwegian, yellow, zebra\nHouse 2: Brit, red, fox\nHouse 3: Dane, green, dog", "wrong_answer"),
    ("House 1: Brit, red, dog\nHouse 2: Dane, green, fox\nHouse 3: Norwegian, yellow, zebra", "wrong_answer"),  # listed order
    ("House 1: Norwegian, yellow, dog\nHouse 2: Dane, green, zebra\nHouse 3: Brit, red, fox", "wrong_answer"),  # rows swapped
    # shape and values
    ("House 1: Norwegian, yellow, dog\nHouse 2: Brit, red, fox", "wrong_shape"),         # a house missing
    (REF + "\n" + REF, "wrong_shape"),                                                     # the grid twice
    ("House 1: Norwegian, yellow\nHouse 2: Brit, red, fox\nHouse 3: Dane, green, zebra", "wrong_shape"),
    ("House 1: Norwegian, yellow, dog, tea\nHouse 2: Brit, red, fox\nHouse 3: Dane, green, zebra", "wrong_shape"),
    ("House 1: Norwegian, yellow, cat\nHouse 2: Brit, red, fox\nHouse 3: Dane, green, zebra", "unknown_item"),  # not in this puzzle
    ("House 1: Norwegian, yellow house, dog\nHouse 2: Brit, red, fox\nHouse 3: Dane, green, zebra", "unknown_item"),
    ("House 1: the Norwegian, yellow, dog\nHouse 2: Brit, red, fox\nHouse 3: Dane, green, zebra", "unknown_item"),
    ("House 1: Norwegian, Brit, dog\nHouse 2: Dane, red, fox\nHouse 3: yellow, green, zebra", "duplicate_item"),  # two of one attribute
    ("House 1: Norwegian, yellow, dog\nHouse 2: Norwegian, red, fox\nHouse 3: Dane, green, zebra", "duplicate_item"),
    ("House 1: Norwegian, yellow, dog\nHouse 1: Brit, red, fox\nHouse 3: Dane, green, zebra", "duplicate_item"),  # a label twice
    ("House 1: Norwegian, yellow, dog\nHouse 2: Brit, red, fox\nHouse 4: Dane, green, zebra", "out_of_bounds"),
    ("House 1: Norwegian, yellow, dog\nBrit, red, fox\nHouse 3: Dane, green, zebra", "parse_error"),  # labels mixed
    ("House 1:\nHouse 2: Brit, red, fox\nHouse 3: Dane, green, zebra", "parse_error"),
    ("House 1: Norwegian, , dog\nHouse 2: Brit, red, fox\nHouse 3: Dane, green, zebra", "unknown_item"),  # an empty cell
    # universal answers
    ("House 1: Norwegian, yellow, dog\nHouse 2: Norwegian, yellow, dog\nHouse 3: Norwegian, yellow, dog", "duplicate_item"),
    ("Brit, dane, norwegian, red, green, yellow, dog, fox, zebra\n" * 3, "wrong_shape"),
    ("Brit, Dane, Norwegian\nred, green, yellow\ndog, fox, zebra", "duplicate_item"),  # attributes as rows
    ("Nationality: Brit, Dane, Norwegian\nColour: red, green, yellow\nPet: dog, fox, zebra", "unknown_item"),
    ("House 1: ?, ?, ?\nHouse 2: ?, ?, ?\nHouse 3: ?, ?, ?", "unknown_item"),
    ("Norwegian, yellow, dog, Brit, red, fox, Dane, green, zebra", "wrong_shape"),  # one line
    ("zebra", "wrong_shape"),
    ("x" * 3000, "too_long"),
])  # fmt: skip
def test_table(answer, reason):
    check_case(TASK, P, answer, reason)


def test_the_table_payload_is_unique():
    assert ORACLE(P) == [REF]


def test_an_inconsistent_payload_is_refused():
    bad = {**P, "clues": P["clues"] + [{"type": "at", "items": ["dane"], "house": 1}]}
    assert TASK.verify(bad, wrap(REF)).reason == "bad_payload"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_question_and_the_listed_order_never_score(lang):
    for inst in _items(per_level=2, seed=6, lang=lang):
        listed = "\n".join(f"House {h + 1}: " + ", ".join(vals[h] for vals in inst.fields["values"])
                           for h in range(inst.fields["houses"]))  # fmt: skip
        for text in (inst.question, listed, inst.question.split("\n\n")[0]):
            if text != inst.answer:
                assert not TASK.verify(inst.payload, wrap(text)).correct, text[:80]


def test_chinese_and_english_references_verify_on_each_other():
    for en, zh in zip(_items(per_level=2, seed=8), _items(per_level=2, seed=8, lang="zh")):
        assert en.payload == zh.payload and zh.answer.startswith("第1间：")
        assert TASK.verify(en.payload, wrap(zh.answer)).correct and TASK.verify(zh.payload, wrap(en.answer)).correct


def test_random_grids_agree_with_the_reference():
    """Random shuffles of the solution's rows and columns: correct exactly when equal to the solution."""
    rng = random.Random(4)
    for inst in _items(levels=(1, 2, 3), per_level=4, seed=3):
        sol = inst.payload["solution"]
        for _ in range(30):
            grid = [list(row) for row in sol]
            t = rng.randrange(len(sol[0]))
            a, b = rng.sample(range(len(sol)), 2)
            if rng.random() < 0.7:
                grid[a][t], grid[b][t] = grid[b][t], grid[a][t]
            text = "\n".join(f"House {i + 1}: " + ", ".join(map(words.en_word, row)) for i, row in enumerate(grid))
            assert TASK.verify(inst.payload, wrap(text)).correct == (grid == sol)


def test_verification_is_fast():
    insts = _items(levels=[10], per_level=4, seed=1)
    start, n = time.perf_counter(), 0
    while time.perf_counter() - start < 0.5:
        for inst in insts:
            assert TASK.checker(inst.payload, inst.answer).correct
            n += 1
    assert n / (time.perf_counter() - start) > 3_000  # about 20,000/s on an idle core; the machine is shared


def test_hostile_input_is_refused_fast():
    payloads = [P, _items(levels=[10], per_level=1)[0].payload]
    texts = HOSTILE_MIXED + ["House 1: " + "a, " * 3000, "|" * 5000, "第" * 1999, "House 1:" * 900,
                             ("| 1 | " + "x | " * 500 + "\n") * 4, "House 99999999999999999999: Brit"]  # fmt: skip
    assert_refused_fast(TASK, payloads, texts)

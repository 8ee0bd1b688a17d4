"""object_properties: an oracle that replays the story its own way, the text naming what the payload says in both
languages, copied numbers, universal guesses, and adversarial answers."""

import re
import time

import pytest

from logicforge.generators import _object_properties_draw as draw, object_properties as gen
from logicforge.tasks import get_task, prompts

from helpers import assert_refused_fast, check_case, wrap

TASK = get_task("object_properties")
EN, ZH = prompts._module("object_properties", "en"), prompts._module("object_properties", "zh")
ORDER = ["tiny", "small", "medium", "large", "huge"]


def _predicate(cond):
    """The condition tree compiled to a function (object, the objects at the end) -> bool."""
    head, rest = cond[0], cond[1:]
    if head in ("and", "or"):
        parts = [_predicate(c) for c in rest]
        combine = all if head == "and" else any
        return lambda o, world: combine(p(o, world) for p in parts)
    if head == "not":
        inner = _predicate(rest[0])
        return lambda o, world: not inner(o, world)
    f, v = rest
    if head == "is":
        return lambda o, world: o[f] == v
    rank = ORDER.index if f == "size" else (lambda x: x)

    def compare(o, world):
        other = v
        if head.endswith("_ref"):
            (only,) = [w for w in world if w["type"] == v]  # the reference is unique at the end
            other = only[f]
        diff = rank(o[f]) - rank(other)
        return diff < 0 if head.startswith("lt") else diff > 0

    return compare


def ORACLE(payload: dict) -> list[str]:
    """The one answer, by an event log: every object ever mine keeps an id and a 'mine' flag (removals only clear
    the flag), each step first selects the ids it touches and then applies its change, and the query is compiled
    to a predicate; a swap whose description does not fit exactly one object fails loudly."""
    objects = [dict(o) for o in payload["start"]]
    mine = [True] * len(objects)

    def select(desc):
        return [i for i, o in enumerate(objects) if mine[i] and all(o[k] == x for k, x in desc.items())]

    for op in payload["ops"]:
        kind = op[0]
        if kind in ("remove", "trade"):
            for i in select(op[1]):
                mine[i] = False
        if kind in ("add", "trade"):
            objects += [dict(o) for o in op[-1]]
            mine += [True] * len(op[-1])
        if kind == "set":
            for i in select(op[1]):
                objects[i][op[2]] = op[3]
        if kind == "swap":
            (a,), (b,) = select(op[1]), select(op[2])
            objects[a][op[3]], objects[b][op[3]] = objects[b][op[3]], objects[a][op[3]]
    world = [o for o, m in zip(objects, mine) if m]
    test = _predicate(payload["query"])
    return [str(sum(1 for o in world if test(o, world)))]


def instances(levels=range(1, 11), n=20, seed=5):
    return [(level, TASK.generate(TASK.params(level), seed, i)) for level in levels for i in range(n)]


def final_size(payload) -> int:
    return int(ORACLE({**payload, "query": ["and"]})[0])  # an empty "and" holds for every object


# -- 1. the oracle, and what the answer is never ------------------------------------------------------------


def test_oracle_agrees_with_the_reference_at_every_level():
    for level, inst in instances(n=15, seed=3):
        assert ORACLE(inst.payload) == [inst.answer], level


def shown(inst) -> set[int]:
    objs = inst.fields["start"] + [o for e in inst.fields["events"] for o in e.get("objs", ())]
    prices = {o["price"] for o in objs if "price" in o}
    return prices | {c["v"] for c in inst.fields["query"]["clauses"] if c["f"] == "price" and c["rel"] in ("lt", "gt")}


def test_the_answer_is_never_a_number_shown_nor_a_universal_guess():
    for level in range(1, 11):
        items = [inst for _, inst in instances([level], n=60, seed=21)]
        copies = sum(int(inst.answer) in shown(inst) for inst in items)
        assert copies == 0, (level, copies)  # measured: 0 at every level (25 stories x 60 conditions allowed)
        for inst in items:
            answer = int(inst.answer)
            assert 1 <= answer < final_size(inst.payload)  # never 0, never "every object I have"
            assert answer <= len(inst.payload["start"]) + 2 * len(inst.payload["ops"])


def test_the_story_matters():
    """The same condition counted on the starting collection gives another number in nearly every item."""
    same = 0
    for _, inst in instances(n=20, seed=8):
        p = inst.payload
        refs = [c["v"] for c in inst.fields["query"]["clauses"] if c["rel"].endswith("_ref")]
        if all(sum(o["type"] == t for o in p["start"]) == 1 for t in refs):
            same += ORACLE({**p, "ops": []}) == [inst.answer]
    assert same <= 4, same  # measured: 0 of 200


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_copying_any_number_of_the_question_fails(lang):
    for level, inst in instances(n=8, seed=13):
        rendered = [prompts.render("object_properties", lang, m, inst.fields) for m in ("q1", "q2", "q3", "q4")]
        digits = {int(d) for text in rendered for d in re.findall(r"[0-9]+", text)}
        assert digits <= shown(inst), (level, digits - shown(inst))  # prices are the only numbers shown
        for n in shown(inst) | {0, 1, len(inst.payload["start"]), final_size(inst.payload)}:
            if str(n) != inst.answer:
                assert TASK.verify(inst.payload, wrap(str(n))).reason == "wrong_answer", (level, n)
        for text in rendered:
            assert TASK.verify(inst.payload, wrap(text)).reason == "parse_error"  # the question echoed


# -- 2. the text names what the payload holds, in both languages --------------------------------------------


def _words(module, lang: str, attrs: dict) -> list[str]:
    """The words each value of a description is written with."""
    out = []
    for f, v in attrs.items():
        if f == "type":
            out.append(module.TYPES[v][0])  # singular: the plural of every kind begins with it
        elif f == "colour":
            out.append(module.COLOUR[v] if lang == "zh" else v)
        elif f == "material":
            out.append(module.MATERIAL[v] if lang == "zh" else module.MATERIAL[v][0])
        elif f == "size":
            out.append(module.SIZE[v])
        elif f == "shape":
            out.append(module.SHAPE[v])
        else:
            out.append(str(v))
    return out


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_event_names_its_values_and_its_objects(lang):
    module = EN if lang == "en" else ZH
    for _, inst in instances(levels=(3, 7, 10), n=5, seed=9):
        f = inst.fields
        for shift in range(4):
            for e in f["events"]:
                text = str(module.event(f, e, shift))
                for key in ("cond", "a", "b"):
                    for word in _words(module, lang, e.get(key, {})):
                        assert word in text, (lang, e, word, text)
                for o in e.get("objs", ()):
                    assert str(module.obj(o)) in text
                if e["op"] == "set" or e.get("kind") == "set":
                    assert _words(module, lang, {e["f"]: e["val"]})[0] in text
                if e["op"] == "swap":
                    assert module.FNOUN[e["f"]] in text


def test_the_vocabulary_is_complete_in_both_languages():
    assert set(EN.TYPES) == set(ZH.TYPES) == set(draw.TYPES)
    assert set(ZH.COLOUR) == set(draw.VALUES["colour"])
    for name in ("MATERIAL", "SIZE", "SHAPE"):
        key = name.lower()
        assert set(getattr(EN, name)) == set(getattr(ZH, name)) == set(draw.VALUES[key]), name
    assert len(EN.NAMES) == len(ZH.NAMES) == gen.N_NAMES
    zh = [t[0] for t in ZH.TYPES.values()] + list(ZH.COLOUR.values()) + list(ZH.MATERIAL.values())
    assert not [a for a in zh for b in zh if a != b and a in b]  # no Chinese word inside another


def test_swap_descriptions_fit_one_object_each():
    for _, inst in instances(n=10, seed=4):
        p = inst.payload
        for k, op in enumerate(p["ops"]):
            if op[0] == "swap":
                before = int(
                    ORACLE({**p, "ops": p["ops"][:k], "query": ["and", *[["is", f, v] for f, v in op[1].items()]]})[0]
                )
                assert before == 1


# -- 3. knobs, levels, speed --------------------------------------------------------------------------------


def test_knob_ranges():
    with pytest.raises(ValueError, match="objects"):
        TASK.params(1, {"objects": "31"})
    with pytest.raises(ValueError, match="clauses"):
        TASK.params(1, {"clauses": "4"})
    inst = TASK.generate(
        TASK.params(1, {"objects": "3", "operations": "25", "features": "5", "comparisons": "1"}), 0, 0
    )
    assert ORACLE(inst.payload) == [inst.answer]


def test_levels_grow_in_what_they_ask():
    lv = [gen.LEVELS[k] for k in range(1, 11)]
    for a, b in zip(lv, lv[1:]):
        assert a.objects < b.objects and a.operations < b.operations and a.clauses <= b.clauses
    assert (lv[0].objects, lv[0].operations, lv[0].clauses) == (4, 2, 1)
    assert lv[9].operations >= 20 and lv[9].clauses == 3


def test_generation_and_verification_are_fast():
    start = time.perf_counter()
    items = [inst for _, inst in instances([10], n=20)]
    assert (time.perf_counter() - start) / len(items) < 0.25  # measured: about 3 ms an item
    start, calls = time.perf_counter(), 0
    while time.perf_counter() - start < 0.5:
        for inst in items:
            TASK.verify(inst.payload, wrap(inst.answer))
            calls += 1
    assert calls / (time.perf_counter() - start) > 10_000 / 4  # >= 10k/s on an idle core; this box is shared


def test_a_payload_with_an_impossible_answer_is_refused():
    inst = TASK.generate(TASK.params(4), 0, 0)
    p = inst.payload
    broken = [
        {**p, "answer": 10**6},  # more objects than the story ever shows
        {**p, "answer": -1},
        {**p, "answer": "3"},  # not an integer
        {**p, "start": [], "ops": []},  # nothing to count
        {**p, "ops": None},
    ]
    for payload in broken:
        assert TASK.verify(payload, wrap(inst.answer)).reason == "bad_payload"


# -- 4. adversarial answers on a fixed payload --------------------------------------------------------------

# A red cup, a blue cup and a red vase; I paint my cups green, then buy a red ball; red or green things: 4.
P = {
    "features": ["colour"],
    "start": [{"type": "cup", "colour": "red"}, {"type": "cup", "colour": "blue"}, {"type": "vase", "colour": "red"}],
    "ops": [
        ["set", {"type": "cup"}, "colour", "green"],
        ["add", [{"type": "ball", "colour": "red"}]],
        ["remove", {"type": "vase", "colour": "blue"}],
    ],
    "query": ["or", ["is", "colour", "red"], ["is", "colour", "green"]],
    "answer": 4,
}
NOT_RED = {**P, "query": ["and", ["not", ["is", "colour", "red"]]], "answer": 2}

CASES = [
    (P, "4", "ok"),
    (P, " 4 ", "ok"),
    (P, "004", "ok"),  # leading zeros: still the integer 4
    (P, "+4", "ok"),
    (P, "\uff14", "ok"),  # a full-width 4 (extraction folds it)
    (P, "4\u3002", "ok"),  # a closing Chinese full stop
    (P, "\\boxed{4}", "ok"),
    (P, "**4**", "ok"),
    (P, "four", "parse_error"),  # words are not the digits the format asks for
    (P, "\u56db", "parse_error"),  # 四
    (P, "\u0664", "parse_error"),  # an Arabic-Indic 4
    (P, "4 objects", "parse_error"),  # a unit beside the number
    (P, "4\u4ef6", "parse_error"),  # 4件
    (P, "count: 4", "parse_error"),
    (P, "4.0", "parse_error"),
    (P, "8/2", "parse_error"),
    (P, "2 + 2", "parse_error"),  # the working is not the answer
    (P, "4, 4", "parse_error"),  # two numbers, even the same one
    (P, "3 then 4", "parse_error"),  # "the last number anywhere" is never read
    (P, "-4", "wrong_answer"),
    (P, "0", "wrong_answer"),  # universal guesses
    (P, "1", "wrong_answer"),
    (P, "3", "wrong_answer"),  # the starting count, or red ones without the paint
    (P, "2", "wrong_answer"),  # red only
    (P, "9" * 400, "wrong_answer"),  # a huge integer is compared as text, never converted
    (NOT_RED, "2", "ok"),
    (NOT_RED, "1", "wrong_answer"),  # the blue cup only, as if nothing were painted
]


@pytest.mark.parametrize("payload, answer, reason", CASES)
def test_adversarial(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


def test_the_fixed_payloads_are_what_the_oracle_says():
    assert ORACLE(P) == ["4"] and ORACLE(NOT_RED) == ["2"]


def test_hostile_answers_are_refused_fast():
    texts = ["4" * 7000, "4 " * 3000, "-" * 5000 + "4", "0" * 7999 + "x", "\u56db" * 1500, "4\n" * 2000]
    assert_refused_fast(TASK, [P], texts)

"""space_reasoning: an oracle that walks the lattice with complex numbers, the guesses that must not pay, the text
naming what the payload says in both languages, the vocabulary, and adversarial answers."""

import re
import time
from collections import Counter

import pytest

from logicforge.generators import space_reasoning as gen
from logicforge.tasks import get_task, prompts
from logicforge.verifiers import _space_words as words

from helpers import assert_refused_fast, check_case, wrap

TASK = get_task("space_reasoning")
COMPASS = {"N": 1j, "NE": 1 + 1j, "E": 1, "SE": 1 - 1j, "S": -1j, "SW": -1 - 1j, "W": -1, "NW": -1 + 1j}
SPIN = {"L": 1j, "R": -1j, "B": -1, "F": 1}  # a left turn is a quarter turn anticlockwise: multiply by i


def ORACLE(payload: dict) -> list[str]:
    """The one answer, by walking with complex positions (east = 1, north = i) and headings that turn by
    multiplication; every arrival is checked against what the walk says stands there (a thing at one spot, a
    spot with one thing), an "until" walk must meet its thing before any other named spot, and the walk must
    fit in the lattice."""
    here, heading = 0j, COMPASS[payload["face"]]
    thing_at, spot_of = {here: payload["start"]}, {payload["start"]: here}

    def arrive(spot, thing):
        assert thing_at.setdefault(spot, thing) == thing and spot_of.setdefault(thing, spot) == spot, (spot, thing)

    for m in payload["moves"]:
        if m["k"] == "from":
            here = spot_of[m["w"]]
        heading = heading * SPIN[m["t"]] if m["k"] == "rel" else COMPASS[m["d"]]
        if m["k"] == "until":
            here += heading
            while here not in thing_at:
                here += heading
        else:
            here += m["n"] * heading
        arrive(here, m["at"])
    xs, ys = [int(s.real) for s in thing_at], [int(s.imag) for s in thing_at]
    assert max(xs) - min(xs) < payload["size"] and max(ys) - min(ys) < payload["size"]
    q = payload["query"]
    here, heading = spot_of[q["from"]], COMPASS.get(q["face"])
    for leg in q["legs"]:
        heading = heading * SPIN[leg["t"]] if leg["k"] == "rel" else COMPASS[leg["d"]]
        here += leg["n"] * heading
    return [thing_at[here].replace("_", " ") if here in thing_at else "unknown"]


def instances(levels=range(1, 11), n=20, seed=5, lang="en"):
    return [(level, TASK.generate(TASK.params(level), seed, i, lang=lang)) for level in levels for i in range(n)]


# -- 1. the oracle, and the guesses that must not pay ------------------------------------------------------------


def test_oracle_agrees_with_the_reference_at_every_level():
    for level, inst in instances(n=25, seed=3):
        assert ORACLE(inst.payload) == [inst.answer], level
        assert inst.payload["answer"] == ("unknown" if inst.answer == "unknown" else inst.answer.replace(" ", "_"))


def _mentions(f: dict) -> Counter:
    c = Counter([f["start"]])
    for m in f["moves"]:
        c.update([m["at"]] + ([m["w"]] if m["k"] == "from" else []))
    c[f["query"]["from"]] += 1
    return c


def test_constant_guesses_stay_low_at_every_level():
    """Always "unknown", always the start, the most or least mentioned thing, the last one named, the question's
    own starting thing. Level 1 names four things, one of them the question's start, so any fixed pick among the
    other three is right about a third of the time; from level 3 on every guess stays at or below 1 in 5."""
    for level in range(1, 11):
        items = [inst for _, inst in instances([level], n=150, seed=21)]
        hits = Counter()
        for inst in items:
            f, answer = inst.fields, inst.payload["answer"]
            c = _mentions(f)
            order = list(c)
            hits["unknown"] += answer == "unknown"
            hits["start"] += answer == f["start"]
            hits["most"] += answer == max(order, key=lambda k: (c[k], -order.index(k)))
            hits["least"] += answer == min(order, key=lambda k: (c[k], order.index(k)))
            hits["last"] += answer == f["moves"][-1]["at"]
            hits["origin"] += answer == f["query"]["from"]
        rates = {k: v / len(items) for k, v in hits.items()}
        assert rates["origin"] == 0  # the asked spot is never where the question's path starts
        assert 0.03 <= rates["unknown"] <= 0.25, (level, rates)  # measured 0.09-0.21 per level (share <= 0.18)
        bound = 0.36 if level <= 2 else 0.2  # measured: at most 0.28 at levels 1-2, 0.18 from level 3 on
        assert max(rates.values()) <= bound, (level, rates)


def test_unknown_is_a_minority_overall():
    items = [inst for _, inst in instances(n=60, seed=8)]
    share = sum(inst.answer == "unknown" for inst in items) / len(items)
    assert 0.08 <= share <= 0.2, share  # measured 0.15 over 600 items


def test_unknown_spots_are_inside_and_near_the_walk():
    """An unknown spot is never off the map: the question's path stays inside the lattice from where the walk
    put its starting thing, and the spot lies within two steps of a named one."""
    for _, inst in instances(n=10, seed=4):
        p = inst.payload
        if inst.answer != "unknown":
            continue
        here, heading, spots = 0j, COMPASS[p["face"]], {p["start"]: 0j}
        for m in p["moves"]:
            here = spots[m["w"]] if m["k"] == "from" else here
            heading = heading * SPIN[m["t"]] if m["k"] == "rel" else COMPASS[m["d"]]
            here = spots[m["at"]] if m["k"] == "until" else here + m["n"] * heading
            spots.setdefault(m["at"], here)
        q = p["query"]
        here, heading = spots[q["from"]], COMPASS.get(q["face"])
        for leg in q["legs"]:
            heading = heading * SPIN[leg["t"]] if leg["k"] == "rel" else COMPASS[leg["d"]]
            here += leg["n"] * heading
        assert min(max(abs(here.real - s.real), abs(here.imag - s.imag)) for s in spots.values()) <= 2
        xs = [s.real for s in spots.values()] + [here.real]
        ys = [s.imag for s in spots.values()] + [here.imag]
        assert max(xs) - min(xs) < p["size"] and max(ys) - min(ys) < p["size"]


def test_questions_have_several_legs_from_level_3():
    """A one-leg question ("2 steps east of the bench") can often be read off one sentence of the walk; from
    level 3 on the question's path has several legs, so the spot must be worked out."""
    for level, inst in instances(levels=range(3, 11), n=10, seed=6):
        assert len(inst.payload["query"]["legs"]) >= 2, level


# -- 2. the text names what the payload holds, in both languages -------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_move_and_the_question_name_their_things(lang):
    zh = prompts._module("space_reasoning", "zh").NAMES

    def name(item):
        return zh[item] if lang == "zh" else "the " + words.english(item)

    for _, inst in instances(levels=(1, 4, 10), n=6, seed=9, lang=lang):
        f = inst.fields
        for macro in prompts.paraphrases("space_reasoning", lang):
            text = prompts.render("space_reasoning", lang, macro, f)
            for m in f["moves"]:
                assert name(m["at"]) in text and (m["k"] != "from" or name(m["w"]) in text)
            assert name(f["query"]["from"]) in text and name(f["start"]) in text
            assert len(re.findall(r"[0-9]+", text)) >= sum("n" in m for m in f["moves"]) + len(f["query"]["legs"])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_copying_a_name_or_the_question_fails(lang):
    for level, inst in instances(levels=(1, 5, 10), n=6, seed=13, lang=lang):
        for item in inst.payload["items"]:
            for text in (words.english(item), words.ITEMS[item]):
                reason = TASK.verify(inst.payload, wrap(text)).reason
                assert reason == ("ok" if item == inst.payload["answer"] else "wrong_answer"), (level, text)
        unknown = TASK.verify(inst.payload, wrap("unknown")).reason
        assert unknown == ("ok" if inst.payload["answer"] == "unknown" else "wrong_answer")
        assert TASK.verify(inst.payload, wrap(inst.question)).reason in ("parse_error", "answer_too_long")


def test_the_vocabulary_is_the_same_in_the_templates_and_has_no_clashes():
    assert prompts._module("space_reasoning", "zh").NAMES == words.ITEMS
    zh = list(words.ITEMS.values())
    assert not [a for a in zh for b in zh if a != b and a in b]  # no Chinese name inside another
    assert len({words.key(words.english(i)) for i in words.ITEMS} | {words.key(z) for z in zh}) == 2 * len(zh)
    assert words.UNKNOWN not in words.ITEMS and len(words.ITEMS) >= 3 * gen.LEVELS[10].items


# -- 3. knobs, levels, speed -------------------------------------------------------------------------------------


def test_knob_ranges_and_cross_checks():
    with pytest.raises(ValueError, match="unknown_share"):
        TASK.params(1, {"unknown_share": "0.5"})
    with pytest.raises(ValueError, match="items"):
        TASK.params(1, {"items": "9"})  # more things than moves can reach
    with pytest.raises(ValueError, match="items"):
        TASK.params(1, {"items": "9", "moves": "9"})  # no room on a 4 x 4 lattice
    with pytest.raises(ValueError, match="max_step"):
        TASK.params(1, {"max_step": "4"})
    for overrides in (
        {"size": "3", "items": "4", "moves": "60", "max_step": "2", "diagonal_share": "0.5"},
        {
            "size": "20",
            "items": "40",
            "moves": "40",
            "max_step": "9",
            "relative_share": "1",
            "waypoint_share": "0.5",
            "unknown_share": "0.3",
            "query_legs": "6",
        },
    ):
        for i in range(5):
            inst = TASK.generate(TASK.params(1, overrides), 0, i)
            assert ORACLE(inst.payload) == [inst.answer]


def test_levels_grow_in_what_they_ask():
    lv = [gen.LEVELS[k] for k in range(1, 11)]
    for a, b in zip(lv, lv[1:]):
        assert a.moves < b.moves and a.items <= b.items and a.query_legs <= b.query_legs
        assert a.relative_share <= b.relative_share and a.size <= b.size
    assert (lv[0].moves, lv[0].relative_share, lv[0].query_legs) == (3, 0.0, 1)
    assert lv[9].moves >= 20 and lv[9].relative_share >= 0.5 and lv[9].query_legs >= 3
    assert all(p.unknown_share <= 0.2 for p in lv)


def test_generation_and_verification_are_fast():
    start = time.perf_counter()
    items = [inst for _, inst in instances([10], n=20)]
    assert (time.perf_counter() - start) / len(items) < 0.1  # measured: about 7 ms an item
    start, calls = time.perf_counter(), 0
    while time.perf_counter() - start < 0.5:
        for inst in items:
            TASK.verify(inst.payload, wrap(inst.answer))
            calls += 1
    assert calls / (time.perf_counter() - start) > 10_000 / 4  # >= 10k/s on an idle core; this box is shared


def test_a_broken_payload_is_refused():
    inst = TASK.generate(TASK.params(4), 0, 0)
    p = inst.payload
    for payload in (
        {**p, "answer": "sofa"},
        {**p, "answer": None},
        {**p, "items": ["sofa", "bench"]},
        {**p, "items": "bench"},
        {k: v for k, v in p.items() if k != "items"},
        {**p, "answer": next(i for i in words.ITEMS if i not in p["items"])},
    ):
        assert TASK.verify(payload, wrap(inst.answer)).reason == "bad_payload"


# -- 4. adversarial answers on a fixed payload -------------------------------------------------------------------

# The bench at (0, 0), facing north; 2 steps north: the oak tree (0, 2); turn right and walk 1: the well (1, 2);
# back to the bench, 1 step east: the lamp post (1, 0). P: 2 steps north of the lamp post is the well. UNKNOWN:
# from the well facing east, turn right and walk 1: (1, 1), never described. OAK: north-west 1, then north 1 of
# the lamp post: the oak tree.
P = {
    "size": 4, "start": "bench", "face": "N",
    "moves": [{"k": "abs", "d": "N", "n": 2, "at": "oak_tree"}, {"k": "rel", "t": "R", "n": 1, "at": "well"},
              {"k": "from", "w": "bench", "d": "E", "n": 1, "at": "lamp_post"}],
    "query": {"from": "lamp_post", "face": None, "legs": [{"k": "abs", "d": "N", "n": 2}]},
    "items": ["bench", "lamp_post", "oak_tree", "well"], "answer": "well",
}  # fmt: skip
UNKNOWN = {**P, "query": {"from": "well", "face": "E", "legs": [{"k": "rel", "t": "R", "n": 1}]}, "answer": "unknown"}
OAK = {
    **P,
    "query": {
        "from": "lamp_post",
        "face": None,
        "legs": [{"k": "abs", "d": "NW", "n": 1}, {"k": "abs", "d": "N", "n": 1}],
    },
    "answer": "oak_tree",
}

CASES = [
    (P, "well", "ok"),
    (P, "Well", "ok"),  # any case
    (P, "the well", "ok"),  # an optional article
    (P, "The Well", "ok"),
    (P, "a well", "ok"),
    (P, "水井", "ok"),  # the Chinese name, whatever language the question was asked in
    (P, "水井。", "ok"),  # a closing Chinese full stop (extraction drops it)
    (P, "**well**", "ok"),
    (P, "\\boxed{well}", "ok"),
    (P, "\\boxed{\\text{well}}", "parse_error"),  # LaTeX inside the box is not a name
    (P, "wells", "unknown_item"),  # not the name written
    (P, "well.", "ok"),  # one closing full stop
    (P, "well!", "parse_error"),
    (P, "the the well", "parse_error"),  # one article at most: a name inside more words
    (P, "well, bench", "parse_error"),  # a list hedges between things
    (P, "well or bench", "parse_error"),
    (P, "well\nwell", "parse_error"),  # two lines
    (P, "it is the well", "parse_error"),  # a sentence around the name
    (P, "The answer is well", "parse_error"),
    (P, "在水井那里", "parse_error"),  # a Chinese sentence around the name
    (P, "水井 well", "parse_error"),  # both languages at once
    (P, "(1, 2)", "parse_error"),  # coordinates are not a name
    (P, "2", "parse_error"),  # a number shown in the question
    (P, "bench", "wrong_answer"),  # the start
    (P, "lamp post", "wrong_answer"),  # the question's own starting thing
    (P, "lamppost", "wrong_answer"),  # spaces and hyphens are optional
    (P, "oak-tree", "wrong_answer"),
    (P, "unknown", "wrong_answer"),  # the label where the spot is named
    (P, "未知", "wrong_answer"),
    (P, "statue", "unknown_item"),  # a thing of the vocabulary the puzzle never names
    (P, "sofa", "unknown_item"),  # a word of no vocabulary
    (P, "yes", "unknown_item"),
    (P, "well" * 20, "parse_error"),  # far longer than any name
    (UNKNOWN, "unknown", "ok"),
    (UNKNOWN, "Unknown", "ok"),
    (UNKNOWN, "UNKNOWN", "ok"),
    (UNKNOWN, "未知", "ok"),
    (UNKNOWN, "`unknown`", "ok"),
    (UNKNOWN, "unknown.", "ok"),
    (UNKNOWN, "the unknown", "parse_error"),  # the label takes no article: more words than the label
    (UNKNOWN, "it is unknown", "parse_error"),  # only the label itself, not a sentence holding it
    (UNKNOWN, "unknown spot", "parse_error"),
    (UNKNOWN, "unknowable", "unknown_item"),
    (UNKNOWN, "nothing", "unknown_item"),  # "unknown" is the word the format asks for
    (UNKNOWN, "empty", "unknown_item"),
    (UNKNOWN, "none", "unknown_item"),
    (UNKNOWN, "不知道", "unknown_item"),
    (UNKNOWN, "未知的", "parse_error"),
    (UNKNOWN, "well", "wrong_answer"),
    (UNKNOWN, "lamp post", "wrong_answer"),
    (OAK, "oak tree", "ok"),
    (OAK, "OAK TREE", "ok"),
    (OAK, "oak_tree", "ok"),  # the id
    (OAK, "oaktree", "ok"),
    (OAK, "橡树", "ok"),
    (OAK, "oak", "unknown_item"),  # part of the name
    (OAK, "tree", "unknown_item"),
]


@pytest.mark.parametrize("payload, answer, reason", CASES)
def test_adversarial(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


def test_the_fixed_payloads_are_what_the_oracle_says():
    assert ORACLE(P) == ["well"] and ORACLE(UNKNOWN) == ["unknown"] and ORACLE(OAK) == ["oak tree"]


def test_hostile_answers_are_refused_fast():
    texts = [
        "well " * 3000,
        "unknown" * 2000,
        "水井" * 1500,
        "a " * 5000 + "well",
        "-" * 5000 + "well",
        "'" * 8000,
        "the " * 2000,
    ]
    assert_refused_fast(TASK, [P, UNKNOWN], texts)

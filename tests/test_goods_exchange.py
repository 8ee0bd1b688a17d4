"""goods_exchange: an oracle that tracks owners instead of holdings, a reader that replays the rendered questions
(every wording, both languages), the adversarial table, universal answers, reformatted answers and hostile input."""

from __future__ import annotations

import itertools
import json
import random
import re

import numpy as np
import pytest

from logicforge.generators import goods_exchange as gen
from logicforge.tasks import get_task, prompts

from helpers import HOSTILE_MIXED, assert_refused_fast, check_case, wrap

TASK = get_task("goods_exchange")


# -- the oracle: owners of items, not items of people -----------------------------------------------------------


def ORACLE(payload: dict) -> list[str]:
    """The one correct answer, "name: item, ...": follows each item's owner (the generator and the verifier
    follow each person's item) and reads every step as a map of who passes to whom."""
    n = len(payload["names"]["en"])
    owner = list(range(n))  # item -> person
    for kind, *args in payload["steps"]:
        if kind == "swap_items":
            owner[args[0]], owner[args[1]] = owner[args[1]], owner[args[0]]
            continue
        passes = dict(zip(args, args[1:] + args[:1]))  # swap a, b: a -> b -> a; rotate a, b, c: a -> b -> c -> a
        owner = [passes.get(p, p) for p in owner]
    held = {p: item for item, p in enumerate(owner)}
    return [", ".join(f"{payload['names']['en'][p]}: {payload['goods']['en'][held[p]]}" for p in range(n))]


def _items(levels=range(1, 11), per_level=4, seed=0, lang="en"):
    return [TASK.generate(TASK.params(level), seed, i, lang=lang) for level in levels for i in range(per_level)]


def test_oracle_agrees_with_the_reference_at_every_level():
    for inst in _items(per_level=6):
        assert ORACLE(inst.payload) == [inst.answer]


# -- a reader of the rendered questions: every wording of every paraphrase means what the payload says ----------

_EN_START = [r"(N) has the (I)[,.]", r"- (N): (I)$", r"(N) owns the (I)[;.]"]
_EN_EVENT = re.compile(r"^(?:\d+\. |First: |Then: |Finally: )?(.*)$")
_EN = [  # (pattern, what happens): "swap"/"items" name two, "give" lists (giver, receiver) by group, "none"
    (r"(N) and (N) trade what they hold\.", "swap"),
    (r"(N) gives their item to (N) in exchange for \2's\.", "swap"),
    (r"(N) swaps items with (N)\.", "swap"),
    (r"(N) and (N) exchange whatever they are carrying\.", "swap"),
    (r"(N) hands their item to (N) and takes \2's item in return\.", "swap"),
    (r"The person holding the (I) swaps items with the person holding the (I)\.", "items"),
    (r"Whoever has the (I) trades it for the (I)\.", "items"),
    (r"The holders of the (I) and the (I) swap what they hold\.", "items"),
    (r"The (I) changes hands: its holder trades it for the (I)\.", "items"),
    (r"The owner of the (I) and the owner of the (I) exchange their items\.", "items"),
    (
        r"(N) gives their item to (N), \2 gives theirs to (N), and \3 gives theirs to \1, all at the same moment\.",
        ((1, 2), (2, 3), (3, 1)),
    ),
    (
        r"(N), (N) and (N) pass their items around at once: \1's goes to \2, \2's goes to \3, and \3's goes to \1\.",
        ((1, 2), (2, 3), (3, 1)),
    ),
    (r"At the same time, (N) takes (N)'s item, (N) takes \1's, and \2 takes \3's\.", ((2, 1), (1, 3), (3, 2))),
    (r"(N) offers to trade with (N), but \2 declines\.", "none"),
    (r"(N) proposes a swap to (N); \2 says no, so nothing changes hands\.", "none"),
    (r"(N) asks (N) for a trade and is turned down\.", "none"),
    (r"The person holding the (I) offers to swap with the person holding the (I), who refuses\.", "none"),
    (r"Whoever has the (I) asks for the (I), but its holder will not part with it\.", "none"),
    (r"(N) shows their item to (N), then takes it back\.", "none"),
    (r"(N) lets (N) hold their item for a moment; \2 hands it straight back\.", "none"),
    (r"(N) and (N) almost swap, but call it off at the last moment\.", "none"),
    (r"(N) thinks about trading with (N) but decides to keep what they have\.", "none"),
]
_ZH_START = [r"(N)带了(I)[，。]", r"^(N)：(I)$", r"(N)的是(I)[；。]"]
_ZH_EVENT = re.compile(r"^(?:\d+\. |（\d+）|先是：|接着：|最后：)?(.*)$")
_ZH = [
    (r"(N)和(N)交换了手里的东西。", "swap"),
    (r"(N)把自己的东西给了(N)，换来了\2的东西。", "swap"),
    (r"(N)跟(N)互换物品。", "swap"),
    (r"(N)与(N)对调了各自手上的物品。", "swap"),
    (r"(N)和(N)商量好，把两人手上的东西换了过来。", "swap"),
    (r"拿着(I)的人和拿着(I)的人交换了物品。", "items"),
    (r"(I)的主人用\1换来了(I)。", "items"),
    (r"(I)和(I)的持有者互换了手里的东西。", "items"),
    (r"(I)易手了：它的主人拿它换来了(I)。", "items"),
    (r"持有(I)的人与持有(I)的人对调了东西。", "items"),
    (r"(N)把东西给(N)，\2把东西给(N)，\3把东西给\1，三人同时交接。", ((1, 2), (2, 3), (3, 1))),
    (r"(N)、(N)、(N)三人转圈传递物品：\1的给\2，\2的给\3，\3的给\1，同时完成。", ((1, 2), (2, 3), (3, 1))),
    (r"同一时刻，(N)拿走(N)的东西，(N)拿走\1的东西，\2拿走\3的东西。", ((2, 1), (1, 3), (3, 2))),
    (r"(N)想和(N)交换，但\2拒绝了。", "none"),
    (r"(N)提出跟(N)换东西，\2没有答应，东西都没动。", "none"),
    (r"(N)找(N)换东西，被\2一口回绝。", "none"),
    (r"拿着(I)的人想和拿着(I)的人交换，对方拒绝了。", "none"),
    (r"(I)的主人想要(I)，可\2的主人不肯换。", "none"),
    (r"(N)把自己的东西拿给(N)看了看，又收了回来。", "none"),
    (r"(N)让(N)拿着自己的东西看了一会儿，\2马上还了回去。", "none"),
    (r"(N)和(N)差点交换，最后一刻又反悔了。", "none"),
    (r"(N)考虑过和(N)交换，最后还是决定留着自己的东西。", "none"),
]
_READERS = {"en": (_EN_START, _EN_EVENT, _EN), "zh": (_ZH_START, _ZH_EVENT, _ZH)}


def _alternation(words: list[str]) -> str:
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


def replay(question: str, payload: dict, lang: str) -> tuple[dict[str, str], int]:
    """(final item of each person by name, events read) from the question text alone; the payload only
    supplies the words to look for. Every line after the start is an event that must match one wording."""
    starts, event_line, wordings = _READERS[lang]
    words = {"N": _alternation(payload["names"][lang]), "I": _alternation(payload["goods"][lang])}
    fill = lambda p: re.sub(r"\((N|I)\)", lambda m: "(" + words[m[1]] + ")", p)  # noqa: E731
    compiled = [(re.compile(fill(p)), what) for p, what in wordings]
    hold: dict[str, str] = {}
    for pattern in starts:
        hold = dict(re.findall(fill(pattern), question, re.M))
        if len(hold) == len(payload["names"][lang]):
            break
    assert len(hold) == len(payload["names"][lang]), question[:200]
    events = 0
    for line in question.split("\n"):
        body = event_line.match(line)[1]
        found = [(m, what) for p, what in compiled if (m := p.fullmatch(body))]
        if not found:
            continue
        assert len(found) == 1, line  # no sentence can be read two ways
        m, what = found[0]
        events += 1
        if what == "swap":
            a, b = m[1], m[2]
            hold[a], hold[b] = hold[b], hold[a]
        elif what == "items":
            owner = {item: person for person, item in hold.items()}
            a, b = owner[m[1]], owner[m[2]]
            hold[a], hold[b] = hold[b], hold[a]
        elif what != "none":
            before = dict(hold)
            for giver, receiver in what:
                hold[m[receiver]] = before[m[giver]]
    return hold, events


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_paraphrase_replays_to_the_reference(lang):
    seen = set()
    for inst in _items(range(1, 11, 3), per_level=5, seed=3) + _items([10], per_level=12, seed=4):
        for macro in prompts.paraphrases(TASK.module, lang):
            question = prompts.render(TASK.module, lang, macro, inst.fields)
            final, events = replay(question, inst.payload, lang)
            assert events == len(inst.fields["steps"]), (macro, question)
            names, goods = inst.payload["names"][lang], inst.payload["goods"][lang]
            assert [final[p] for p in names] == [goods[i] for i in inst.payload["answer"]], (macro, question)
            seen.update((s["op"], (s["v"] + int(macro[1:]) - 1) % gen.WORDINGS % 5) for s in inst.fields["steps"])
    assert {op for op, _ in seen} == {"swap", "swap_items", "rotate", "refuse", "refuse_items", "show", "balk"}
    assert {w for op, w in seen if op == "swap"} == set(range(5))  # five wordings of a swap, all in use


# -- the adversarial table -------------------------------------------------------------------------------------

P = {  # Ann-kite, Bo-drum, Cy-lamp, Di-flute; Ann -> Bo -> Cy -> Ann at once, then kite <-> flute (Bo and Di)
    "names": {"en": ["Ann", "Bo", "Cy", "Di"], "zh": ["安安", "波波", "西西", "迪迪"]},
    "goods": {"en": ["kite", "drum", "lamp", "flute"], "zh": ["风筝", "鼓", "台灯", "笛子"]},
    "steps": [["rotate", 0, 1, 2], ["swap_items", 0, 3]],
    "answer": [2, 3, 1, 0],
}
RIGHT = "Ann: lamp, Bo: flute, Cy: drum, Di: kite"
CASES = [
    (RIGHT, "ok"),
    ("Di: kite, Cy: drum, Bo: flute, Ann: lamp", "ok"),  # any order
    ("ann: LAMP; bo: Flute; CY: drum; di: kite", "ok"),  # any letter case, semicolons
    ("Ann - lamp\nBo - flute\nCy - drum\nDi - kite", "ok"),  # one pair a line, hyphens
    ("1. Ann: lamp\n2. Bo: flute\n3. Cy: drum\n4. Di: kite", "ok"),  # a numbered list
    (
        "- **Ann**: the lamp\n- **Bo**: the flute\n- **Cy**: a drum\n- **Di**: the kite.",
        "ok",
    ),  # bullets, bold, articles
    ("[('Ann', 'lamp'), ('Bo', 'flute'), ('Cy', 'drum'), ('Di', 'kite')]", "ok"),  # SynLogic's Python tuples
    ("(Ann, lamp), (Bo, flute), (Cy, drum), (Di, kite)", "ok"),
    ("((Ann, lamp), (Bo, flute), (Cy, drum), (Di, kite))", "ok"),
    ('{"Ann": "lamp", "Bo": "flute", "Cy": "drum", "Di": "kite"}', "ok"),  # a JSON object
    ("Ann -> lamp, Bo → flute, Cy = drum, Di — kite", "ok"),  # arrows, equals, a dash
    ("Ann has the lamp, Bo holds the flute, Cy has the drum, Di has the kite", "ok"),
    ("安安：台灯，波波：笛子，西西：鼓，迪迪：风筝", "ok"),  # the Chinese words
    ("安安: lamp, Bo: 笛子, 西西: drum, Di: kite", "ok"),  # a mix of the two languages
    ("Ann: kite, Bo: drum, Cy: lamp, Di: flute", "wrong_answer"),  # everyone keeps their own item
    ("Ann: lamp, Bo: kite, Cy: drum, Di: flute", "wrong_answer"),  # only the rotation
    ("Ann: drum, Bo: lamp, Cy: flute, Di: kite", "wrong_answer"),  # the rotation run backwards
    ("Ann: lamp, Bo: flute, Cy: kite, Di: drum", "wrong_answer"),  # two items exchanged
    ("Ann: lamp, Bo: flute, Cy: drum", "missing_item"),  # Di is absent
    ("Ann: lamp, Bo: flute, Cy: drum, Di: kite, Ann: lamp", "duplicate_item"),  # a person twice
    ("Ann: lamp, Bo: lamp, Cy: drum, Di: kite", "duplicate_item"),  # an item twice
    ("Ann: lamp, Bo: flute, Cy: drum, Eve: kite", "unknown_item"),  # a person not in the puzzle
    ("Ann: lamp, Bo: flute, Cy: drum, Di: violin", "unknown_item"),  # an item not in the puzzle
    ("Ann: lamp, Bo: flute, Cy: drum, Di: kites", "unknown_item"),  # close is not the same word
    ("lamp: Ann, flute: Bo, drum: Cy, kite: Di", "unknown_item"),  # item first: no person is called lamp
    ("Ann: lamp, Bo: flute, Cy: drum, Di: kite or lamp", "unknown_item"),  # a hedge inside one pair
    ("Ann: lamp, Bo: flute, Cy: drum, Di: Аnn", "unknown_item"),  # a Cyrillic A: a lookalike, not the name
    ("Ann lamp, Bo flute, Cy drum, Di kite", "parse_error"),  # no separator between name and item
    ("lamp, flute, drum, kite", "parse_error"),  # items without their people
    ("Ann: lamp, Bo: flute, Cy: drum, Di: kite (I think)", "unknown_item"),
    ("(Ann, lamp), (Bo, flute), (Cy, drum), (Di, kite) maybe", "parse_error"),  # text outside the pairs
    ("(Ann, lamp, Bo), (flute), (Cy, drum), (Di, kite)", "parse_error"),  # a bracket that is not one pair
    ("Ann: lamp, Bo: flute, Cy: drum, Di: kite, " * 4, "too_long"),
    ("", None),
    ("0", "parse_error"),
    ("yes", "parse_error"),
]


@pytest.mark.parametrize(("answer", "reason"), CASES)
def test_table(answer, reason):
    check_case(TASK, P, answer, reason)


def test_an_inconsistent_payload_is_refused():
    bad = {**P, "answer": [0, 1, 2, 3]}
    assert TASK.verify(bad, wrap(RIGHT)).reason == "bad_payload"
    assert TASK.verify({**P, "steps": [["swap", 0, 9]]}, wrap(RIGHT)).reason == "bad_payload"
    assert TASK.verify({**P, "steps": [["jump", 0, 1]]}, wrap(RIGHT)).reason == "bad_payload"


# -- universal answers, every instance ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_start_and_the_question_never_score(lang):
    for inst in _items(per_level=10, seed=5, lang=lang):
        p = inst.payload
        n = len(p["names"]["en"])
        assert sum(p["answer"][i] != i for i in range(n)) >= 2  # the final state differs from the start
        start = ", ".join(f"{p['names'][lang][i]}: {p['goods'][lang][i]}" for i in range(n))
        listed = "\n".join(f"- {p['names'][lang][i]}: {p['goods'][lang][i]}" for i in range(n))
        for text, reason in ((start, "wrong_answer"), (listed, "wrong_answer"), (inst.question, None)):
            verdict = TASK.verify(p, wrap(text))
            assert not verdict.correct and (reason is None or verdict.reason == reason), (text[:80], verdict)


def test_the_final_state_is_never_the_start():
    # an even number of swaps among three people often leads back to the start: the last one is then redrawn
    for seed in range(300):
        params = gen.Params(people=3, swaps=4, rotations=seed % 2 == 1, item_share=0.5 * (seed % 3 == 0))
        inst = gen.generate(params, np.random.default_rng(seed))
        assert inst.payload["answer"] != [0, 1, 2] and ORACLE(inst.payload) == [inst.answer], seed


# -- reformatted answers, random answers against the oracle ------------------------------------------------------


def _pairs(inst, lang="en"):
    p = inst.payload
    return [(p["names"][lang][i], p["goods"][lang][p["answer"][i]]) for i in range(len(p["answer"]))]


@pytest.mark.parametrize("level", [1, 5, 10])
def test_reformatted_answers_pass(level):
    rng = random.Random(level)
    for inst in _items([level], per_level=6, seed=1):
        pairs = _pairs(inst)
        zh = _pairs(inst, "zh")
        rng.shuffle(order := list(range(len(pairs))))
        for text in (", ".join(f"{a}: {b}" for a, b in (pairs[i] for i in order)),
                     "\n".join(f"{i + 1}. {a.upper()} - the {b}" for i, (a, b) in enumerate(pairs)),
                     str(pairs), str(tuple(pairs)), json.dumps(dict(pairs)),
                     "，".join(f"{a}：{b}" for a, b in zh), "\n".join(f"{a}: {b}" for a, b in zh)):  # fmt: skip
            assert TASK.verify(inst.payload, wrap(text)).correct, (level, text)


def test_random_answers_agree_with_the_oracle():
    rng = random.Random(2)
    for inst in _items([1, 2, 4, 7], per_level=3, seed=6):
        p = inst.payload
        names, goods = p["names"]["en"], p["goods"]["en"]
        perms = list(itertools.permutations(range(len(names))))
        for perm in perms if len(perms) <= 120 else rng.sample(perms, 120):
            text = ", ".join(f"{names[i]}: {goods[perm[i]]}" for i in range(len(names)))
            assert TASK.verify(p, wrap(text)).correct == (ORACLE(p) == [text]), text


# -- generation: knobs do what they say, the vocabulary, speed ----------------------------------------------------


def test_knobs_shape_the_steps():
    ops = lambda inst: [s["op"] for s in inst.fields["steps"]]  # noqa: E731
    quiet = gen.Params(people=5, swaps=20, distractor_share=0.5, item_share=1.0, rotations=False)
    for seed in range(10):
        plain = gen.generate(gen.Params(people=5, swaps=20), np.random.default_rng(seed))
        assert set(ops(plain)) == {"swap"} and len(plain.payload["steps"]) == 20
        busy = gen.generate(quiet, np.random.default_rng(seed))
        assert len(busy.fields["steps"]) == 40 and "rotate" not in ops(busy)
        assert set(ops(busy)[:-1]) <= {"swap_items", "refuse_items", "show", "balk"}
        assert ops(busy)[-1] in ("swap_items", "swap")  # the last sentence moves items (a swap if redrawn)


def test_the_vocabulary_keeps_names_and_items_apart():
    words = [w.casefold() for pair in gen.NAMES + gen.ITEMS for w in pair]
    assert len(words) == len(set(words)) and len(gen.NAMES) >= 8 and len(gen.ITEMS) >= 8
    assert all(re.fullmatch(r"[A-Za-z]+|[\u4e00-\u9fff]+", w) for w in words)
    assert not {"zoe", "max", "violin", "teapot", "小王", "小李", "茶壶", "小提琴"} & set(words)  # the format's example


def test_hostile_input_is_refused_fast():
    inst = TASK.generate(TASK.params(10), 0, 0)
    name, item = _pairs(inst)[0]
    hostile = [f"{name}: {item}, " * 3000, f"({name}, {item}), " * 3000, "(" * 20_000, f"{name}: " * 100,
               f"{name} has " * 60, "-" * 600, " " * 600 + ":", f"**{name}**" * 60, "(" + " ," * 300 + ")",
               f"{name}:" + " " * 500 + item, *HOSTILE_MIXED]  # fmt: skip
    assert_refused_fast(TASK, [inst.payload, json.dumps(inst.payload)], hostile)

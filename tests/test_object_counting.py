"""object_counting: an oracle summing signed changes, readers that take every sentence of the English and
Chinese questions back to the payload's events, copied numbers, and adversarial answers."""

import re
import time

import pytest

from logicforge.generators import object_counting as gen
from logicforge.tasks import get_task, prompts

from helpers import assert_refused_fast, check_case, wrap

TASK = get_task("object_counting")
EN, ZH = prompts._module("object_counting", "en"), prompts._module("object_counting", "zh")


def ORACLE(payload: dict) -> list[str]:
    """The one answer, computed without replaying a state: the signed change every listed fact makes to the
    asked (person, category), summed; a gift between two counted people is a loss to one and a gain to the other."""
    who, cat = payload["query"]

    def counts(person: int, item: str) -> bool:
        return payload["category"][item] == cat and who in (-1, person)

    changes = [n for p, item, n in payload["start"] if counts(p, item)]
    for step in payload["steps"]:
        if step[0] == "give":
            giver, taker, item, n = step[1:]
            changes += [-n] * counts(giver, item) + [n] * counts(taker, item)
        else:
            kind, person, item, n = step
            changes += [n if kind == "gain" else -n] * counts(person, item)
    return [str(sum(changes))]


def instances(levels=range(1, 11), n=20, seed=5):
    return [(level, TASK.generate(TASK.params(level), seed, i)) for level in levels for i in range(n)]


# -- 1. the text says what the payload says: every sentence read back, in both languages ---------------------


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


class EnglishReader:
    """Reads one English sentence of the question as (kind, people, item, n), from the words alone."""

    nouns = {w: item for item, forms in EN.ITEMS.items() for w in forms}
    numbers = {w: k for k, w in enumerate(EN.NUM)} | {"a": 1, "an": 1, "a pair of": 2, "a dozen": 12}
    qty = re.compile(rf"\b(\d+|{_alternation(numbers)}) (?:of (?:his|her|\w+'s) )?({_alternation(nouns)})\b", re.I)
    noop = re.compile(r"decides not to|changes (?:his|her) mind|next week|next month|shop window|admires|borrows")
    loss = re.compile(r"sells|gives .* to a neighbour|donates|loses|eats|cooks|breaks|wears out|runs? away|stolen")
    gain = re.compile(
        r"buys|comes home with|orders|receives|grandmother gives|^A neighbour gives|picks|harvests|"
        r"adopts|wins"
    )

    def __init__(self, names: list[str]):
        self.names = names

    def amounts(self, text: str) -> list[tuple[str, int]]:
        return [
            (self.nouns[m[2]], int(m[1]) if m[1].isdigit() else self.numbers[m[1].lower()])
            for m in self.qty.finditer(text)
        ]

    def read(self, text: str) -> tuple:
        ((item, n),) = self.amounts(text)
        people = [self.names.index(w) for w in re.findall(r"[A-Z][a-z]+", text) if w in self.names]
        if self.noop.search(text):
            return ("none",)
        if len(people) == 2:  # a gift between counted people: "A gives ... to B", "B receives ... from A"
            giver, taker = people[::-1] if "receives" in text else people
            return ("give", giver, taker, item, n)
        (person,) = set(people)
        kind = "loss" if self.loss.search(text) else "gain" if self.gain.search(text) else "?"
        return (kind, person, item, n)


class ChineseReader(EnglishReader):
    """The same for a Chinese sentence: numerals in digits or in characters, each with its measure word."""

    nouns = {forms[0]: item for item, forms in ZH.ITEMS.items()}
    digits = {c: k for k, c in enumerate("零一二三四五六七八九")} | {"两": 2}
    qty = re.compile(rf"((?:\d+|[零一两二三四五六七八九十]+)[个根颗棵把支面只头匹本块辆]|一打)({_alternation(nouns)})")
    noop = re.compile(r"想买|差点买下|看到了|见到了|借|答应|打算")
    loss = re.compile(r"卖|送给了邻居|捐给|弄丢|吃掉|用掉|弄坏|用坏|跑掉|被偷")
    gain = re.compile(r"买|订了|收到|奶奶送给|邻居送给|摘|收了|领养|抽中")

    def number(self, text: str) -> int:
        if text == "一打":  # a dozen, without a measure word
            return 12
        text = text[:-1]  # the measure word
        if text.isdigit() and text.isascii():
            return int(text)
        tens, _, ones = text.rpartition("十")
        return (10 * (self.digits[tens] if tens else 1) if "十" in text else 0) + (self.digits[ones] if ones else 0)

    def amounts(self, text: str) -> list[tuple[str, int]]:
        return [(self.nouns[m[2]], self.number(m[1])) for m in self.qty.finditer(text)]

    def read(self, text: str) -> tuple:
        ((item, n),) = self.amounts(text)
        found = sorted((m.start(), self.names.index(m[0])) for m in re.finditer(_alternation(self.names), text))
        people = [p for _, p in found]
        if self.noop.search(text):
            return ("none",)
        if len(set(people)) == 2:  # "A把……送给了B", "B从A那里得到了……这是A送给B的", "A把自己的……转送给B"
            giver, taker = (people[1], people[0]) if "那里得到" in text else (people[0], people[1])
            return ("give", giver, taker, item, n)
        (person,) = set(people)
        kind = "loss" if self.loss.search(text) else "gain" if self.gain.search(text) else "?"
        return (kind, person, item, n)


@pytest.mark.parametrize("lang, reader", [("en", EnglishReader), ("zh", ChineseReader)])
def test_every_sentence_reads_back_as_the_payload_event(lang, reader):
    module = EN if lang == "en" else ZH
    for _, inst in instances(n=6, seed=9):
        f = inst.fields
        read = reader([module.NAMES[i][0] for i in f["names"]])
        for p in range(len(f["names"])):
            owned = sorted(read.amounts(str(module.owns(f, p))))
            assert owned == sorted((i, n) for q, i, n in inst.payload["start"] if q == p), (lang, owned)
        for shift in range(3):  # every wording: each paraphrase shifts the wording of each event
            events = [read.read(str(module.event(f, e, shift)).strip()) for e in f["events"]]
            changes = [list(e) for e in events if e[0] != "none"]
            assert changes == inst.payload["steps"], (lang, shift)


@pytest.mark.parametrize("lang, reader", [("en", EnglishReader), ("zh", ChineseReader)])
def test_every_wording_of_every_op_for_every_item_reads_back(lang, reader):
    """Exhaustive over ops x items x wordings x number forms (the instances above sample them)."""
    module = EN if lang == "en" else ZH
    f = {"names": [3, 8], "start": [], "events": [], "query": {"p": 0, "cat": "fruit"}}
    read = reader([module.NAMES[i][0] for i in f["names"]])
    for cat, items in gen.CATEGORIES.items():
        for item in items:
            for op in gen.GAINS + gen.LOSSES + ("give",) + gen.NO_OPS:
                want = ["give", 0, 1] if op == "give" else [op in gen.GAINS and "gain" or "loss", 0]
                for n, w, v in [
                    (1, 0, 0),
                    (1, 1, 0),
                    (1, 1, 1),
                    (2, 1, 0),
                    (2, 1, 2),
                    (12, 1, 1),
                    (12, 1, 0),
                    (7, 0, 3),
                ]:
                    for b in (1, -1):
                        e = {"op": op, "p": 0, "b": 1 if op == "give" else b, "item": item, "cat": cat, "n": n, "w": w}
                        for shift in range(3):  # with v, every residue mod 2 and 3: every wording
                            text = str(module.event(f, {**e, "v": v}, shift)).strip()
                            expected = ("none",) if op in gen.NO_OPS else (*want, item, n)
                            assert read.read(text) == expected, (lang, text)


def test_the_vocabulary_is_complete_in_both_languages():
    items = {i for group in gen.CATEGORIES.values() for i in group}
    assert set(EN.ITEMS) == set(ZH.ITEMS) == items
    assert set(EN.CATS) == set(ZH.CATS) == set(gen.CATEGORIES)
    assert len(EN.NAMES) == len(ZH.NAMES) == gen.N_NAMES and len(EN.NUM) == len(ZH.NUM) == 21
    assert len({w for forms in EN.ITEMS.values() for w in forms}) == 2 * len(items) - 1  # sheep, sheep
    zh = [forms[0] for forms in ZH.ITEMS.values()]
    assert not [a for a in zh for b in zh if a != b and a in b]  # no Chinese item name inside another


# -- 2. copying a number of the question never scores -------------------------------------------------------


def shown(inst) -> set[int]:
    return {e["n"] for e in inst.fields["start"] + inst.fields["events"]}


def test_the_answer_is_never_a_number_the_question_shows():
    for level in range(1, 11):
        items = [inst for _, inst in instances([level], n=60, seed=21)]
        copies = sum(int(inst.answer) in shown(inst) for inst in items)
        assert copies == 0, (level, copies)  # measured: 0 at every level (200 redraws allowed, rarely > 5 used)
        assert all(int(inst.answer) >= 2 for inst in items)  # 0 and 1 are never the answer either


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_copying_any_number_of_the_question_fails(lang):
    for level, inst in instances(n=8, seed=13):
        rendered = [prompts.render("object_counting", lang, m, inst.fields) for m in ("q1", "q2", "q3")]
        digits = {int(d) for text in rendered for d in re.findall(r"[0-9]+", text)}
        assert digits <= shown(inst), (level, digits - shown(inst))  # no step numbers, no head counts
        for n in shown(inst) | {0, 1}:
            if str(n) != inst.answer:
                assert TASK.verify(inst.payload, wrap(str(n))).reason == "wrong_answer", (level, n)
        for text in rendered:
            assert TASK.verify(inst.payload, wrap(text)).reason == "parse_error"  # the question echoed


# -- 3. the oracle, the payload check and the knobs ----------------------------------------------------------


def test_oracle_agrees_with_the_reference_at_every_level():
    for level, inst in instances(n=15, seed=3):
        assert ORACLE(inst.payload) == [inst.answer], level


def test_a_payload_that_does_not_lead_to_its_answer_is_refused():
    inst = TASK.generate(TASK.params(4), 0, 0)
    p = inst.payload
    broken = [
        {**p, "answer": p["answer"] + 1},  # the stored answer is not what the events give
        {**p, "steps": p["steps"] + [["loss", p["query"][0] if p["query"][0] >= 0 else 0, "apple", 10**6]]},
        {**p, "steps": [["teleport", 0, "apple", 1]]},
        {**p, "start": p["start"] + [[9, next(iter(p["category"])), 1]]},  # a person that is not counted
    ]
    for payload in broken:
        assert TASK.verify(payload, wrap(inst.answer)).reason == "bad_payload"


def test_knob_rules():
    with pytest.raises(ValueError, match="transfers"):
        TASK.params(1, {"transfers": "true"})
    with pytest.raises(ValueError, match="categories"):
        TASK.params(1, {"categories": "1"})
    assert TASK.params(1, {"categories": "1", "kinds": "3"}).categories == 1


def test_levels_grow_in_what_they_ask():
    lv = [gen.LEVELS[k] for k in range(1, 11)]
    for a, b in zip(lv, lv[1:]):
        assert a.events < b.events and a.people <= b.people and a.distractor_share <= b.distractor_share
    assert (lv[0].people, lv[0].events, lv[9].events) == (1, 3, 36)


def test_verify_is_fast():
    items = [inst for _, inst in instances([10], n=20)]
    start, calls = time.perf_counter(), 0
    while time.perf_counter() - start < 0.5:
        for inst in items:
            TASK.verify(inst.payload, wrap(inst.answer))
            calls += 1
    assert calls / (time.perf_counter() - start) > 10_000 / 4  # >= 10k/s on an idle core; this box is shared


# -- 4. adversarial answers on a fixed payload ---------------------------------------------------------------

# Alice: 3 apples and 2 drums; Bruno: 4 pears. Alice buys 5 pears, Bruno gives her 2 pears, she eats an apple.
P = {
    "people": 2,
    "category": {"apple": "fruit", "pear": "fruit", "drum": "instrument"},
    "start": [[0, "apple", 3], [0, "drum", 2], [1, "pear", 4]],
    "steps": [["gain", 0, "pear", 5], ["give", 1, 0, "pear", 2], ["loss", 0, "apple", 1]],
    "query": [0, "fruit"],
    "answer": 9,
}
EVERYONE = {**P, "query": [-1, "fruit"], "answer": 11}  # the gift between them leaves the total as it was

CASES = [
    (P, "9", "ok"),
    (P, " 9 ", "ok"),
    (P, "009", "ok"),  # leading zeros: still the integer 9
    (P, "+9", "ok"),
    (P, "\uff19", "ok"),  # a full-width 9, as a Chinese keyboard writes it (extraction folds it)
    (P, "9\u3002", "ok"),  # a closing Chinese full stop
    (P, "\\boxed{9}", "ok"),
    (P, "**9**", "ok"),
    (P, "nine", "parse_error"),  # words are not the digits the format asks for
    (P, "\u4e5d", "parse_error"),  # 九
    (P, "\u0669", "parse_error"),  # an Arabic-Indic 9: only ASCII digits are read
    (P, "9 fruits", "parse_error"),  # a unit beside the number
    (P, "Alice: 9", "parse_error"),
    (P, "9.0", "parse_error"),
    (P, "9/1", "parse_error"),
    (P, "1e1", "parse_error"),
    (P, "0x9", "parse_error"),
    (P, "9, 9", "parse_error"),  # two numbers, even the same one
    (P, "9 9", "parse_error"),
    (P, "3 + 5 + 2 - 1", "parse_error"),  # the working is not the answer
    (P, "-9", "wrong_answer"),  # an integer, and not the count
    (P, "-0", "wrong_answer"),
    (P, "0", "wrong_answer"),  # universal guesses
    (P, "1", "wrong_answer"),
    (P, "3", "wrong_answer"),  # copied quantities
    (P, "5", "wrong_answer"),
    (P, "4", "wrong_answer"),
    (P, "2", "wrong_answer"),
    (P, "7", "wrong_answer"),  # the pears only
    (P, "11", "wrong_answer"),  # every item, drums too
    (P, "10", "wrong_answer"),  # the eaten apple not taken off
    (P, "13", "wrong_answer"),  # Bruno's pears counted as well
    (P, "9" * 400, "wrong_answer"),  # a huge integer is compared as text, never converted
    (EVERYONE, "11", "ok"),
    (EVERYONE, "9", "wrong_answer"),  # Alice alone
    (EVERYONE, "13", "wrong_answer"),  # the gift counted twice
]


@pytest.mark.parametrize("payload, answer, reason", CASES)
def test_adversarial(payload, answer, reason):
    check_case(TASK, payload, answer, reason)


def test_hostile_answers_are_refused_fast():
    texts = ["9" * 7000, "9 " * 3000, "-" * 5000 + "9", "0" * 7999 + "x", "\u4e5d" * 1500, "9\n" * 2000]
    assert_refused_fast(TASK, [P], texts)

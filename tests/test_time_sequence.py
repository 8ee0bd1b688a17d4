"""time_sequence: a minute-by-minute brute-force oracle, every rule on a hand-solved week, the text read back
to the payload, copied numbers, and adversarial answers."""

import re
import time

import pytest

from logicforge.generators import time_sequence as gen
from logicforge.generators._time_sequence_solver import count_starts, solve
from logicforge.tasks import get_task, prompts

from helpers import assert_refused_fast, check_case, wrap

TASK = get_task("time_sequence")
EN, ZH = prompts._module("time_sequence", "en"), prompts._module("time_sequence", "zh")


def ORACLE(payload: dict) -> list[str]:
    """The one answer by brute force over every minute of the week: a minute is usable when it is in working
    hours, no rule forbids it and no appointment (widened by its owner's buffer) covers it; from every start
    on the step, walk minute by minute while usable."""
    rules, busy = payload["rules"], payload["busy"]
    w0, w1 = payload["window"]
    gaps = [
        max([r["minutes"] for r in rules if r["kind"] == "buffer" and r["p"] in (p, -1)], default=0)
        for p in range(len(busy))
    ]

    forbids = {  # (rule, day, minute) -> whether the rule keeps the meeting off that minute
        "lunch": lambda r, day, t: r["from"] <= t < r["to"],
        "after": lambda r, day, t: r["day"] == day and t >= r["at"],
        "before": lambda r, day, t: r["day"] == day and t < r["at"],
        "only_days": lambda r, day, t: day not in r["days"],
        "hours": lambda r, day, t: not r["from"] <= t < r["to"],
        "buffer": lambda r, day, t: False,  # applied around the appointments below
    }

    def usable(day: int, t: int) -> bool:
        if not w0 <= t < w1 or any(forbids[r["kind"]](r, day, t) for r in rules):
            return False
        return not any(d == day and a - gaps[p] <= t < b + gaps[p] for p in range(len(busy)) for d, a, b, _ in busy[p])

    longest = starts = 0
    for day in payload["days"]:
        ok = [usable(day, t) for t in range(1440)] + [False]
        for s in range(0, 1440, payload["step"]):
            run = 0
            while ok[s + run]:
                run += 1
            longest = max(longest, run)
            starts += run >= payload["length"]
    return [f"{longest}, {starts}"]


def instances(levels=range(1, 11), n=8, seed=5):
    return [(level, TASK.generate(TASK.params(level), seed, i)) for level in levels for i in range(n)]


# -- 1. the oracle and the generator's interval sweep agree ---------------------------------------------------


def test_oracle_agrees_with_the_reference_at_every_level():
    for level, inst in instances(n=6, seed=3):
        assert ORACLE(inst.payload) == [inst.answer], (level, inst.payload)


# Mon and Tue, 09:00-12:00, starts on the half hour, a 60-minute meeting. Person 0 is busy Mon 10:00-10:30,
# person 1 Tue 09:00-10:00. Free: Mon 09:00-10:00 and 10:30-12:00, Tue 10:00-12:00. Longest 120 (Tue 10:00);
# 60-minute starts: Mon 09:00, 10:30, 11:00; Tue 10:00, 10:30, 11:00.
P = {
    "days": [0, 1],
    "window": [540, 720],
    "busy": [[[0, 600, 630, 0]], [[1, 540, 600, 1]]],
    "rules": [],
    "step": 30,
    "length": 60,
    "answer": [120, 6],
}


@pytest.mark.parametrize("change, answer", [
    ({}, [120, 6]),
    # person 0 keeps 15 minutes around 10:00-10:30: Mon 09:00-09:45 (no hour fits), 10:45-12:00 (starts 11:00)
    ({"rules": [{"kind": "buffer", "p": 0, "minutes": 15}]}, [120, 4]),
    # everyone keeps 15 minutes: Tue is free from 10:15, so it starts at 10:30 (90 minutes)
    ({"rules": [{"kind": "buffer", "p": -1, "minutes": 15}]}, [90, 3]),
    # a buffer is kept around appointments only, never around the end of the working day
    ({"rules": [{"kind": "buffer", "p": 1, "minutes": 30}]}, [90, 5]),
    # lunch 11:30-12:00: Mon 09:00-10:00 and 10:30-11:30, Tue 10:00-11:30
    ({"rules": [{"kind": "lunch", "from": 690, "to": 720}]}, [90, 4]),
    # Tuesday meetings end by 11:00: one start left there
    ({"rules": [{"kind": "after", "day": 1, "at": 660}]}, [90, 4]),
    # no Monday meeting before 10:30: Mon keeps 10:30 and 11:00
    ({"rules": [{"kind": "before", "day": 0, "at": 630}]}, [120, 5]),
    # person 0 only comes in on Monday: Tuesday is out
    ({"rules": [{"kind": "only_days", "p": 0, "days": [0]}]}, [90, 3]),
    # person 1 can only meet 09:30-11:30: Mon 09:30-10:00 and 10:30-11:30, Tue 10:00-11:30
    ({"rules": [{"kind": "hours", "p": 1, "from": 570, "to": 690}]}, [90, 3]),
    # starts on :00, :20, :40: Mon 10:30 is no start (10:40 is: 80 minutes); Tue 10:00, 10:20, 10:40, 11:00
    ({"step": 20}, [120, 7]),
    # a 90-minute meeting: Mon 10:30, Tue 10:00 and 10:30
    ({"length": 90}, [120, 3]),
])  # fmt: skip
def test_every_rule_on_a_hand_solved_week(change, answer):
    payload = {**P, **change, "answer": answer}
    longest, runs, _ = solve(payload)
    assert [longest, count_starts(runs, payload["length"], payload["step"])] == answer
    assert ORACLE(payload) == [f"{answer[0]}, {answer[1]}"]
    assert TASK.verify(payload, wrap(f"{answer[0]}, {answer[1]}")).correct


# -- 2. the text says what the payload says ------------------------------------------------------------------

_ROW = re.compile(r"(\S+) \| (\S+) \| (\d\d):(\d\d)-(\d\d):(\d\d) \| (.+)")


@pytest.mark.parametrize("lang, module", [("en", EN), ("zh", ZH)])
def test_every_busy_block_and_rule_reads_back(lang, module):
    for level, inst in instances(levels=(1, 4, 7, 10), n=4, seed=9):
        f = inst.fields
        names = [module.NAMES[i] for i in f["names"]]
        rows = [
            m for line in prompts.render("time_sequence", lang, "q3", f).splitlines() if (m := _ROW.fullmatch(line))
        ]
        read = [[] for _ in names]
        for m in rows:
            hm = [int(x) for x in m.groups()[2:6]]
            day, label = module.SHORT.index(m[2]), module.LABELS.index(m[7])
            read[names.index(m[1])].append([day, hm[0] * 60 + hm[1], hm[2] * 60 + hm[3], label])
        assert read == inst.payload["busy"], (lang, level)
        for rule in f["rules"]:
            text = str(module.rule(f, rule))
            times = [rule[k] for k in ("from", "to", "at") if k in rule]
            assert all(f"{t // 60:02d}:{t % 60:02d}" in text for t in times), text
            assert "minutes" not in rule or str(rule["minutes"]) in text
            assert "p" not in rule or rule["p"] < 0 or names[rule["p"]] in text


def test_the_vocabularies_match():
    assert len(EN.NAMES) == len(ZH.NAMES) >= 12 and len(EN.LABELS) == len(ZH.LABELS) >= 12
    assert len(set(EN.LABELS)) == len(EN.LABELS) and len(set(ZH.LABELS)) == len(ZH.LABELS)
    assert not any(c.isdigit() for w in EN.NAMES + EN.LABELS + ZH.NAMES + ZH.LABELS for c in w)


# -- 3. copying a number of the question never scores --------------------------------------------------------


def _rendered(inst) -> list[str]:
    return [
        prompts.render("time_sequence", lang, m, inst.fields)
        + "\n"
        + prompts.answer_format("time_sequence", lang, inst.fields)
        for lang in ("en", "zh")
        for m in prompts.paraphrases("time_sequence", lang)
    ]


def test_the_answer_is_never_a_number_the_question_shows():
    copies = 0
    for level, inst in instances(n=40, seed=21):
        shown = gen.shown_numbers(inst.payload, len(inst.payload["busy"]))
        digits = {int(d) for text in _rendered(inst) for d in re.findall(r"[0-9]+", text)}
        assert digits <= shown, (level, digits - shown)  # the redraw sees every number the text shows
        copies += bool(set(inst.payload["answer"]) & shown)
    assert copies == 0  # measured: 0 of 1000 items (levels 1-10) fall back after the bounded redraws


def test_copied_numbers_and_echoes_fail():
    for level, inst in instances(levels=(1, 5, 10), n=4, seed=13):
        longest, starts = inst.payload["answer"]
        shown = sorted(gen.shown_numbers(inst.payload, len(inst.payload["busy"])))
        for n in shown:
            for text in (f"{n}, {starts}", f"{longest}, {n}", f"{n}, {n}"):
                assert TASK.verify(inst.payload, wrap(text)).reason == "wrong_answer", (level, text)
        for text in _rendered(inst):
            assert not TASK.verify(inst.payload, wrap(text)).correct  # the question echoed


# -- 4. the payload check, the knobs, speed ------------------------------------------------------------------


def test_a_broken_payload_is_refused():
    for answer in ([0, 6], [120], [120, 6, 1], "120, 6", [120.0, 6], [True, 6]):
        assert TASK.verify({**P, "answer": answer}, wrap("120, 6")).reason == "bad_payload"


def test_levels_grow():
    lv = [gen.LEVELS[k] for k in range(1, 11)]
    for a, b in zip(lv, lv[1:]):
        assert a.people <= b.people and a.days <= b.days and a.blocks <= b.blocks and a.rules <= b.rules
        assert a.step >= b.step and a.unit >= b.unit
    assert (lv[0].people, lv[0].days, lv[0].rules) == (2, 1, 0) and (lv[9].people, lv[9].days) == (6, 5)


def test_odd_knobs_still_generate():
    for knobs in (
        {"days": "7", "rules": "6", "step": "60"},
        {"days": "1", "rules": "6", "unit": "5", "step": "20"},
        {"people": "6", "blocks": "6", "max_length": "15"},
        {"days": "6", "blocks": "6", "step": "5"},
    ):
        for i in range(5):
            inst = TASK.generate(TASK.params(5, knobs), 1, i)
            assert ORACLE(inst.payload) == [inst.answer], knobs


def test_verify_is_fast():
    items = [inst for _, inst in instances([10], n=20)]
    start, calls = time.perf_counter(), 0
    while time.perf_counter() - start < 0.5:
        for inst in items:
            TASK.verify(inst.payload, wrap(inst.answer))
            calls += 1
    assert calls / (time.perf_counter() - start) > 10_000 / 4  # >= 10k/s on an idle core; this box is shared


# -- 5. adversarial answers on the hand-solved week ----------------------------------------------------------

CASES = [
    ("120, 6", "ok"),
    ("120,6", "ok"),
    (" 120 ,  6 ", "ok"),
    ("[120, 6]", "ok"),  # one pair of brackets, as SynLogic writes it
    ("(120, 6)", "ok"),
    ("0120, 006", "ok"),  # leading zeros: still the integers
    ("120\uff0c6", "ok"),  # a Chinese comma (folded by extraction)
    ("120\u30016\u3002", "ok"),  # a Chinese list comma and full stop
    ("\uff11\uff12\uff10, \uff16", "ok"),  # full-width digits
    ("6, 120", "wrong_answer"),  # the right numbers in the wrong order
    ("120, 7", "wrong_answer"),  # one number wrong is wrong: no partial credit
    ("90, 6", "wrong_answer"),
    ("0, 0", "wrong_answer"),  # universal guesses
    ("1, 1", "wrong_answer"),
    ("95, 6", "wrong_answer"),  # the answer-format example
    ("60, 1", "wrong_answer"),  # the stated length
    ("180, 6", "wrong_answer"),  # working hours 09:00-12:00 taken as one free stretch
    ("120", "wrong_count"),  # one number
    ("120, 6, 0", "wrong_count"),
    ("120, 6, 120, 6", "wrong_count"),  # the answer twice
    ("120 6", "parse_error"),  # the format asks for a comma
    ("120; 6", "parse_error"),
    ("120, 6.", "ok"),  # one closing full stop is dropped by extraction
    ("120.0, 6", "parse_error"),
    ("-120, 6", "parse_error"),
    ("+120, 6", "parse_error"),
    ("120 min, 6", "parse_error"),  # units
    ("02:00, 6", "parse_error"),  # a time is not a number of minutes
    ("longest: 120, slots: 6", "parse_error"),  # labels are not in the format
    ("120, six", "parse_error"),
    ("[120, 6", "parse_error"),
    ("[[120, 6]]", "parse_error"),
    ("120, 6 or 90, 4", "parse_error"),  # a hedge
    ("\u0661\u0662\u0660, \u0666", "parse_error"),  # Arabic-Indic digits are not read
    ("1" * 10 + ", 6", "parse_error"),  # a number longer than any answer is refused before int()
    ("120, " * 30, "too_long"),
]


@pytest.mark.parametrize("answer, reason", CASES)
def test_adversarial(answer, reason):
    check_case(TASK, P, answer, reason)


def test_hostile_answers_are_refused_fast():
    texts = ["1" * 7000, "1, " * 3000, "[" * 5000 + "120, 6", "120, " + "6" * 8000, "\uff11" * 3000, "120,\n" * 2000]
    assert_refused_fast(TASK, [P], texts)

"""Word sorting red team, round 2: bulleted lists pass, and a fuzz of permuted, shortened and padded
lists in many layouts agrees with an independent sort under the payload's alphabet."""

from __future__ import annotations

import random
import string

import pytest

from redteam_util import check_case, wrap

from logicforge.tasks import get_task

TASK = get_task("word_sorting")
PAYLOAD = {"alphabet": "cabdefghijklmnopqrstuvwxyz", "words": ["wacume", "ceji", "lo", "mozi"], "descending": False}
ORDER = ["ceji", "lo", "mozi", "wacume"]



CASES = [
    # (answer, expected reason)
    ("\n".join(f"- {w}" for w in ORDER), "ok"),  # regression: a bulleted list was wrong_words
    ("\n".join(f"* {w}" for w in ORDER), "ok"),
    ("\n".join(f"\u2022 {w}" for w in ORDER), "ok"),
    ("`" + ", ".join(ORDER) + "`", "ok"),  # inline code
    ("\n".join(f"{i + 1}) {w}" for i, w in enumerate(ORDER)), "ok"),
    ("\n".join(f"- {w}" for w in ORDER[::-1]), "wrong_order"),  # bullets do not hide the order
    ("\n".join(f"- {w}" for w in ORDER[:3]) + "\n" + ORDER[3], "wrong_words"),  # a partly bulleted list
    ("\n".join(f"- {w}" for w in ORDER[:3]), "wrong_count"),
    ("\n".join(f"-{w}" for w in ORDER), "wrong_words"),  # no space: "-ceji" is a word, not a bullet
    ("\n".join(f"1. {w}" for w in ORDER), "wrong_words"),  # every number 1: not list positions
    ("- " + ", ".join(ORDER), "wrong_words"),  # one bullet before a comma list marks only the first word
]


@pytest.mark.parametrize(("answer", "reason"), CASES)
def test_table(answer, reason):
    check_case(TASK, PAYLOAD, answer, reason)


def test_fuzz_lists_match_an_independent_sort():
    rng = random.Random(3)
    layouts = [", ".join, " ".join, "\n".join, lambda w: str(list(w)), lambda w: "\n".join(f"- {x}" for x in w),
               lambda w: "\n".join(f"{i + 1}. {x}" for i, x in enumerate(w)),
               lambda w: ", ".join(w).upper()]  # fmt: skip
    for level in (1, 4, 7, 10):
        for seed in range(3):
            p = TASK.generate(TASK.params(level), seed, 0).payload
            rank = {c: i for i, c in enumerate(p["alphabet"])}
            assert sorted(p["alphabet"]) == list(string.ascii_lowercase)
            key = lambda w: [rank[c] for c in w]  # noqa: E731 - a prefix sorts first, as the prompt says
            want = sorted(p["words"], key=key, reverse=p["descending"])
            for _ in range(30):
                words, k = want[:], rng.randrange(4)
                if k == 0:
                    i, j = rng.sample(range(len(words)), 2)
                    words[i], words[j] = words[j], words[i]
                elif k == 1:
                    words.pop(rng.randrange(len(words)))
                elif k == 2:
                    words.insert(rng.randrange(len(words) + 1), rng.choice(words))
                for layout in layouts:
                    verdict = TASK.verify(p, wrap(layout(words)))
                    assert verdict.correct == (words == want), (level, seed, layout(words), verdict)

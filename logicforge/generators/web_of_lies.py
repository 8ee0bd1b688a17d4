"""Web of lies: each person always tells the truth or always lies; decide whether the asked people tell the truth."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from logicforge.generators._web_of_lies_solver import Puzzle, Statement, Stats
from logicforge.generators.base import Instance, Knobs, knob

ANSWER_FORMAT = "yes or no for each asked person, in the order asked, separated by commas, e.g. yes, no, yes"
NAMES = (
    "Alice", "Bernard", "Clara", "Dmitri", "Elena", "Felix", "Greta", "Hugo", "Ingrid", "Jonas",
    "Katya", "Leon", "Marta", "Nikolai", "Olga", "Pablo", "Quentin", "Rosa", "Stefan", "Tamara",
    "Ulrich", "Vera", "Walter", "Xenia", "Yusuf", "Zora", "Amir", "Beatrix", "Casimir", "Dolores",
)  # fmt: skip


@dataclass(frozen=True)
class Params(Knobs):
    n_people: int = knob(3, 3, 30, help="people in the village")
    n_targets: int = knob(2, 2, 8, help="people asked about (answers in order)")
    kinds: int = knob(1, 1, 3, help="statement kinds: 1 truth/lie claims, 2 + same/different, 3 + counting claims")
    group_max: int = knob(2, 2, 6, help="largest group named in a counting claim")
    facts: int = knob(1, 0, 4, help="people whose kind the narrator states outright")
    distractors: int = knob(0, 0, 20, help="irrelevant narrator remarks mixed into the statements")

    def check(self) -> None:
        if self.n_targets + self.facts > self.n_people:
            raise ValueError(f"knobs n_targets={self.n_targets} + facts={self.facts} exceed n_people={self.n_people}")
        if self.facts == 0 and self.kinds < 3:
            # Without a fact or a counting claim, flipping everyone's kind keeps every statement true.
            raise ValueError(f"knob facts=0 needs kinds=3 (kinds={self.kinds})")
        if self.group_max > self.n_people - 1:
            raise ValueError(f"knob group_max={self.group_max} must be below n_people={self.n_people}")


LEVELS = {
    1: Params(n_people=3, n_targets=2, kinds=1, group_max=2, facts=1),
    2: Params(n_people=4, n_targets=2, kinds=1, group_max=2, facts=1),
    3: Params(n_people=5, n_targets=3, kinds=2, group_max=2, facts=1, distractors=1),
    4: Params(n_people=6, n_targets=3, kinds=2, group_max=2, facts=1, distractors=2),
    5: Params(n_people=9, n_targets=3, kinds=3, group_max=3, facts=1, distractors=3),
    6: Params(n_people=10, n_targets=4, kinds=3, group_max=3, facts=0, distractors=4),
    7: Params(n_people=12, n_targets=4, kinds=3, group_max=4, facts=0, distractors=5),
    8: Params(n_people=14, n_targets=5, kinds=3, group_max=4, facts=0, distractors=6),
    9: Params(n_people=18, n_targets=6, kinds=3, group_max=5, facts=0, distractors=8),
    10: Params(n_people=24, n_targets=7, kinds=3, group_max=6, facts=0, distractors=12),
}


def _count_claims(size: int) -> list[tuple[str, int]]:
    """Every non-trivial counting claim (op, k) about the liars in a group of `size`."""
    return (
        [("exactly", k) for k in range(size + 1)]
        + [("at least", k) for k in range(1, size + 1)]
        + [("at most", k) for k in range(size)]
    )


def _mask(op: str, k: int, size: int) -> int:
    """Allowed liar counts of a counting claim as a bit mask."""
    counts = {"exactly": [k], "at least": range(k, size + 1), "at most": range(k + 1)}[op]
    return sum(1 << c for c in counts)


def _claim(
    params: Params, truth: list[int], speaker: int, subjects: list[int], rng: np.random.Generator
) -> tuple[Statement, tuple]:
    """A claim about `subjects` that is true exactly when the speaker is truthful (or a narrator fact)."""
    must_hold = 1 if speaker < 0 else truth[speaker]
    liars = sum(1 for s in subjects if not truth[s])
    size = len(subjects)
    if size == 1:
        says_liar = int((liars == 1) == bool(must_hold))
        return (speaker, tuple(subjects), 2 if says_liar else 1), ("single", says_liar)
    if size == 2 and (params.kinds == 2 or rng.random() < 0.4):
        same = int((liars != 1) == bool(must_hold))
        return (speaker, tuple(subjects), 0b101 if same else 0b010), ("pair", same)
    options = [(op, k) for op, k in _count_claims(size) if ((_mask(op, k, size) >> liars) & 1) == must_hold]
    op, k = options[int(rng.integers(len(options)))]
    return (speaker, tuple(subjects), _mask(op, k, size)), ("count", op, k, bool(rng.random() < 0.5))


def _subject_count(params: Params, rng: np.random.Generator) -> int:
    roll = rng.random()
    if params.kinds == 1 or roll < 0.3:
        return 1
    if params.kinds == 2 or roll < 0.55:
        return 2
    return int(rng.integers(2, params.group_max + 1))


class _Builder:
    """Grows a statement list consistent with a hidden assignment until the asked answers are forced."""

    def __init__(self, params: Params, rng: np.random.Generator):
        self.params, self.rng = params, rng
        n = params.n_people
        self.truth = [int(x) for x in rng.integers(0, 2, size=n)]
        order = [int(x) for x in rng.permutation(n)]
        self.targets = order[: params.n_targets]
        self.statements: list[Statement] = []
        self.styles: list[tuple] = []
        self.spoken = [0] * n
        for p in order[params.n_targets : params.n_targets + params.facts]:
            self._add(-1, [p])

    def _add(self, speaker: int, subjects: list[int]) -> None:
        statement, style = _claim(self.params, self.truth, speaker, subjects, self.rng)
        self.statements.append(statement)
        self.styles.append(style)
        if speaker >= 0:
            self.spoken[speaker] += 1

    def add_random(self, about: int = -1) -> None:
        """One statement by a quiet person; `about` (if set) is the speaker or one of the subjects."""
        n, rng = self.params.n_people, self.rng
        if about >= 0 and rng.random() < 0.5:
            speaker = about
        else:
            fewest = min(self.spoken[p] for p in range(n) if p != about)
            quiet = [p for p in range(n) if self.spoken[p] == fewest and p != about]
            speaker = quiet[int(rng.integers(len(quiet)))]
        size = _subject_count(self.params, rng)
        head = [about] if 0 <= about != speaker else []
        pool = [p for p in range(n) if p != speaker and p not in head]
        picked = head + [pool[int(i)] for i in rng.choice(len(pool), size=size - len(head), replace=False)]
        self._add(speaker, picked)

    def unique(self, statements: list[Statement], stats: Stats | None = None) -> list[tuple[int, ...]]:
        return Puzzle(self.params.n_people, statements).projections(self.targets, 2, stats)

    def grow(self) -> None:
        """Add statements until the answers are forced; after a bounded number, state facts outright."""
        for _ in range(self.params.n_people - 1):
            self.add_random()
        for attempt in range(4 * self.params.n_people + 8):
            found = self.unique(self.statements)
            if len(found) == 1:
                return
            open_targets = [t for i, t in enumerate(self.targets) if found[0][i] != found[1][i]]
            person = open_targets[int(self.rng.integers(len(open_targets)))]
            if attempt < 3 * self.params.n_people:
                self.add_random(about=person)
            else:  # deterministic fallback that always terminates: the narrator settles one person
                self._add(-1, [person])
        raise RuntimeError("web_of_lies: statements failed to force the answers")  # unreachable in practice

    def prune(self) -> None:
        """Drop statements (in random order) whose removal keeps the answers forced: no spare clues."""
        for i in self.rng.permutation(len(self.statements)):
            kept = [s for j, s in enumerate(self.statements) if j != i and s is not None]
            if len(self.unique(kept)) == 1:
                self.statements[int(i)] = None  # type: ignore[call-overload]


def _claim_fields(style: tuple, size: int) -> dict:
    """A statement's claim as template fields; the mask it encodes is documented in `_claim`."""
    if style[0] == "single":
        return {"claim": "lies" if style[1] else "truthful"}
    if style[0] == "pair":
        return {"claim": "same" if style[1] else "different"}
    _, op, k, truth_terms = style
    if truth_terms:  # k liars among the group is size - k truth-tellers; the bound flips direction
        op, k = {"exactly": "exactly", "at least": "at most", "at most": "at least"}[op], size - k
    return {"claim": "count", "op": op.replace(" ", "_"), "k": k, "of": "truthful" if truth_terms else "liars"}


def _line(statement: Statement, style: tuple) -> dict:
    """One numbered line: a villager's statement, or (speaker -1) a fact the narrator states."""
    speaker, subjects, _ = statement
    kind = "fact" if speaker < 0 else "says"
    return {"type": kind, "speaker": speaker, "subjects": list(subjects), **_claim_fields(style, len(subjects))}


# Irrelevant remarks, by the people each one mentions (tasks/templates/web_of_lies/ words them).
_REMARK_PEOPLE = (2, 1, 3, 2, 2, 2)


def _remark(n: int, rng: np.random.Generator) -> tuple[int, ...]:
    """(remark kind, the people it mentions): three distinct people drawn, as many used as it needs."""
    people = [int(i) for i in rng.choice(n, size=3, replace=False)]
    kind = int(rng.integers(len(_REMARK_PEOPLE)))
    return (kind, *people[: _REMARK_PEOPLE[kind]])


def _remarks(params: Params, rng: np.random.Generator) -> list[dict]:
    """Distinct irrelevant narrator remarks (bounded redraws; a repeat is dropped, not shown twice)."""
    out: list[tuple[int, ...]] = []
    for _ in range(4 * params.distractors):
        if len(out) == params.distractors:
            break
        remark = _remark(params.n_people, rng)
        if remark not in out:
            out.append(remark)
    return [{"type": "remark", "remark": r[0], "people": list(r[1:])} for r in out]


def generate(params: Params, rng: np.random.Generator) -> Instance:
    """Hide an assignment, add consistent statements until the asked answers are forced (DPLL count
    of distinct answers up to 2), drop every statement not needed for that, then add distractors."""
    builder = _Builder(params, rng)
    builder.grow()
    builder.prune()
    keep = [i for i, s in enumerate(builder.statements) if s is not None]
    statements = [builder.statements[i] for i in keep]
    stats = Stats()
    builder.unique(statements, stats)  # hardness: effort of the final uniqueness proof
    names = [str(x) for x in rng.choice(NAMES, size=params.n_people, replace=False)]
    lines = [_line(statements[j], builder.styles[i]) for j, i in enumerate(keep)]
    lines += _remarks(params, rng)
    lines = [lines[int(i)] for i in rng.permutation(len(lines))]
    answer = [builder.truth[t] for t in builder.targets]
    payload = {
        "n": params.n_people,
        "statements": [[sp, list(sub), [c for c in range(len(sub) + 1) if m >> c & 1]] for sp, sub, m in statements],
        "targets": builder.targets,
        "answer": answer,
        "names": names,  # lets the verifier read answers labelled with names ("Elena: no, Dmitri: yes")
    }
    # People are indices into names, as in the payload (tasks/templates/web_of_lies/ words the lines).
    fields = {"names": names, "lines": lines, "asked": list(builder.targets)}
    text = ", ".join("yes" if a else "no" for a in answer)
    return Instance("", text, payload, float(stats.decisions + stats.propagations), fields)

"""Web of lies verifier: re-derive with its own solver that the asked answers are forced, then compare.

Payload statements are `[speaker, subjects, allowed]`: "the number of liars among `subjects` is in
`allowed`", true exactly when the speaker is truthful; speaker -1 is a narrator fact (always true).
Payloads with `names` (people 0..n-1) also accept answers labelled with them, in any order.
"""

from __future__ import annotations

import re
from functools import lru_cache

from logicforge.verifiers._web_of_lies_labels import by_name
from logicforge.verifiers.parse import unlist
from logicforge.verifiers.verdict import Verdict

# 是/否 are the yes/no a Chinese prompt asks for; the answer format of either language is accepted.
_TOKENS = {"yes": 1, "true": 1, "no": 0, "false": 0, "是": 1, "否": 0}
_SPLIT = re.compile(r"[\s,;]+")  # extraction has made Chinese ， ； 、 into , ; ,
_MARKS = "'\"*.\u3002\u201c\u201d"  # quotes (also Chinese “”), bold, and a full stop (also 。) around a token
Key = tuple[int, tuple[tuple[int, tuple[int, ...], frozenset[int]], ...], tuple[int, ...]]


def parse_answers(text: str, count: int) -> list[int] | None:
    """yes/no (or true/false, or 是/否) tokens, case-insensitive, separated by commas, semicolons or whitespace.

    >>> parse_answers("Yes, no, TRUE", 3), parse_answers("yes no maybe", 3), parse_answers("1. yes\\n2. no", 2)
    ([1, 0, 1], None, [1, 0])
    >>> parse_answers("是, 否,“是”", 3), parse_answers("是否", 2), parse_answers("是的, 不是", 2)
    ([1, 0, 1], None, None)
    >>> parse_answers("1. yes no\\n2. no", 3) is None  # one list item, two answers
    True
    """
    text = text.strip()
    if len(text) > 12 * count + 40:
        return None
    if "\n" in text:  # one answer per line, numbered "1. yes" or bulleted "- yes"
        lines = [line for line in text.split("\n") if line.strip()]
        items = unlist(lines)
        if items != lines and any(len(_SPLIT.split(item.strip(" \t\r,;"))) > 1 for item in items):
            return None  # a list item is one answer: "1. no yes" gives one person both values
        text = "\n".join(items)
    if text.endswith("."):
        text = text[:-1]
    if len(text) > 1 and text[0] + text[-1] in ("[]", "()"):
        text = text[1:-1]
    out = []
    for token in _SPLIT.split(text.strip()):
        if token:
            value = _TOKENS.get(token.strip(_MARKS).lower())
            if value is None:
                return None
            out.append(value)
    return out or None


def _tally(subjects: tuple[int, ...], val: list[int]) -> tuple[int, int]:
    """(known liars, unknown people) among `subjects`."""
    liars = unknown = 0
    for s in subjects:
        if val[s] < 0:
            unknown += 1
        elif val[s] == 0:
            liars += 1
    return liars, unknown


def _options(statement, val: list[int], tally: tuple[int, int], is_speaker: bool) -> list[int]:
    """The values an unknown speaker (or subject) of `statement` can take without breaking it."""
    speaker, _, allowed = statement
    liars, unknown = tally
    said = 1 if speaker < 0 else val[speaker]
    out = []
    for value in (0, 1):
        if is_speaker:
            lo, hi, says = liars, liars + unknown, value
        else:  # a liar subject adds one to the liar count
            lo, hi, says = liars + (value == 0), liars + unknown - (value == 1), said
        if says < 0 or any((c in allowed) == bool(says) for c in range(lo, hi + 1)):
            out.append(value)
    return out


def _narrow(statements, mentions: dict[int, list[int]], val: list[int], queue: list[int]) -> bool:
    """Fix every person whom some statement leaves a single option, re-checking the statements that
    mention a newly fixed person; False when some statement can no longer hold."""
    waiting = set(queue)
    while queue:
        index = queue.pop()
        waiting.discard(index)
        speaker, subjects, _ = statements[index]
        tally = _tally(subjects, val)
        for person in (speaker, *subjects):
            if person < 0 or val[person] >= 0:
                continue
            options = _options(statements[index], val, tally, person == speaker)
            if len(options) != 1:
                if not options:
                    return False
                continue
            val[person] = options[0]
            tally = _tally(subjects, val)
            fresh = [j for j in mentions[person] if j not in waiting]
            waiting.update(fresh)
            queue.extend(fresh)
        if tally[1] == 0 and (speaker < 0 or val[speaker] >= 0) and not _holds(statements[index], val):
            return False
    return True


def _holds(statement, val: list[int]) -> bool:
    """Whether a fully assigned statement is right: its claim's truth equals the speaker's kind."""
    speaker, subjects, allowed = statement
    claim = sum(1 for s in subjects if val[s] == 0) in allowed
    return claim == (speaker < 0 or val[speaker] == 1)


def _model(statements, mentions, val: list[int], people: list[int], queue: list[int]) -> list[int] | None:
    """A full assignment of `people` extending `val` that satisfies every statement, or None."""
    val = list(val)
    if not _narrow(statements, mentions, val, queue):
        return None
    person = next((p for p in people if val[p] < 0), None)
    if person is None:
        return val
    for value in (1, 0):
        val[person] = value
        found = _model(statements, mentions, val, people, list(mentions[person]))
        if found is not None:
            return found
    return None


@lru_cache(maxsize=4096)
def forced_answers(key: Key) -> tuple[int, ...] | None:
    """The asked people's values if every model agrees on them, else None (cached per puzzle)."""
    n, statements, targets = key
    mentions: dict[int, list[int]] = {p: [] for p in range(n)}
    for i, (speaker, subjects, _) in enumerate(statements):
        for p in {speaker, *subjects} - {-1}:
            mentions[p].append(i)
    # Try the most-mentioned people first: fixing them settles the most statements.
    people = sorted((p for p in range(n) if mentions[p]), key=lambda p: (-len(mentions[p]), p))
    root = [-1] * n
    if not _narrow(statements, mentions, root, list(range(len(statements)))):
        return None
    model = _model(statements, mentions, root, people, [])
    if model is None or any(model[t] < 0 for t in targets):
        return None
    for t in targets:
        if root[t] >= 0:
            continue  # settled by propagation alone
        val = list(root)
        val[t] = 1 - model[t]
        if _model(statements, mentions, val, people, list(mentions[t])) is not None:
            return None
    return tuple(model[t] for t in targets)


def _key(payload: dict) -> Key | None:
    """The payload as a hashable, range-checked puzzle, or None if it is malformed."""
    n = payload["n"]
    statements = tuple(
        (int(sp), tuple(map(int, sub)), frozenset(map(int, ok))) for sp, sub, ok in payload["statements"]
    )
    targets = tuple(map(int, payload["targets"]))
    people = [p for sp, sub, _ in statements for p in (sp, *sub)] + list(targets)
    if any(p < -1 or p >= n for p in people) or any(t < 0 for t in targets):
        return None
    return n, statements, targets


def verify(payload: dict, answer: str) -> Verdict:
    """Parse one yes/no per asked person (or, when the payload has names, `name: value` labels in any
    order) and compare with the answers the statements force.

    >>> p = {"n": 2, "statements": [[-1, [0], [0]], [1, [0], [1]]], "targets": [0, 1], "answer": [1, 0]}
    >>> verify(p, "yes, no").correct, verify(p, "yes yes").reason, verify(p, "yes").reason
    (True, 'wrong_answer', 'wrong_count')
    """
    targets = payload["targets"]
    values = parse_answers(answer, len(targets))
    if values is None and "names" in payload:  # old payloads have no names: labels stay a parse_error
        values, reason = by_name(payload, answer)
        if values is None:
            return Verdict.fail(reason)
    if values is None:
        return Verdict.fail("parse_error")
    if len(values) != len(targets):
        return Verdict.fail("wrong_count")
    key = _key(payload)
    forced = forced_answers(key) if key is not None else None
    if forced is None or list(forced) != list(payload["answer"]):
        return Verdict.fail("bad_payload")  # the generator's claim of a unique answer does not re-check
    if tuple(values) != forced:
        return Verdict.fail("wrong_answer")
    return Verdict.ok()

"""Cryptarithm verifier: the digits must follow the letter pattern and make the equation true."""

from __future__ import annotations

import math
import re

from logicforge.verifiers.verdict import Verdict

# One token of the equation form: a number, a rule line or "==" (read as "="), or one sign.
# A rule is one repeated character; a rule of dashes or underscores must stand on its own line
# (column layout), so `7 + 5 =- 12` or `7 + 5 -- 12` is never read as `7 + 5 = 12`.
_TOKEN = re.compile(
    r"(\s*)(?:([0-9]+)|(={2,}|-{2,}|_{2,}|\u2014{2,})(?=(\s*))|([-+*=\u00d7\u00b7\u22c5\u2217\u2212\u2013xX]))"
)
_SIGN = {"+": "+", "-": "-", "\u2212": "-", "\u2013": "-", "=": "="}
_SIGN.update(dict.fromkeys("*\u00d7\u00b7\u22c5\u2217xX", "*"))
# One `letter = digit` pair of the mapping form (also `S: 9`, `S -> 9`, `'S': 9`).
_PAIR = re.compile(
    r"\s*['\"]?([A-Za-z])['\"]?\s*(?:=|:|->|=>|\u2192)\s*([0-9])(?![0-9])\s*[,;]?(?:\s*and(?=\s))?"
)
# One `WORD = number` pair of the word form (`SEND = 9567, MORE = 1085, MONEY = 10652`).
_WORD_PAIR = re.compile(r"\s*['\"]?([A-Za-z]+)['\"]?\s*(?:=|:|->|=>|\u2192)\s*([0-9]+)\s*(?:[,;]|and(?=\s))?")
# Math and code wrappers around the whole answer, and LaTeX multiplication signs.
_WRAPPED = re.compile(r"\\\(\s*(.*?)\s*\\\)|\\\[\s*(.*?)\s*\\\]|\\boxed\s*\{(.*)\}", re.S)
_LATEX_TIMES = re.compile(r"\\(?:times|cdot)(?![A-Za-z])")


def _unwrap(text: str) -> str:
    """Drop `$` and backticks, one `\\(...\\)`, `\\[...\\]` or `\\boxed{...}`, and read `\\times` as `*`."""
    text = text.replace("$", "").replace("`", "").strip()
    wrapped = _WRAPPED.fullmatch(text)
    if wrapped:
        text = next(g for g in wrapped.groups() if g is not None).strip()
    return _LATEX_TIMES.sub("*", text)


def verify(payload: dict, answer: str) -> Verdict:
    """Rebuild each word's digits from the answer and re-check every rule of the puzzle.

    Accepts the equation with digits substituted (`9567 + 1085 = 10652`, also in columns or in
    LaTeX), a full letter mapping (`S=9, E=5, ...`) or every word's number (`SEND = 9567, ...`).

    >>> p = {"terms": ["SEND", "MORE"], "op": "+", "result": "MONEY", "given": []}
    >>> verify(p, "9567 + 1085 = 10652").correct
    True
    >>> verify(p, "S=9, E=5, N=6, D=7, M=1, O=0, R=8, Y=2").correct
    True
    >>> verify(p, "9567 + 1085 = 10662").reason  # E would be both 5 and 6
    'violates:same_letter'
    """
    words = [*payload["terms"], payload["result"]]
    if len(answer) > 8 * sum(len(w) for w in words) + 200:
        return Verdict.fail("parse_error")
    answer = _unwrap(answer)
    digits = _equation_digits(answer, payload["op"], len(payload["terms"]))
    if isinstance(digits, str):
        mapped = _mapping_digits(answer, words)
        if not isinstance(mapped, list):  # one-letter words read alike in both forms: try words too
            by_word = _word_digits(answer, words)
            mapped = by_word if isinstance(by_word, list) or mapped is None else mapped
        if mapped is None:
            return Verdict.fail(digits)
        digits = mapped
    if isinstance(digits, Verdict):
        return digits
    return _check(payload, words, digits)


def _equation_digits(answer: str, op: str, n_terms: int) -> list[str] | str:
    """The numbers of `t1 op t2 ... = r` in order, or a failure reason."""
    tokens: list[str] = []  # numbers as digit strings, signs normalised to + - * =
    pos, end = 0, len(answer.rstrip())
    while pos < end:
        m = _TOKEN.match(answer, pos)
        if m is None:
            return "parse_error"
        before, number, rule, after, sign = m.groups()
        if rule is not None and rule[0] != "=":
            if "\n" not in before or ("\n" not in after and m.end() + len(after) < end):
                return "parse_error"  # a rule of dashes or underscores must be a line of its own
        tokens.append(number if number is not None else "=" if rule is not None else _SIGN[sign])
        pos = m.end()
    numbers, signs = tokens[0::2], tokens[1::2]
    # numbers and signs alternate, and the last sign is "=": t1 op t2 ... = r
    if len(tokens) != 2 * n_terms + 1 or not all(t.isdigit() for t in numbers):
        return "parse_error"
    if any(t.isdigit() for t in signs) or signs[-1] != "=":
        return "parse_error"
    if any(s != op for s in signs[:-1]):
        return "violates:operator"
    return numbers


def _mapping_digits(answer: str, words: list[str]) -> list[str] | Verdict | None:
    """Each word's digits under a `letter = digit` mapping; None if this is not a mapping."""
    text = answer.strip()
    if len(text) > 1 and text[0] + text[-1] in ("{}", "()", "[]"):
        text = text[1:-1]
    letters = {c for w in words for c in w}
    upper = all(c.isupper() for c in letters)
    mapping: dict[str, str] = {}
    pos = 0
    while pos < len(text):
        m = _PAIR.match(text, pos)
        if m is None or m.end() == pos:
            return None
        letter = m.group(1).upper() if upper else m.group(1)
        if letter in mapping:
            return Verdict.fail("duplicate_item")
        mapping[letter] = m.group(2)
        pos = m.end()
    if not mapping:
        return None
    if set(mapping) - letters:
        return Verdict.fail("unknown_item")
    if letters - set(mapping):
        return Verdict.fail("missing_item")
    return ["".join(mapping[c] for c in w) for w in words]


def _word_digits(answer: str, words: list[str]) -> list[str] | Verdict | None:
    """Each word's digits from `WORD = number` pairs naming every word; None if not this form."""
    text = answer.strip()
    if len(text) > 1 and text[0] + text[-1] in ("{}", "()", "[]"):
        text = text[1:-1].strip()
    stated: dict[str, str] = {}
    pos = 0
    while pos < len(text):
        m = _WORD_PAIR.match(text, pos)
        if m is None or m.end() == pos:
            return None
        word = m.group(1).upper() if all(w.isupper() for w in words) else m.group(1)
        if word in stated and stated[word] != m.group(2):
            return Verdict.fail("violates:same_letter")
        stated[word] = m.group(2)
        pos = m.end()
    if not stated or set(stated) - set(words):
        return None
    if set(words) - set(stated):
        return Verdict.fail("missing_item")
    return [stated[w] for w in words]


def _check(payload: dict, words: list[str], digits: list[str]) -> Verdict:
    """Pattern, leading zeros, givens, then the arithmetic on exact integers."""
    mapping: dict[str, str] = {}
    for word, number in zip(words, digits):
        if len(word) != len(number):
            return Verdict.fail("wrong_length")
        for letter, digit in zip(word, number):
            if mapping.setdefault(letter, digit) != digit:
                return Verdict.fail("violates:same_letter")
    if len(set(mapping.values())) != len(mapping):
        return Verdict.fail("violates:distinct_letters")
    if any(number[0] == "0" for number in digits):
        return Verdict.fail("violates:leading_zero")
    if any(mapping.get(c) != str(d) for c, d in payload["given"]):
        return Verdict.fail("violates:given")
    values = [int(number) for number in digits]  # at most ~12 digits each: lengths match words
    *terms, result = values
    op = payload["op"]
    # every term counts, also in a hand-written payload with more than two words for - or *
    if op == "+":
        ok = sum(terms) == result
    elif op == "-":
        ok = terms[0] - sum(terms[1:]) == result
    else:
        ok = math.prod(terms) == result
    return Verdict.ok() if ok else Verdict.fail("violates:arithmetic")

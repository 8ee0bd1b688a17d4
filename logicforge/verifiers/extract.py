"""Shared, strict answer extraction: the content of the `<answer>` block after the reasoning."""

from __future__ import annotations

import re
import string
import unicodedata

OPEN, CLOSE = "<answer>", "</answer>"
# An answer longer than this is never a puzzle answer (the longest, a 14x14 minesweeper list, is
# about 2,000 characters); refusing it early bounds every parser's work.
MAX_ANSWER_CHARS = 8_000
# NFKC can expand one character into 18 ("\ufdfa"); non-ASCII answers get a tighter cap before it.
MAX_NON_ASCII_CHARS = 2_000
# Lower-case ASCII only: str.lower() changes lengths ("\u0130" becomes two characters), which would
# shift the positions found in the lowered copy away from the original text.
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)
# A language tag is only a tag when a newline follows it (in "```2 1 3```" the 2 is a cell) and it is a
# known one: in "```9999\n1234\n..." the first line is a row of the grid, in "```no\nyes\n..." an answer.
_TAGS = ("text", "txt", "plaintext", "plain", "python", "py", "json", "markdown", "md", "latex", "tex", "math",
         "csv", "yaml", "output", "answer", "solution", "result", "none", "console", "bash", "sh")
_FENCE = re.compile(rf"^```(?:(?:{'|'.join(_TAGS)})?[ \t]*\n)?|\n?```$", re.I)
# Marks around the whole answer that no family gives a meaning to: bold, inline code, math dollars.
_WRAPPERS = ("**", "$$", "`", "$")
_BOXED = re.compile(r"\\boxed\s*\{(.*)\}", re.S)
# Superscripts are exponents ("3²" is 9, "2⁻¹" is 1/2) and a subscript after a digit is a base or an index
# ("3₂"): NFKC would read them as plain characters joined to the number before ("32", "2-1"), another
# meaning. They are kept as written, so every parser refuses them; a subscript after a letter ("x₁") is a
# name's index and is folded as usual.
_NOT_FOLDED = re.compile(r"([\u00b2\u00b3\u00b9\u2070-\u207f]+|(?<=\d)[\u2080-\u208e]+)")
_BAD_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]")


def extract_answer(response: object) -> tuple[str | None, str]:
    """Return `(answer, "ok")` or `(None, reason)` for a model response.

    The reasoning (anything up to the last `</think>`) is dropped, then the `<answer>` blocks are
    collected. Several blocks with different contents are a hedge and are refused; an unclosed
    block is a truncated answer. The content is NFKC-normalised (full-width digits and Chinese
    punctuation `，：；（）` become ASCII, and so does the list comma `、`; superscripts, which are
    exponents, stay as written) and stripped of a surrounding code fence, bold
    marks, inline-code marks, math dollars or `\\boxed{}`, and of one closing full stop (`.` or `。`).

    >>> extract_answer("<think>maybe 3</think> so <answer> 42 </answer>")
    ('42', 'ok')
    >>> extract_answer("<answer>1</answer><answer>2</answer>")
    (None, 'multiple_answers')
    >>> extract_answer("no tags")
    (None, 'no_answer')
    """
    if not isinstance(response, str) or not response:
        return None, "no_answer"
    blocks, reason = _answer_blocks(response)
    if blocks is None:
        return None, reason
    answer = blocks[-1]
    if len(answer) > MAX_ANSWER_CHARS or (len(answer) > MAX_NON_ASCII_CHARS and not answer.isascii()):
        return None, "answer_too_long"
    answer = _nfkc(answer)
    if len(answer) > MAX_ANSWER_CHARS:
        return None, "answer_too_long"
    if _BAD_CHARS.search(answer):
        return None, "bad_characters"
    answer = _unwrap(answer)
    if not answer:
        return None, "empty_answer"
    return answer, "ok"


def _nfkc(text: str) -> str:
    """NFKC everywhere except in the runs `_NOT_FOLDED` keeps as written; then the ideographic comma, which
    separates the items of a Chinese list as `，` (folded by NFKC) does, becomes a comma.

    >>> _nfkc("１２ + 3² + x₁ + 3₂"), _nfkc("x = 1、y = 2；z：3")
    ('12 + 3² + x1 + 3₂', 'x = 1,y = 2;z:3')
    """
    if text.isascii():  # NFKC leaves ASCII as it is
        return text
    parts = _NOT_FOLDED.split(text)  # the kept runs at odd positions (one capturing group)
    text = "".join(part if i % 2 else unicodedata.normalize("NFKC", part) for i, part in enumerate(parts))
    return text.replace("\u3001", ",")


def _unwrap(answer: str) -> str:
    """The answer without a code fence, then up to three layers of `_WRAPPERS` or `\\boxed{}` around all of it.

    >>> _unwrap("```\\n1 2\\n```"), _unwrap("**`yes, no`**"), _unwrap("```2 1```"), _unwrap("$x$ = $1$")
    ('1 2', 'yes, no', '2 1', '$x$ = $1$')
    >>> _unwrap("$\\\\boxed{] ) }}$")
    '] ) }'
    """
    answer = answer.strip()
    if "```" in answer:  # the fence pattern scans the whole text; without a fence it cannot match
        answer = _FENCE.sub("", answer).strip()
    stop = False  # one full stop in all, inside or outside the wrappers: "A. ." is not "A"
    for _ in range(3):
        if not stop:
            answer, stop = _end_of_sentence(answer)
        # one pair around everything: "$x$ = $1$" opens and closes two spans, not one
        mark = next((m for m in _WRAPPERS if answer.startswith(m) and answer.endswith(m)
                     and len(answer) > 2 * len(m) and m not in answer[len(m) : -len(m)]), None)
        if mark is not None:
            answer = answer[len(mark) : -len(mark)].strip()
        elif boxed := _BOXED.fullmatch(answer):
            answer = boxed.group(1).strip()
        else:
            break
    return answer if stop else _end_of_sentence(answer)[0]


def _end_of_sentence(answer: str) -> tuple[str, bool]:
    """(the answer without one closing full stop, whether one was dropped). No family gives that stop a
    meaning ("A -> B." is "A -> B", "x = 3." is "x = 3"); the ideographic full stop that ends a Chinese
    sentence ("是, 否。") counts as one too. An ellipsis is kept, as it marks an answer that goes on.

    >>> _end_of_sentence("3 1 2."), _end_of_sentence("a, b..."), _end_of_sentence("."), _unwrap("**yes, no**.")
    (('3 1 2', True), ('a, b...', False), ('.', False), 'yes, no')
    >>> _unwrap("ba, ab . ."), _unwrap("$x = 3.$."), _unwrap("是, 否。"), _unwrap("a。。"), _unwrap("a.。")
    ('ba, ab . .', 'x = 3.', '是, 否', 'a。。', 'a.。')
    >>> _end_of_sentence("1 2 ."), _end_of_sentence("1 2 4.")
    (('1 2 .', False), ('1 2 4', True))
    """
    if len(answer) > 1 and answer[-1] in _STOPS and answer[-2] not in _STOPS:
        if answer[-1] == "." and answer[-2].isspace():
            return answer, False  # a "." standing alone is a token (an empty cell of "1 2 ."), not a stop
        return answer[:-1].rstrip(), True
    return answer, False


_STOPS = ".\u3002"  # full stop, ideographic full stop (NFKC has already folded the half-width one into it)


def _answer_blocks(response: str) -> tuple[list[str] | None, str]:
    """The last non-blank `<answer>` block after the reasoning (as a one-item list), or (None, reason).

    Linear time in C whatever the response holds: the text is searched as UTF-8 bytes (lower-casing
    bytes touches ASCII only, so positions stay put), split at every closing tag, and repeated blocks
    are compared once (a response of 30,000 copies of one block costs a few milliseconds).
    """
    data = response.encode("utf-8", "surrogatepass")
    lowered = data.lower()
    cut = lowered.rfind(b"</think>")
    if cut >= 0:
        data, lowered = data[cut + 8 :], lowered[cut + 8 :]
    if _CLOSE_B not in lowered:
        return None, "no_answer"
    data, lowered = _collapse_repeats(data, lowered)
    *closed, tail = _CLOSE_SPLIT.split(data)
    contents: dict[bytes, str] = {}  # each distinct part once: its block, decoded and not blank
    for part in dict.fromkeys(closed):
        low = part.lower()
        if low.count(_OPEN_B) != 1:
            return None, "malformed_answer"  # nested tags, or a close without an open
        start = low.rfind(_OPEN_B) + len(_OPEN_B)
        if len(part) - start > 4 * MAX_ANSWER_CHARS:  # more characters than any answer, whatever they are
            return None, "answer_too_long"
        block = part[start:].decode("utf-8", "surrogatepass")
        if block.strip():  # "<answer></answer>" mentioned in passing is no candidate
            contents[part] = block
    if not contents:
        return None, "empty_answer"
    if _OPEN_B in tail.lower():
        return None, "unclosed_answer"
    if len({" ".join(b.split()) for b in contents.values()}) > 1:
        return None, "multiple_answers"
    last = next(contents[part] for part in reversed(closed) if part in contents)
    return [last], "ok"


def _collapse_repeats(data: bytes, lowered: bytes) -> tuple[bytes, bytes]:
    """`data` with a run of identical copies of its second block (everything from the end of the first
    closing tag to the end of the second) written once: the blocks the reader sees, their order and the
    last one are unchanged, and a response of 170,000 copies of a short block costs one memory compare
    instead of 170,000 parts."""
    start = lowered.find(_CLOSE_B) + len(_CLOSE_B)
    second = lowered.find(_CLOSE_B, start)
    if second < 0:
        return data, lowered
    size = second + len(_CLOSE_B) - start
    copies = (len(data) - start) // size
    if copies < 64:
        return data, lowered
    end = start + copies * size
    if data[start + size : end] != data[start : end - size]:  # periodic with the block's length: one memcmp
        return data, lowered
    data = data[: start + size] + data[end:]
    return data, data.lower()


_OPEN_B, _CLOSE_B = OPEN.encode(), CLOSE.encode()
_CLOSE_SPLIT = re.compile(re.escape(_CLOSE_B), re.I)

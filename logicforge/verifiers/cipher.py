"""Cipher verifier: the letters of the encrypted or decrypted message, compared with a re-computation.

Payload: `message` (the text shown, letters A-Z), `direction` ("encrypt": the message is the plaintext and
the answer its ciphertext; "decrypt": the message is the ciphertext and the answer the plaintext), `stages`
(the encryption stages in order, `_cipher_ops`) and `answer` (computed at generation).

The answer is read strictly: letters A-Z only. Whitespace carries no meaning (the messages have no spaces)
and is ignored, and so is letter case; any other character (a digit, a hyphen, a quote, a letter outside
A-Z) is a parse error. Every stage is a bijection, so the answer is unique and compared exactly.
"""

from __future__ import annotations

from logicforge.verifiers import _cipher_ops as ops
from logicforge.verifiers.verdict import Verdict


def _expected(payload: dict) -> str | None:
    """The answer the payload's stages give, or None where the payload is inconsistent."""
    message, stages, direction = payload.get("message"), payload.get("stages"), payload.get("direction")
    if not (isinstance(message, str) and 1 <= len(message) <= ops.MAX_LETTERS and message.isascii()):
        return None
    if not (message.isalpha() and message.isupper() and direction in ("encrypt", "decrypt")):
        return None
    if not (isinstance(stages, list) and 1 <= len(stages) <= 8):
        return None
    if not all(ops.valid_stage(s, len(message)) for s in stages):
        return None
    return ops.run(stages, message, direction == "decrypt")


def verify(payload: dict, answer: str) -> Verdict:
    """Accept exactly the computed text, in upper or lower case, spaces anywhere.

    >>> p = {"message": "HELLO", "direction": "encrypt", "stages": [{"kind": "caesar", "shift": 3}],
    ...      "answer": "KHOOR"}
    >>> verify(p, "KHOOR").correct, verify(p, "kh oor").correct, verify(p, "KHOOS").reason
    (True, True, 'wrong_answer')
    >>> verify(p, "KHOO").reason, verify(p, "K-H-O-O-R").reason, verify(p, "HELLO").reason
    ('wrong_length', 'parse_error', 'wrong_answer')
    """
    stored = payload.get("answer")
    if not isinstance(stored, str) or len(answer) > 4 * len(stored) + 64:
        return Verdict.fail("too_long" if isinstance(stored, str) else "bad_payload")
    text = "".join(answer.split())
    # isascii() first: upper() of some non-ASCII letters changes the length ("ß" becomes "SS")
    if not (text.isascii() and text.isalpha()):
        return Verdict.fail("parse_error")
    if _expected(payload) != stored:
        return Verdict.fail("bad_payload")  # the stages do not lead to the stored answer
    text = text.upper()
    if len(text) != len(stored):
        return Verdict.fail("wrong_length")
    return Verdict.ok() if text == stored else Verdict.fail("wrong_answer")

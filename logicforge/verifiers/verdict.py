"""The verdict a verifier returns: a score, a correctness flag and a short machine-readable reason."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Verdict:
    """Result of checking one answer.

    >>> Verdict.ok().correct
    True
    >>> Verdict.fail("violates:row").reason
    'violates:row'
    """

    score: float
    correct: bool
    reason: str

    @classmethod
    def ok(cls) -> Verdict:
        return cls(1.0, True, "ok")

    @classmethod
    def fail(cls, reason: str, score: float = 0.0) -> Verdict:
        """A wrong answer; `score` > 0 only for families that declare partial credit."""
        return cls(float(score), False, reason)

"""DPLL with unit propagation for truth-teller/liar puzzles, counting answers projected on the asked people.

A statement is `(speaker, subjects, mask)`: the claim "the number of liars among `subjects` is one
of the counts whose bit is set in `mask`". A truth-teller's claim is true and a liar's is false;
`speaker == -1` marks a fact stated by the narrator (always true). Values: 1 truthful, 0 liar,
-1 unknown.
"""

from __future__ import annotations

from dataclasses import dataclass

Statement = tuple[int, tuple[int, ...], int]


@dataclass
class Stats:
    """Search effort: branching decisions and values forced by propagation."""

    decisions: int = 0
    propagations: int = 0


class Puzzle:
    """Statements over `n` people with a watch list from each person to the statements naming them."""

    def __init__(self, n: int, statements: list[Statement]):
        self.n = n
        self.statements = statements
        self.watch: list[list[int]] = [[] for _ in range(n)]
        for i, (speaker, subjects, _) in enumerate(statements):
            for p in (speaker, *subjects) if speaker >= 0 else subjects:
                self.watch[p].append(i)
        # Branch on the most-mentioned people first: they trigger the most propagation.
        self.order = sorted((p for p in range(n) if self.watch[p]), key=lambda p: (-len(self.watch[p]), p))

    def _forced(self, index: int, val: list[int]) -> tuple[bool, int, int]:
        """Check one statement: (consistent, value to force, 0 none / 1 the speaker / 2 the unknown subjects)."""
        speaker, subjects, mask = self.statements[index]
        liars = unknown = 0
        for s in subjects:
            v = val[s]
            if v < 0:
                unknown += 1
            elif v == 0:
                liars += 1
        reach = ((1 << (unknown + 1)) - 1) << liars  # liar counts still possible
        said = 1 if speaker < 0 else val[speaker]
        if said < 0:
            can_true, can_false = mask & reach, ~mask & reach
            if not can_true:
                return True, 0, 1
            return True, (1 if not can_false else -1), (1 if not can_false else 0)
        need = (mask if said else ~mask) & reach
        if not need:
            return False, -1, 0
        if unknown:
            if not need & ~(1 << (liars + unknown)):  # every unknown subject truthful is ruled out
                return True, 0, 2
            if not need & ~(1 << liars) & reach:  # any extra liar is ruled out
                return True, 1, 2
        return True, -1, 0

    def propagate(self, val: list[int], queue: list[int], stats: Stats) -> bool:
        """Apply forced values to a fixpoint, starting from the statements in `queue`; False on conflict."""
        pending = set(queue)
        while queue:
            index = queue.pop()
            pending.discard(index)
            ok, value, who = self._forced(index, val)
            if not ok:
                return False
            if not who:
                continue
            speaker, subjects, _ = self.statements[index]
            people = (speaker,) if who == 1 else [s for s in subjects if val[s] < 0]
            for p in people:
                val[p] = value
                stats.propagations += 1
                for j in self.watch[p]:
                    if j not in pending:
                        pending.add(j)
                        queue.append(j)
        return True

    def _branch(self, val: list[int], person: int, value: int, stats: Stats) -> list[int] | None:
        """A copy of `val` with `person` set and propagated, or None on conflict."""
        stats.decisions += 1
        child = list(val)
        child[person] = value
        return child if self.propagate(child, list(self.watch[person]), stats) else None

    def satisfiable(self, val: list[int], stats: Stats) -> bool:
        """Whether the propagated partial assignment `val` extends to a full model."""
        person = next((p for p in self.order if val[p] < 0), -1)
        if person < 0:
            return True
        for value in (1, 0):
            child = self._branch(val, person, value, stats)
            if child is not None and self.satisfiable(child, stats):
                return True
        return False

    def projections(self, targets: list[int], limit: int = 2, stats: Stats | None = None) -> list[tuple[int, ...]]:
        """Distinct values of `targets` over all models, stopping once `limit` are found."""
        stats = stats if stats is not None else Stats()
        val = [-1] * self.n
        if not self.propagate(val, list(range(len(self.statements))), stats):
            return []
        found: list[tuple[int, ...]] = []
        self._project(val, targets, limit, found, stats)
        return found

    def _project(self, val: list[int], targets: list[int], limit: int, found: list, stats: Stats) -> None:
        person = next((t for t in targets if val[t] < 0), -1)
        if person < 0:
            if self.satisfiable(val, stats):
                found.append(tuple(val[t] for t in targets))
            return
        for value in (1, 0):
            child = self._branch(val, person, value, stats)
            if child is not None:
                self._project(child, targets, limit, found, stats)
            if len(found) >= limit:
                return

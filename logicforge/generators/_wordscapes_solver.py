"""The wordscapes solver: count the fillings of a crossword template from a word bank, up to a limit.

A slot is the list of its cells (flat indices, in reading order); a filling gives every slot a different
bank word of its length whose letters agree with the fixed (revealed) cells and with every crossing
slot. The search fills the slot with the fewest fitting words first (forward checking: a slot left
with no fitting word ends the branch at once).
"""

from __future__ import annotations

from collections.abc import Sequence


def count_fillings(
    slots: Sequence[Sequence[int]], bank: Sequence[str], fixed: dict[int, str], limit: int = 2
) -> tuple[list[dict[int, str]], int]:
    """Up to `limit` fillings (cell -> letter) and the search nodes (words tried) it took to find them
    or to prove there are no more.

    >>> sols, nodes = count_fillings([[0, 1, 2], [0, 3, 4]], ["CAT", "COW", "DOG"], {})
    >>> sorted("".join(s[c] for c in range(5)) for s in sols), nodes > 0
    (['CATOW', 'COWAT'], True)
    >>> [sorted(s.items()) for s in count_fillings([[0, 1, 2], [0, 3, 4]], ["CAT", "COW", "DOG"], {1: "A"})[0]]
    [[(0, 'C'), (1, 'A'), (2, 'T'), (3, 'O'), (4, 'W')]]
    """
    by_len: dict[int, list[str]] = {}
    for word in bank:
        by_len.setdefault(len(word), []).append(word)
    letters: dict[int, str] = dict(fixed)
    used: set[str] = set()
    open_slots = list(range(len(slots)))
    found: list[dict[int, str]] = []
    nodes = 0

    def fits(word: str, cells: Sequence[int]) -> bool:
        for ch, cell in zip(word, cells):
            have = letters.get(cell)
            if have is not None and have != ch:
                return False
        return True

    def walk() -> None:
        nonlocal nodes
        if not open_slots:
            found.append(dict(letters))
            return
        best: tuple[int, list[str]] | None = None
        for k in open_slots:
            cells = slots[k]
            words = [w for w in by_len.get(len(cells), ()) if w not in used and fits(w, cells)]
            if best is None or len(words) < len(best[1]):
                best = (k, words)
                if len(words) <= 1:
                    break
        k, words = best
        open_slots.remove(k)
        for word in words:
            nodes += 1
            placed = [(cell, ch) for ch, cell in zip(word, slots[k]) if cell not in letters]
            for cell, ch in placed:
                letters[cell] = ch
            used.add(word)
            walk()
            used.discard(word)
            for cell, _ in placed:
                del letters[cell]
            if len(found) >= limit:
                break
        open_slots.append(k)

    walk()
    return found, nodes

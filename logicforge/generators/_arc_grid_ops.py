"""The arc_grid library: 36 structural primitives and 3 colour primitives on grids of colours 0..9.

A grid is a tuple of `bytes` rows (hashable, cheap to slice); 0 is the background. Every primitive is a
partial function: it returns None where it is undefined (a result wider or taller than MAX_SIDE, the crop
of a grid with no coloured cell). Structural primitives take no parameter; the colour primitives
(`recolour` by a map, `fill` enclosed background with a colour, `outline` objects with a colour) take one
and are only ever the last step of a program, where the search infers their parameter from the examples.
"""

from __future__ import annotations

from collections.abc import Callable

Grid = tuple[bytes, ...]
MAX_SIDE = 30


def transpose(g: Grid) -> Grid:
    return tuple(bytes(col) for col in zip(*g))


def _rot90(g: Grid) -> Grid:  # clockwise
    return tuple(bytes(col) for col in zip(*g[::-1]))


def _rot270(g: Grid) -> Grid:  # counter-clockwise
    return tuple(bytes(col) for col in zip(*g))[::-1]


def _rot180(g: Grid) -> Grid:
    return tuple(r[::-1] for r in g[::-1])


def _flip_lr(g: Grid) -> Grid:
    return tuple(r[::-1] for r in g)


def _flip_ud(g: Grid) -> Grid:
    return g[::-1]


def _antitranspose(g: Grid) -> Grid:  # mirror in the anti-diagonal (top right to bottom left)
    return tuple(bytes(col)[::-1] for col in zip(*g))[::-1]


def _gravity_right(g: Grid) -> Grid:
    out = []
    for r in g:
        cells = r.replace(b"\0", b"")
        out.append(bytes(len(r) - len(cells)) + cells)
    return tuple(out)


def _gravity_left(g: Grid) -> Grid:
    out = []
    for r in g:
        cells = r.replace(b"\0", b"")
        out.append(cells + bytes(len(r) - len(cells)))
    return tuple(out)


def _push_down(g: Grid) -> Grid:
    """All coloured cells moved down together, as one rigid picture, until the lowest touches the bottom."""
    low = max((i for i, r in enumerate(g) if r.count(0) < len(r)), default=len(g) - 1)
    k = len(g) - 1 - low
    return (bytes(len(g[0])),) * k + g[: len(g) - k]


def _push_right(g: Grid) -> Grid:
    right = max((len(r.rstrip(b"\0")) for r in g), default=0)
    k = len(g[0]) - right if right else 0
    return tuple(bytes(k) + r[: len(r) - k] for r in g)


def crop(g: Grid) -> Grid | None:
    """The bounding box of the coloured cells; undefined for an all-background grid."""
    rows = [i for i, r in enumerate(g) if r.count(0) < len(r)]
    if not rows:
        return None
    body = g[rows[0] : rows[-1] + 1]
    left = min(len(r) - len(r.lstrip(b"\0")) for r in body if r.count(0) < len(r))
    right = max(len(r.rstrip(b"\0")) for r in body)
    return tuple(r[left:right] for r in body)


def _fits(h: int, w: int) -> bool:
    return h <= MAX_SIDE and w <= MAX_SIDE


def _tile(a: int, b: int, mirror: bool = False) -> Callable[[Grid], Grid | None]:
    def op(g: Grid) -> Grid | None:
        if not _fits(a * len(g), b * len(g[0])):
            return None
        if mirror:
            return tuple(r + r[::-1] for r in g) if b == 2 else g + g[::-1]
        return tuple(r * b for r in g) * a

    return op


def _scale(k: int) -> Callable[[Grid], Grid | None]:
    def op(g: Grid) -> Grid | None:
        if not _fits(k * len(g), k * len(g[0])):
            return None
        out = []
        for r in g:
            row = bytearray(k * len(r))
            for i in range(k):
                row[i::k] = r
            out += [bytes(row)] * k
        return tuple(out)

    return op


def _hollow(g: Grid) -> Grid:
    """A coloured cell whose four neighbours are all coloured (any colours) becomes background."""
    x, masks = _bits(g), _masks(len(g), len(g[0]))
    inner = x & _right(x, masks) & _left(x, masks) & _below(x, masks) & _above(x, masks)
    return _grid(to_int(g) & (masks.full ^ inner * 255), len(g[0]), len(g))


def components(g: Grid) -> list[int]:
    """Objects: 4-connected sets of cells of one colour, as 0/1 byte masks, in reading order of first cell."""
    h, w = len(g), len(g[0])
    masks, flat = _masks(h, w), b"".join(g)
    left = {c: int.from_bytes(flat.translate(_ONE_COLOUR[c]), "big") for c in set(flat) - {0}}
    out = []
    while left:
        colour = max(left, key=lambda c: left[c].bit_length())  # the colour of the first cell left
        pool = left[colour]
        obj = 1 << ((pool.bit_length() - 1) // 8 * 8)
        while True:
            grown = obj | (pool & (_right(obj, masks) | _left(obj, masks) | _below(obj, masks) | _above(obj, masks)))
            if grown == obj:
                break
            obj = grown
        out.append(obj)
        left[colour] = pool ^ obj
        if not left[colour]:
            del left[colour]
    return out


def _largest(g: Grid) -> Grid:
    """Only the largest object kept (ties: the one whose first cell comes first in reading order)."""
    objs = components(g)
    if not objs:
        return g
    best = max(objs, key=int.bit_count)  # max keeps the first of equal sizes
    return _grid(to_int(g) & best * 255, len(g[0]), len(g))


def _majority(g: Grid) -> Grid:
    """Only the cells of the most frequent colour kept (ties: the smaller colour)."""
    flat = b"".join(g)
    counts = [flat.count(c) for c in range(10)]
    best = max(range(1, 10), key=lambda c: (counts[c], -c))
    if not counts[best]:
        return g
    return tuple(r.translate(_KEEP[best]) for r in g)


def _symmetrize_lr(g: Grid) -> Grid:
    """Every coloured cell copied to its mirror position across the vertical axis (coloured cells win)."""
    own, mirror = to_int(g), to_int(_flip_lr(g))
    return _grid(own | (mirror & (_masks(len(g), len(g[0])).full ^ _bits(g) * 255)), len(g[0]), len(g))


def _via(inner: Callable[[Grid], Grid | None], outer: Callable[[Grid], Grid], back: Callable[[Grid], Grid]):
    def op(g: Grid) -> Grid | None:
        res = inner(outer(g))
        return None if res is None else back(res)

    return op


# name -> (group, function); the order is the enumeration order.
STRUCTURAL: dict[str, tuple[str, Callable[[Grid], Grid | None]]] = {
    "rot90": ("geometry", _rot90),
    "rot180": ("geometry", _rot180),
    "rot270": ("geometry", _rot270),
    "flip_lr": ("geometry", _flip_lr),
    "flip_ud": ("geometry", _flip_ud),
    "transpose": ("geometry", transpose),
    "antitranspose": ("geometry", _antitranspose),
    "roll_right": ("move", lambda g: tuple(r[-1:] + r[:-1] for r in g)),
    "roll_left": ("move", lambda g: tuple(r[1:] + r[:1] for r in g)),
    "roll_down": ("move", lambda g: g[-1:] + g[:-1]),
    "roll_up": ("move", lambda g: g[1:] + g[:1]),
    "shift_right": ("move", lambda g: tuple(b"\0" + r[:-1] for r in g)),
    "shift_left": ("move", lambda g: tuple(r[1:] + b"\0" for r in g)),
    "shift_down": ("move", lambda g: (bytes(len(g[0])),) + g[:-1]),
    "shift_up": ("move", lambda g: g[1:] + (bytes(len(g[0])),)),
    "gravity_right": ("move", _gravity_right),
    "gravity_left": ("move", _gravity_left),
    "gravity_down": ("move", _via(_gravity_right, transpose, transpose)),
    "gravity_up": ("move", _via(_gravity_left, transpose, transpose)),
    "push_right": ("move", _push_right),
    "push_left": ("move", _via(_push_right, _flip_lr, _flip_lr)),
    "push_down": ("move", _push_down),
    "push_up": ("move", _via(_push_down, _flip_ud, _flip_ud)),
    "crop": ("shape", crop),
    "tile_1x2": ("shape", _tile(1, 2)),
    "tile_2x1": ("shape", _tile(2, 1)),
    "tile_2x2": ("shape", _tile(2, 2)),
    "mirror_lr": ("shape", _tile(1, 2, mirror=True)),
    "mirror_ud": ("shape", _tile(2, 1, mirror=True)),
    "scale_2": ("shape", _scale(2)),
    "scale_3": ("shape", _scale(3)),
    "hollow": ("object", _hollow),
    "largest": ("object", _largest),
    "majority": ("object", _majority),
    "symmetrize_lr": ("object", _symmetrize_lr),
    "symmetrize_ud": ("object", _via(_symmetrize_lr, transpose, transpose)),
}
OPS = [fn for _, fn in STRUCTURAL.values()]
NAMES = list(STRUCTURAL)
COLOUR = ("recolour", "fill", "outline")
GROUPS = ("geometry", "move", "shape", "object", "colour")


def enclosed(g: Grid) -> int:
    """The background cells that no 4-connected path of background joins to the border (a 0/1 byte mask)."""
    masks = _masks(len(g), len(g[0]))
    bg = masks.ones ^ _bits(g)
    reach = bg & masks.border
    while True:
        near = _right(reach, masks) | _left(reach, masks) | _below(reach, masks) | _above(reach, masks)
        grown = reach | (bg & near)
        if grown == reach:
            return bg ^ reach
        reach = grown


def halo(g: Grid) -> int:
    """The background cells with a coloured cell among their 8 neighbours (a 0/1 byte mask)."""
    x, masks = _bits(g), _masks(len(g), len(g[0]))
    row = x | _right(x, masks) | _left(x, masks)
    return (row | _below(row, masks) | _above(row, masks)) & (masks.ones ^ x)


MASKS = {"fill": enclosed, "outline": halo}


def paint(g: Grid, mask: int, colour: int) -> Grid:
    """`g` with the background cells of the 0/1 byte `mask` set to `colour`."""
    return _grid(to_int(g) + colour * mask, len(g[0]), len(g))


# -- grids as big integers, one byte a cell in reading order (the first cell most significant) --


class _Masks:
    def __init__(self, h: int, w: int):
        self.h, self.w, self.size = h, w, h * w
        self.ones = int.from_bytes(b"\1" * self.size, "big")
        self.full = self.ones * 255
        self.not_first = int.from_bytes((b"\0" + b"\1" * (w - 1)) * h, "big")  # column 0 cleared
        self.not_last = int.from_bytes((b"\1" * (w - 1) + b"\0") * h, "big")
        edge = b"\1" * w + (b"\1" + b"\0" * (w - 2) + b"\1" if w > 1 else b"\1") * (h - 2) + b"\1" * w
        self.border = int.from_bytes(edge[: self.size] if h > 1 else b"\1" * w, "big")


_MASKS: dict[tuple[int, int], _Masks] = {}
_NONZERO = bytes([0] + [1] * 255)
_ONE_COLOUR = [bytes(int(v == c) for v in range(256)) for c in range(10)]
_KEEP = [bytes(v if v == c else 0 for v in range(256)) for c in range(10)]


def _masks(h: int, w: int) -> _Masks:
    m = _MASKS.get((h, w))
    if m is None:
        m = _MASKS[(h, w)] = _Masks(h, w)
    return m


def to_int(g: Grid) -> int:
    return int.from_bytes(b"".join(g), "big")


def _bits(g: Grid) -> int:
    """1 in the byte of every coloured cell."""
    return int.from_bytes(b"".join(g).translate(_NONZERO), "big")


def _grid(x: int, w: int, h: int) -> Grid:
    flat = x.to_bytes(h * w, "big")
    return tuple(flat[i : i + w] for i in range(0, h * w, w))


def _right(x: int, m: _Masks) -> int:  # each cell takes its right neighbour's byte (0 past the edge)
    return (x << 8) & m.not_last


def _left(x: int, m: _Masks) -> int:
    return (x >> 8) & m.not_first


def _below(x: int, m: _Masks) -> int:
    return (x << 8 * m.w) & m.ones


def _above(x: int, m: _Masks) -> int:
    return x >> 8 * m.w


def recolour(g: Grid, mapping: dict[int, int]) -> Grid:
    table = bytes(mapping.get(c, c) for c in range(256))
    return tuple(r.translate(table) for r in g)


def apply_step(g: Grid | None, step: tuple) -> Grid | None:
    """One program step: (name,) for a structural primitive, (name, parameter) for a colour one."""
    if g is None:
        return None
    name = step[0]
    if name == "recolour":
        return recolour(g, dict(step[1]))
    if name in MASKS:
        return paint(g, MASKS[name](g), step[1])
    return STRUCTURAL[name][1](g)


def run(g: Grid, program: list[tuple]) -> Grid | None:
    for step in program:
        g = apply_step(g, step)
    return g


def to_grid(rows: list[list[int]]) -> Grid:
    return tuple(bytes(r) for r in rows)


def to_lists(g: Grid) -> list[list[int]]:
    return [list(r) for r in g]

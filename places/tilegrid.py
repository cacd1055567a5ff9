"""A tile-grid map of Iraq: one square per governorate, roughly where it lies, for when no boundaries are loaded.

Rows run north to south, columns west to east; the grid is geographic and is not mirrored for Arabic (a map
keeps east on the right in every language). Neighbours stay neighbours where a grid allows: Duhok above Nineveh,
Erbil above Kirkuk, Halabja east of Sulaymaniyah, Basra in the south-east corner.

        col 0      col 1      col 2      col 3      col 4
 row 0             Duhok      Erbil
 row 1             Nineveh    Kirkuk     Sulaym.    Halabja
 row 2  Anbar      Salah a.D. Diyala
 row 3  Karbala    Baghdad    Wasit      Maysan
 row 4  Najaf      Babil      Qadisiyyah Dhi Qar    Basra
 row 5                        Muthanna
"""

from __future__ import annotations

from dataclasses import dataclass

# place code → (row, column)
TILES: dict[str, tuple[int, int]] = {
    "IQ-DA": (0, 1),  # Duhok
    "IQ-AR": (0, 2),  # Erbil
    "IQ-NI": (1, 1),  # Nineveh
    "IQ-KI": (1, 2),  # Kirkuk
    "IQ-SU": (1, 3),  # Sulaymaniyah
    "IQ-X-HALABJA": (1, 4),  # Halabja
    "IQ-AN": (2, 0),  # Anbar
    "IQ-SD": (2, 1),  # Salah ad Din
    "IQ-DI": (2, 2),  # Diyala
    "IQ-KA": (3, 0),  # Karbala
    "IQ-BG": (3, 1),  # Baghdad
    "IQ-WA": (3, 2),  # Wasit
    "IQ-MA": (3, 3),  # Maysan
    "IQ-NA": (4, 0),  # Najaf
    "IQ-BB": (4, 1),  # Babil
    "IQ-QA": (4, 2),  # Al-Qadisiyyah
    "IQ-DQ": (4, 3),  # Dhi Qar
    "IQ-BA": (4, 4),  # Basra
    "IQ-MU": (5, 2),  # Al Muthanna
}
ROWS = 1 + max(row for row, _ in TILES.values())
COLUMNS = 1 + max(column for _, column in TILES.values())


@dataclass(frozen=True)
class Tile:
    """A governorate's square: its cell, and its box as percentages of the grid, `left` and `top` measured from the
    west and north edges (in HTML: `inset-inline-start`/`inset-block-start` in a `dir="ltr"` box, as for
    `places.geometry.Shapes`; in SVG: x and y in a viewBox of 100 × 100)."""

    code: str
    row: int
    column: int

    @property
    def left(self) -> float:
        return round(100 * self.column / COLUMNS, 3)

    @property
    def top(self) -> float:
        return round(100 * self.row / ROWS, 3)

    @property
    def width(self) -> float:
        return round(100 / COLUMNS, 3)

    @property
    def height(self) -> float:
        return round(100 / ROWS, 3)


def tiles(codes=None) -> list[Tile]:
    """The tiles of the given place codes (all governorates by default), north-west first; codes that have no
    tile (a district, a country) are left out."""
    wanted = TILES if codes is None else [c for c in codes if c in TILES]
    return sorted((Tile(code, *TILES[code]) for code in wanted), key=lambda t: (t.row, t.column))

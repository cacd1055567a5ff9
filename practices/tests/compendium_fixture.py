"""A compendium written by the team in the layout of the reference seed, for tests in any app.

`COMPENDIUM` (one made-up practice, three goals of the EuroMed framework cited with a paragraph each) lives
in the repository, so the import, API and browser tests need nothing beside it. `COMPENDIUM_PRACTICE` is
what the parser must read from it. Only the test that the reference seed parses exactly reads the seed,
through `seed_file()`: `../shared/seeds/` beside the repository, or the folder named by the
`WIQAYA_SEEDS_DIR` environment variable (read by tests only).
"""

import os
from pathlib import Path

COMPENDIUM = Path(__file__).resolve().parent / "data" / "compendium-reading-circles.txt"

COMPENDIUM_PRACTICE = {
    "name": "Tigris Reading Circles",
    "country": "Iraq",
    "organisation": "Basra Bridges Cultural Forum",
    "period": "Since 2012",
    "start_year": 2012,
    "end_year": None,
    "ongoing": True,
    # (goal number, paragraph numbers), in the order of the document
    "goals": [("6", [101]), ("2", [61]), ("8", [124])],
    "first_paragraph": (101, "Offer young people safe places"),
}

SEED_NAME = "000_bd212eb81222e879.txt"


def seed_file() -> Path:
    """The reference seed, which may be absent (a clone without the shared folder beside it)."""
    default = Path(__file__).resolve().parents[3] / "shared" / "seeds"
    return Path(os.environ.get("WIQAYA_SEEDS_DIR") or default) / SEED_NAME

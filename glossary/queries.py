"""Reads of the glossary that are not a page: the shipped data file."""

from __future__ import annotations

import json
from pathlib import Path

SHIPPED = Path(__file__).resolve().parent / "data" / "glossary.json"


def shipped_entries(path: Path = SHIPPED) -> list[dict]:
    """The shipped glossary's entries, as the data file holds them."""
    return json.loads(path.read_text(encoding="utf-8"))["terms"]

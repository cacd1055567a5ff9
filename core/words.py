"""Counts in plain English words for command-line output (pages use ngettext / blocktranslate count, which also
give Arabic its six plural forms)."""

import re


def count(n: int, singular: str, plural: str | None = None) -> str:
    """"1 file", "0 files", "3 entries": the number and the word in its right form."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def readable_name(name: str) -> str:
    """A file or slug-like name as people write it: "imported-compendium_weird" → "imported compendium weird"
    (hyphens, underscores and dots between words become spaces; a file's extension is left to the caller)."""
    return re.sub(r"\s+", " ", re.sub(r"[-_.]+", " ", name)).strip() or name

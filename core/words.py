"""Counts in plain English words for command-line output (pages use ngettext / blocktranslate count, which also
give Arabic its six plural forms)."""


def count(n: int, singular: str, plural: str | None = None) -> str:
    """"1 file", "0 files", "3 entries": the number and the word in its right form."""
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"

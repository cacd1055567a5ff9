"""Decompression bombs: what a container file may unpack to, checked before any parser opens it.

A .docx or .xlsx is a zip archive. Its central directory says how large each member is once unpacked, and
Python's `zipfile` never hands out more than that (it stops at the declared size and checks the CRC), so the
directory is a bound we can trust: `check_zip` refuses an archive whose members would unpack past a total size,
or whose larger members shrink by more than a ratio no document needs, or that holds an absurd number of
members — all before a byte is inflated. PDF streams are limited while they are decoded (documents.extraction).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

MAX_MEMBERS = 10_000
# Members smaller than this may have any ratio: a few kilobytes of repeated XML compress very well.
RATIO_FLOOR_BYTES = 2**20


@dataclass
class ContainerLimit(Exception):
    """The archive breaks a limit: `kind` is "unpacked", "xml", "ratio", "members" or "not_zip"."""

    kind: str
    found: int = 0
    limit: int = 0
    member: str = ""

    def __str__(self) -> str:
        if self.kind == "not_zip":
            return "the file is not a zip archive"
        if self.kind == "unpacked":
            return f"it would unpack to {self.found // 2**20} MB (the limit is {self.limit // 2**20} MB)"
        if self.kind == "xml":
            return (f"its part {self.member} would unpack to {self.found // 2**20} MB "
                    f"(the limit for one part is {self.limit // 2**20} MB)")
        if self.kind == "ratio":
            return (f"one of its parts ({self.member}) would unpack to {self.found} times its packed size "
                    f"(the limit is {self.limit}): a compression bomb")
        return f"it holds {self.found} parts (the limit is {self.limit})"


def check_zip(data, *, max_unpacked: int, max_ratio: int = 100, max_members: int = MAX_MEMBERS,
              max_xml: int | None = None) -> int:
    """Raise ContainerLimit unless the zip archive `data` (bytes or a seekable file) is within the limits;
    return the total unpacked size. Only the central directory is read.

    `max_xml` limits each XML part on its own: those are parsed into a tree (several times their size in
    memory), while pictures and other parts are only carried along."""
    source = io.BytesIO(data) if isinstance(data, bytes | bytearray) else data
    position = source.tell() if hasattr(source, "tell") else 0
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ContainerLimit("not_zip") from exc
    finally:
        if hasattr(source, "seek"):
            source.seek(position)
    if len(members) > max_members:
        raise ContainerLimit("members", len(members), max_members)
    total = sum(member.file_size for member in members)
    if total > max_unpacked:
        raise ContainerLimit("unpacked", total, max_unpacked)
    for member in members:
        if max_xml is not None and member.filename.endswith((".xml", ".rels")) and member.file_size > max_xml:
            raise ContainerLimit("xml", member.file_size, max_xml, member.filename[:80])
        if member.file_size > RATIO_FLOOR_BYTES and member.file_size > max_ratio * max(member.compress_size, 1):
            raise ContainerLimit("ratio", member.file_size // max(member.compress_size, 1), max_ratio,
                                 member.filename[:80])
    return total

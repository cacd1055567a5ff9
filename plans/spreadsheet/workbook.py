"""Opening an uploaded workbook safely (what it unpacks to is capped, a file that is no workbook is named
as such), and what openpyxl's read-only mode does not report: merged cells and formulas saved without
a value."""

from __future__ import annotations

import io
import os
import re
from pathlib import Path

from django.utils.translation import gettext as _

from core.containers import ContainerLimit, check_zip
from core.text import normalize

from . import layout


class TemplateError(Exception):
    """The file cannot be read as the template at all."""


def column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\s+ref="([A-Z]+\d+(?::[A-Z]+\d+)?)"')
_FORMULA_RE = re.compile(rb'<(?:\w+:)?c\s([^>]*)>\s*<(?:\w+:)?f[\s>/]')
_REF_ATTR = re.compile(rb'\br="([A-Z]+\d+)"')
_TYPE_ATTR = re.compile(rb'\bt="(\w+)"')


def scan_sheet_xml(ws) -> tuple[list[str], set[str]]:
    """The merged ranges, and the cells holding a formula that may lack a saved value, of a read-only sheet,
    found in its XML (openpyxl's read-only mode reports neither)."""
    source = ws._get_source()  # the sheet's XML stream inside the archive
    try:
        data = source.read()
    finally:
        source.close()
    merges = [m.decode() for m in _MERGE_RE.findall(data)]
    formulas = set()
    for attrs in _FORMULA_RE.findall(data):
        ref, kind = _REF_ATTR.search(attrs), _TYPE_ATTR.search(attrs)
        # t="str": Excel computed a text, possibly empty ("" from =IF(…;"";…)), which is a value.
        if ref and not (kind and kind.group(1) == b"str"):
            formulas.add(ref.group(1).decode())
    return merges, formulas


def open_workbook(file):
    from openpyxl import load_workbook

    if isinstance(file, str | os.PathLike):
        file = Path(file).read_bytes()
    if isinstance(file, bytes | bytearray):
        file = io.BytesIO(file)
    try:
        if hasattr(file, "seek"):
            file.seek(0)
        try:
            check_zip(file, max_unpacked=layout.MAX_UNPACKED_BYTES, max_ratio=layout.MAX_RATIO,
                      max_xml=layout.MAX_SHEET_BYTES)
        except ContainerLimit as limit:
            raise TemplateError(_limit_message(limit)) from None
        file.seek(0)
        return load_workbook(file, read_only=True, data_only=True)
    except TemplateError:
        raise
    except Exception as exc:  # a zip that is not a workbook, or a damaged one
        raise TemplateError(_("The workbook cannot be read (%(error)s); save it again as .xlsx.")
                            % {"error": exc.__class__.__name__}) from exc


def _limit_message(limit: ContainerLimit) -> str:
    if limit.kind == "not_zip":
        return _("This is not an Excel workbook (.xlsx); save the file as .xlsx and upload it again.")
    if limit.kind == "unpacked":
        return _("The workbook unpacks to %(size)d MB, more than a plan needs (the limit is %(limit)d MB).") % {
            "size": limit.found // 2**20, "limit": limit.limit // 2**20}
    if limit.kind == "xml":
        return _("The workbook's part %(part)s unpacks to %(size)d MB, more than a plan needs (the limit is "
                 "%(limit)d MB).") % {"part": limit.member, "size": limit.found // 2**20, "limit": limit.limit // 2**20}
    if limit.kind == "ratio":
        return _("The workbook's part %(part)s unpacks to %(ratio)d times its packed size: it is refused as a "
                 "compression bomb.") % {"part": limit.member, "ratio": limit.found}
    return _("The workbook holds %(count)d parts, far more than a plan needs.") % {"count": limit.found}


def find_sheet(wb, title: str):
    wanted = normalize(title)
    for name in wb.sheetnames:
        if normalize(name) == wanted or normalize(re.split(r"\s*[-/]\s*", name)[0]) == wanted:
            return wb[name]
    return None

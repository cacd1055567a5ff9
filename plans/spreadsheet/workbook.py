"""Opening an uploaded workbook safely (what it unpacks to is capped, a file that is no workbook is named
as such), and what openpyxl's read-only mode does not report: merged cells and formulas saved without
a value."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

from django.utils.translation import gettext as _

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
        if not zipfile.is_zipfile(file):
            raise TemplateError(_("This is not an Excel workbook (.xlsx); save the file as .xlsx and upload it again."))
        if hasattr(file, "seek"):
            file.seek(0)
        with zipfile.ZipFile(file) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
        if unpacked > layout.MAX_UNPACKED_BYTES:
            raise TemplateError(_("The workbook unpacks to %(size)d MB, more than a plan needs (the limit is "
                                  "%(limit)d MB).") % {"size": unpacked // 2**20, "limit": layout.MAX_UNPACKED_BYTES // 2**20})
        file.seek(0)
        return load_workbook(file, read_only=True, data_only=True)
    except TemplateError:
        raise
    except Exception as exc:  # a zip that is not a workbook, or a damaged one
        raise TemplateError(_("The workbook cannot be read (%(error)s); save it again as .xlsx.")
                            % {"error": exc.__class__.__name__}) from exc


def find_sheet(wb, title: str):
    wanted = normalize(title)
    for name in wb.sheetnames:
        if normalize(name) == wanted or normalize(re.split(r"\s*[-/]\s*", name)[0]) == wanted:
            return wb[name]
    return None

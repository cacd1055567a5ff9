"""Uploads refused by size while they stream in, never read whole into memory first.

`LimitedUploadHandler` runs before Django's own handlers (settings.FILE_UPLOAD_HANDLERS):
- a request whose body is larger than `WIQAYA_MAX_REQUEST_BYTES` is not read at all (the view sees no file and
  `request.refused_uploads` says why);
- a file that grows past `WIQAYA_MAX_IMPORT_BYTES` is dropped as soon as it does, and named in
  `request.refused_uploads`; the others go on to Django's handlers (memory up to FILE_UPLOAD_MAX_MEMORY_SIZE,
  a temporary file beyond).
Views turn `refused_uploads` into messages with `refused_messages`.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _


class LimitedUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.size = 0
        if request is not None and not hasattr(request, "refused_uploads"):
            request.refused_uploads = []

    def _refuse(self, name: str, size: int) -> None:
        if self.request is not None:
            self.request.refused_uploads.append((name, size))

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):  # noqa: N803 (Django's)
        limit = settings.WIQAYA_MAX_REQUEST_BYTES
        if content_length and content_length > limit:
            self._refuse("", content_length)
            return QueryDict(encoding=encoding), MultiValueDict()  # parse nothing: the body is not read
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.size = 0

    def receive_data_chunk(self, raw_data, start):
        self.size += len(raw_data)
        if self.size > settings.WIQAYA_MAX_IMPORT_BYTES:
            self._refuse(self.file_name or "", self.size)
            raise SkipFile()
        return raw_data

    def file_complete(self, file_size):
        return None


def refused_messages(request) -> list[str]:
    """One sentence per upload refused while it streamed in (the file's own name, never another's)."""
    limit_mb = settings.WIQAYA_MAX_IMPORT_BYTES // 2**20
    messages = []
    for name, _size in getattr(request, "refused_uploads", []):
        if not name:
            messages.append(_("The upload is too large (more than %(limit)d MB in one request): send fewer or "
                              "smaller files.") % {"limit": settings.WIQAYA_MAX_REQUEST_BYTES // 2**20})
        else:
            messages.append(_("%(file)s: the file is too large (the limit is %(limit)d MB).")
                            % {"file": name, "limit": limit_mb})
    return messages


# The first bytes of the binary kinds of file the importers read: a file whose name says .pdf but whose content is
# not a PDF is refused by the form, before a job is queued, rather than failing inside the job.
SIGNATURES = {".pdf": b"%PDF-", ".docx": b"PK\x03\x04", ".xlsx": b"PK\x03\x04", ".xlsm": b"PK\x03\x04",
              ".png": b"\x89PNG", ".jpg": b"\xff\xd8\xff", ".jpeg": b"\xff\xd8\xff", ".gif": b"GIF8"}
TEXT_EXTENSIONS = {".txt", ".md", ".yaml", ".yml", ".json", ".csv"}
# Kinds of binary file that a text file (TEXT_EXTENSIONS) never starts with.
BINARY_STARTS = (b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"MZ",
                 b"\x7fELF", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")


def _isolated(text: str) -> str:
    """A file name or an extension kept in its own direction inside a sentence of either language (FSI … PDI):
    ".pdf" stays ".pdf" in an Arabic message."""
    return f"\u2068{text}\u2069"


def _head(upload, size: int = 8) -> bytes:
    """The first bytes of an uploaded file, leaving it where it was."""
    try:
        position = upload.tell()
        upload.seek(0)
        head = upload.read(size)
        upload.seek(position)
    except (AttributeError, OSError, ValueError):
        return b""
    return head if isinstance(head, bytes) else b""


def kind_problem(upload, allowed) -> str | None:
    """Why `upload` is not of one of the `allowed` kinds (extensions such as ".pdf"), naming the file and the
    kinds allowed; None when it is. The name's extension must be allowed, and the first bytes must agree with
    it (a Word document renamed .pdf, a picture renamed .txt). Empty files pass: the importers name them."""
    name = getattr(upload, "name", "") or ""
    extension = ("." + name.rsplit(".", 1)[1].lower()) if "." in name.strip(".") else ""
    shown = {"file": _isolated(name), "ext": _isolated(extension), "kinds": _isolated(", ".join(sorted(allowed)))}
    if extension not in allowed:
        if not extension:
            return _("“%(file)s” has no extension, so its kind is unknown: use %(kinds)s.") % shown
        return _("“%(file)s” is a %(ext)s file, which cannot be imported here: use %(kinds)s.") % shown
    head = _head(upload)
    if not head:
        return None
    expected = SIGNATURES.get(extension)
    if expected is not None and not head.startswith(expected):
        return _("“%(file)s” is named %(ext)s but its content is not a %(ext)s file: save it again as %(ext)s, "
                 "or use %(kinds)s.") % shown
    if extension in TEXT_EXTENSIONS and head.startswith(BINARY_STARTS):
        return _("“%(file)s” is named %(ext)s but its content is not text: use %(kinds)s.") % shown
    return None

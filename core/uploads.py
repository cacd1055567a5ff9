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

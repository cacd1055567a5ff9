"""The bell's unread count on every page, read only when a template shows it (one query)."""

from django.utils.functional import cached_property

from .queries import unread_count


class Unread:
    def __init__(self, user):
        self._user = user

    @cached_property
    def count(self) -> int:
        return unread_count(self._user)

    @property
    def label(self) -> str:
        return "99+" if self.count > 99 else str(self.count)


def unread(request):
    return {"unread_notifications": Unread(getattr(request, "user", None))}

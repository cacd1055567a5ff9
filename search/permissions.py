"""Who may rebuild the search index. What a reader finds is decided per record type by that type's own
`visible_to` (search.registry), never here."""

from accounts.permissions import is_administrator
from core.actors import is_system


def can(user, action: str, obj=None) -> bool:
    if is_system(user):
        return True
    return action == "reindex" and is_administrator(user)

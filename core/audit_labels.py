"""What each audited action is called on history pages.

Core knows only its own actions. Every app registers the labels of the actions it records with
`register_labels()` from its `AppConfig.ready`; an action nobody labelled shows its code.
This module imports nothing from core, so both `core.models` and `core.audit` can use it.
"""

from __future__ import annotations

from django.utils.translation import pgettext_lazy

_LABELS: dict[str, object] = {
    "retention.purge": pgettext_lazy("audit action", "records past their retention period purged"),
    "access.denied": pgettext_lazy("audit action", "access denied"),
    "access.withheld": pgettext_lazy("audit action", "record withheld from a reader who may not see it"),
    "access.refused": pgettext_lazy("audit action", "move or import refused"),
}


def register_labels(labels: dict[str, object]) -> None:
    """Add (or replace) the labels of some actions: {"practice.create": pgettext_lazy("audit action", …)}."""
    _LABELS.update(labels)


def label_for(action: str) -> str:
    return str(_LABELS.get(action, action))


def labelled_actions() -> set[str]:
    return set(_LABELS)

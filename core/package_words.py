"""Words that Django and the packages Wiqaya uses show on its pages, translated in Wiqaya's own catalogue.

They are named here so that `make messages` (which keeps only the strings it finds in the project's sources)
keeps their Arabic: Django's empty choice of a model form's select, and the task backend's model names in the
admin (`docs/decisions/0008-data-in-text.md`). Nothing imports this module; `makemessages` reads it."""

from django.utils.translation import gettext_noop

PACKAGE_WORDS = [
    gettext_noop("- Select an option -"),
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
]

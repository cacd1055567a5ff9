"""Arabic date formats: Django's Arabic locale has no short date-time, and its fallback is month-first."""

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"

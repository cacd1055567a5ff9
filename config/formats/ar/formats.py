"""Arabic date formats: day, month name, year ("7 ديسمبر 2026"), 24-hour times, and short forms in ISO order like
English (Django's Arabic locale has no short date-time, and its fallback is month-first)."""

from config.formats._common import (  # noqa: F401
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    MONTH_DAY_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
    YEAR_MONTH_FORMAT,
)

DATE_FORMAT = "j F Y"  # 7 ديسمبر 2026
DATETIME_FORMAT = "j F Y، H:i"  # 7 ديسمبر 2026، 14:30
# Numbers: Western digits grouped by thousands with a comma and a point before decimals, as Iraqi budgets and
# reports write them (Django's Arabic locale sets a comma decimal separator and no grouping).
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

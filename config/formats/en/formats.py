"""English date formats: day, month name, year ("7 Dec 2026"), never month-first numbers; 24-hour times."""

from config.formats._common import (  # noqa: F401
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    MONTH_DAY_FORMAT,
    SHORT_DATE_FORMAT,
    SHORT_DATETIME_FORMAT,
    TIME_FORMAT,
    YEAR_MONTH_FORMAT,
)

DATE_FORMAT = "j M Y"  # 7 Dec 2026
DATETIME_FORMAT = "j M Y, H:i"  # 7 Dec 2026, 14:30

"""Arabic date formats: Django's Arabic locale has no short date-time, and its fallback is month-first."""

SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
# Numbers: Western digits grouped by thousands with a comma and a point before decimals, as Iraqi budgets and
# reports write them (Django's Arabic locale sets a comma decimal separator and no grouping).
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

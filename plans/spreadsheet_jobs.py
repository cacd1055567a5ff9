"""The plan spreadsheet import job (written next)."""

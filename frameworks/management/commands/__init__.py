"""`wiqaya eval …` (`wiqaya suggest-goals` lives in practices: it reads practices)."""

"""`wiqaya eval …` and `wiqaya suggest-goals …`."""

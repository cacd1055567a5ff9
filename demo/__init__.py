"""Demo data: organisations, one account per role and a small practice library, for trying Wiqaya out."""

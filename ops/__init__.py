"""Operations commands: setup, backup, restore, purge, welcome and the bench dispatcher (the top floor)."""

"""Security checks: the access matrix (role × ownership × URL) and the anonymous allow-list."""

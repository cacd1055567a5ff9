"""Wiqaya core: shared plumbing with no domain data."""

"""Management commands of the frameworks app."""

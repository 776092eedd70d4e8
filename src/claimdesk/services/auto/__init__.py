"""Auto slice."""

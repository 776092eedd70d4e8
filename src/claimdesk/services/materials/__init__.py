"""Materials slice."""

"""Tasks slice."""

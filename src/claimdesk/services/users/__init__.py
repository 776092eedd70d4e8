"""Users slice."""

"""Service desk slice."""

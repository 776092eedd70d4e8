"""Claims slice."""

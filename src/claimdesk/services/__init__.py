"""Use cases: one short function each, owning one transaction; ports are Protocols."""

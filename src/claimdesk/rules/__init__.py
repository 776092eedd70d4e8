"""Product terms as data and the pure adjudication engine (理算)."""

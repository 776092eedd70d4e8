"""Demo data: a realistic month loaded through the real use cases."""

"""Adjudication slice."""

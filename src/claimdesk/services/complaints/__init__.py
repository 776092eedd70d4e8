"""Complaints slice."""

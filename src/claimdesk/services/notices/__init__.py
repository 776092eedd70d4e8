"""Notices slice."""

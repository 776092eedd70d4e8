"""Payments slice."""

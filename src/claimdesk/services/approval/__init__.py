"""Approval slice."""

"""Fraud slice."""

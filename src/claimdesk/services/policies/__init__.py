"""Policies slice."""

"""Adapters: database, storage, notifications, clock."""

"""Scheduled jobs: one run per job and period across every server and worker process."""

"""Lifecycle transition table, tasks and queues, deadlines on the working-day calendar."""

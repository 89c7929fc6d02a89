"""Logs, metrics and health of the long-running commands: what an operator sees of a process."""

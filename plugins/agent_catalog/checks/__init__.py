"""Checks: the rule registry every agent is held to, and the report the `check` command prints."""

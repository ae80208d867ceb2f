"""Violations (违法建设): one illegal structure each, with its footprint and history."""

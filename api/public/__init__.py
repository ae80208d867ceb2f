"""What the public may see without logging in: aggregates, never personal data."""

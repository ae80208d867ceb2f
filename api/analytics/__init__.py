"""Grid analytics: occupied area, sweep coverage and blind spots, rolled up."""

"""Campaign rules as plain functions: ledger categories, lifecycle, report figures."""

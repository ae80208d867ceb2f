"""The campaign workflow: status moves, stopping new construction, ledger changes,
write-offs, and the household's file (一户一档)."""

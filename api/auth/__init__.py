"""Who may see and change what: users, roles, tokens, API keys, the audit log."""

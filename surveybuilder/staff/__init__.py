"""Staff accounts: organisations, users, roles and signing in. No Flask request state."""

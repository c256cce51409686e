"""Staff sign-in, the signed-in user, organisation access and user management (web)."""

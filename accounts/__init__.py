"""Accounts: the French login, logout and password pages, one attempt limit for every login door (django-axes),
a limit on password-reset requests, and the client's address as the trusted proxy reports it."""

"""Hub views, one module per role."""

"""Hub domain services: every write goes through them (rules, deadlines, audit)."""

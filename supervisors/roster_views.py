"""The agent roster, fee-flag reviews and charts (routes on the supervisors' blueprint)."""

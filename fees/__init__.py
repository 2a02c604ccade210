"""The service catalogue and notified fee schedules: the ground floor of the domain."""

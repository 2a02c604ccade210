"""Request lists, search, a request's whole timeline, and CSV export (routes on the supervisors' blueprint)."""

"""Demo sign-in accounts."""


def seed_demo_logins(agents) -> list[str]:
    """Create demo accounts (idempotent); return printable login lines."""
    return []

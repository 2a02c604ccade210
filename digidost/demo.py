"""The demo: sample fees, centres and agents across J&K, and their sign-in details."""

from __future__ import annotations

from digidost.seed import seed_centres_and_agents


def seed_demo() -> list[str]:
    """Load the whole demo (idempotent); return the lines to print (logins)."""
    from agents.seed import seed_demo_logins
    from fees.samples import install_sample_fees

    install_sample_fees()
    agents = seed_centres_and_agents()
    return seed_demo_logins(agents)

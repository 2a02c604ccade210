"""The sample catalogue and sample fee notification shipped for demos."""


def install_sample_fees() -> None:
    """Load the sample catalogue and notification once (idempotent)."""

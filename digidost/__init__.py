"""The composition root: puts the features together."""

from digidost.app import create_app

__all__ = ["create_app"]

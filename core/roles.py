"""Role checks for views: agents and supervisors."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

AGENT = "agent"
SUPERVISOR = "supervisor"


def role_required(*roles: str) -> Callable:
    """Allow the view only to signed-in users holding one of the roles; others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if getattr(current_user, "role", None) not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator

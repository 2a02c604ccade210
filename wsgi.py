"""The server's door: gunicorn 'wsgi:app', flask --app wsgi."""

import sys

from core.settings import SettingsError
from digidost import create_app
from digidost.app import warm_up

try:
    app = create_app()
except SettingsError as error:
    sys.exit(f"digidost: {error}")
warm_up(app)

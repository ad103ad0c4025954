"""WSGI entry point for gunicorn: `gunicorn fitnesscrm.wsgi:app`."""

from .app import create_app

app = create_app()

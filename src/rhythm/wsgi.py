"""WSGI entry point for a production server (gunicorn rhythm.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rhythm.settings")
application = get_wsgi_application()

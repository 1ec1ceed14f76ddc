"""IJmond Participatie: configuration (settings, URLs, the Celery app, WSGI) and the pages that span
all apps (home, statements, the work dashboard, error pages). It sits on top of every app.

Importing the Celery app here makes ``@shared_task`` use it in every process.
"""

from .celery import app as celery_app

__all__ = ("celery_app",)

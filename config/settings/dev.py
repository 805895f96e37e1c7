"""Local development: debug on, mail printed to the console."""

from .base import *  # noqa: F403
from .base import env

DEBUG = True
# A fixed key is fine on a developer's machine only; production requires one.
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")  # noqa: S105
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
if not env("EMAIL_URL"):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
# `make run` starts no scheduler: /health/ does not ask for its heartbeat.
HEALTH_SCHEDULER_REQUIRED = env("HEALTH_SCHEDULER_REQUIRED", "false").lower() == "true"

# A quiet terminal: one line per task and per saved page would hide what
# matters. Warnings and errors still show.
LOGGING["filters"]["warnings_only"] = {  # noqa: F405
    "()": "home.logging.MinimumLevelFilter",
    "level": "WARNING",
}
LOGGING["loggers"].update(  # noqa: F405
    {
        name: {"filters": ["warnings_only"]}
        for name in ("django_tasks", "django_tasks_db", "wagtail")
    }
)

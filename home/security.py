"""Security events for the log, without naming anyone.

The attempts themselves (username, address, time) are kept by django-axes in
the database, where only administrators read them.
"""

import logging

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("microscope.security")


@receiver(user_login_failed)
def log_failed_login(sender, credentials=None, request=None, **kwargs):
    path = request.path if request is not None else "-"
    logger.warning("Failed login on %s", path)


@receiver(user_locked_out)
def log_lockout(sender, request=None, **kwargs):
    logger.warning("Login locked out after repeated failures")

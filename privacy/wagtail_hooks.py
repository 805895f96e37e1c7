"""Admin wiring of the personal-data domain, one module per concept."""

from privacy.cookies import wagtail_hooks as cookies_hooks  # noqa: F401

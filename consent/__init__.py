"""Cookie consent: declarations, the consent ledger and Google Analytics gating.

Built on django-cookie-consent: its ``CookieGroup`` and ``Cookie`` models are
the declarations and its cookie holds the per-group state. This package adds
what the CNIL's rules ask for beyond that: lifetimes, a six-month choice,
re-consent after a material notice change, Global Privacy Control, and a
ledger that proves every decision.
"""

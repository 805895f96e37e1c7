"""Where the site keeps personal data.

Every model holding personal data is listed here, with the admin groups
allowed to see it. Permission tests, the consistency checks and erasure walk
this list, so a model that is not here is a bug. Apps that depend on
``privacy`` (the newsletter) add their own models with ``register``.
"""

PERSONAL_DATA_MODELS = {
    "wagtailforms.FormSubmission": "Contact form messages",
    "auth.User": "Administrator accounts",
    "axes.AccessAttempt": "Admin login attempts (username, address)",
    "axes.AccessFailureLog": "Failed admin logins (username, address)",
    "axes.AccessLog": "Admin logins (username, address)",
    "privacy.RegisteredUser": "Registered users of the platform",
    "privacy.ConsentEvent": "Consent ledger (pseudonymous)",
    "privacy.AccessLink": "“Manage my data” links (tied to a registered user)",
    "privacy.DataSubjectRequest": "Data-subject requests and their requesters",
    "privacy.RequestEvent": "Audit trail of data-subject requests",
    "privacy.Visit": "Visitor log (IP address, time, OS and browser)",
    "privacy.ConsentRecord": "Cookie consent ledger (random consent IDs)",
}


def register(label, description):
    PERSONAL_DATA_MODELS[label] = description

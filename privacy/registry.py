"""Where the site keeps personal data.

Every model holding personal data is listed here, with the admin groups
allowed to see it. Permission tests, the consistency checks and erasure walk
this list, so a model that is not here is a bug. Apps that depend on
``privacy`` (the newsletter) add their own models with ``register``.
"""

PERSONAL_DATA_MODELS = {
    "wagtailforms.FormSubmission": "Contact form messages",
    "auth.User": "Administrator accounts",
    "privacy.ConsentRecord": "Cookie consent ledger (random consent IDs)",
}


def register(label, description):
    PERSONAL_DATA_MODELS[label] = description

"""The cookie groups and declarations ``load_initial_data`` creates.

Texts are marked with ``gettext_noop`` so the French catalogue carries them;
the site shows them translated until the DPO rewrites one in the admin.
"""

from django.utils.translation import gettext_noop

GROUPS = [
    {
        "varname": "necessary",
        "name": gettext_noop("Strictly necessary"),
        "description": gettext_noop(
            "Cookies the site needs to work: your session, the protection of "
            "forms, your language and your cookie choice. They cannot be "
            "switched off."
        ),
        "is_required": True,
        "is_deletable": False,
        "ordering": 0,
        "cookies": [
            (
                "sessionid",
                gettext_noop(
                    "Keeps you signed in and carries short messages between pages."
                ),
                gettext_noop("2 weeks"),
                gettext_noop("MicroScope"),
            ),
            (
                "csrftoken",
                gettext_noop(
                    "Protects the site's forms against cross-site request forgery."
                ),
                gettext_noop("1 year"),
                gettext_noop("MicroScope"),
            ),
            (
                "django_language",
                gettext_noop("Remembers the language you chose."),
                gettext_noop("Until you close your browser"),
                gettext_noop("MicroScope"),
            ),
            (
                "messages",
                gettext_noop(
                    "Carries a confirmation message to the next page you see."
                ),
                gettext_noop("Until you close your browser"),
                gettext_noop("MicroScope"),
            ),
            (
                "cookie_consent",
                gettext_noop("Remembers your cookie choice and its reference."),
                gettext_noop("6 months"),
                gettext_noop("MicroScope"),
            ),
            (
                "notice_seen",
                gettext_noop(
                    "Remembers which version of the privacy notice was in force "
                    "when you last visited, to tell you when it changes. It holds "
                    "only a date."
                ),
                gettext_noop("13 months"),
                gettext_noop("MicroScope"),
            ),
        ],
    },
    {
        "varname": "analytics",
        "name": gettext_noop("Analytics"),
        "description": gettext_noop(
            "Google Analytics measures how visitors use the site, so that it can "
            "be improved. It is used only with your consent; its advertising "
            "features stay off."
        ),
        "is_required": False,
        "is_deletable": True,
        "ordering": 10,
        "cookies": [
            (
                "_ga",
                gettext_noop("Tells visitors apart for Google Analytics statistics."),
                gettext_noop("13 months"),
                gettext_noop("Google Analytics (set on this site's domain)"),
            ),
            (
                "_ga_*",
                gettext_noop(
                    "Keeps the state of the visit for Google Analytics; * stands "
                    "for the site's measurement ID."
                ),
                gettext_noop("13 months"),
                gettext_noop("Google Analytics (set on this site's domain)"),
            ),
        ],
    },
]


def ensure_cookie_groups(note=None):
    from cookie_consent.models import Cookie, CookieGroup

    from .models import CookieDetails

    for spec in GROUPS:
        spec = dict(spec)
        cookies = spec.pop("cookies")
        group, created = CookieGroup.objects.get_or_create(
            varname=spec.pop("varname"), defaults=spec
        )
        if created and note:
            note(f"the “{group.name}” cookie group")
        for name, description, lifetime, provider in cookies:
            cookie, created = Cookie.objects.get_or_create(
                cookiegroup=group,
                name=name,
                domain="",
                defaults={"description": description, "path": "/"},
            )
            CookieDetails.objects.get_or_create(
                cookie=cookie, defaults={"lifetime": lifetime, "provider": provider}
            )
            if created and note:
                note(f"the {name} cookie declaration")

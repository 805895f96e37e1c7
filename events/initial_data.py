"""Demo events for ``load_initial_data``, in English and French."""

import datetime
from zoneinfo import ZoneInfo

from home.demo.sections import ensure_section, paragraph

from .models import EventIndexPage, EventPage

PARIS = ZoneInfo("Europe/Paris")


INDEX = {
    "en": {
        "title": "Events",
        "slug": "events",
        "intro": "<p>Training sessions, workshops and conferences where the team "
        "presents the platform.</p>",
    },
    "fr": {
        "title": "Événements",
        "intro": "<p>Formations, ateliers et conférences où l’équipe présente la "
        "plateforme.</p>",
    },
}

ITEMS = [
    {
        "model": EventPage,
        "slug": "annotation-training-2027",
        "en": {
            "title": "Training: expert annotation with MicroScope",
            "start": datetime.datetime(2027, 3, 16, 9, 30, tzinfo=PARIS),
            "end": datetime.datetime(2027, 3, 18, 17, 0, tzinfo=PARIS),
            "location": "Genoscope, Évry-Courcouronnes",
            "intro": "Three days to learn expert functional annotation on the "
            "platform, with your own genomes.",
            "body": paragraph(
                "For biologists who annotate bacterial genomes. Bring a laptop; "
                "the platform account is created before the session."
            ),
        },
        "fr": {
            "title": "Formation : annotation experte avec MicroScope",
            "location": "Genoscope, Évry-Courcouronnes",
            "intro": "Trois jours pour apprendre l’annotation fonctionnelle "
            "experte sur la plateforme, avec vos propres génomes.",
            "body": paragraph(
                "Pour les biologistes qui annotent des génomes bactériens. "
                "Apportez un ordinateur portable ; le compte sur la plateforme "
                "est créé avant la session."
            ),
        },
    },
]


def ensure_events(command, home):
    return ensure_section(command, home, EventIndexPage, INDEX, ITEMS, "the events")

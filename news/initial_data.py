"""Demo news for ``load_initial_data``, in English and French."""

import datetime

from home.demo.sections import ensure_section, paragraph

from .models import NewsIndexPage, NewsPage

INDEX = {
    "en": {
        "title": "News",
        "slug": "news",
        "intro": "<p>Releases of the platform, new genomes and what the team is "
        "working on.</p>",
    },
    "fr": {
        "title": "Actualités",
        "intro": "<p>Les versions de la plateforme, les nouveaux génomes et les "
        "travaux de l’équipe.</p>",
    },
}

ITEMS = [
    {
        "model": NewsPage,
        "slug": "new-annotation-pipeline",
        "en": {
            "title": "A faster annotation pipeline",
            "date": datetime.date(2026, 10, 6),
            "intro": "Syntactic annotation of a bacterial genome now takes hours, "
            "not days.",
            "body": paragraph(
                "The syntactic annotation pipeline now runs its predictions in "
                "parallel. Projects submitted from today benefit from it."
            ),
        },
        "fr": {
            "title": "Un pipeline d’annotation plus rapide",
            "intro": "L’annotation syntaxique d’un génome bactérien prend "
            "désormais quelques heures, et non plus quelques jours.",
            "body": paragraph(
                "Le pipeline d’annotation syntaxique exécute désormais ses "
                "prédictions en parallèle. Les projets soumis à partir "
                "d’aujourd’hui en bénéficient."
            ),
        },
    },
    {
        "model": NewsPage,
        "slug": "privacy-notice-updated",
        "en": {
            "title": "Our privacy notice, versioned",
            "date": datetime.date(2026, 11, 16),
            "intro": "Every version of the privacy notice is now kept and can be "
            "compared with the others.",
            "body": paragraph(
                "The privacy notice shows the date of its last change and keeps "
                "its earlier versions, with what changed between them."
            ),
        },
        "fr": {
            "title": "Notre politique de confidentialité, versionnée",
            "intro": "Chaque version de la politique de confidentialité est "
            "désormais conservée et peut être comparée aux autres.",
            "body": paragraph(
                "La politique de confidentialité indique la date de sa dernière "
                "modification et conserve ses versions précédentes, avec ce qui "
                "a changé entre elles."
            ),
        },
    },
]


def ensure_news(command, home):
    return ensure_section(command, home, NewsIndexPage, INDEX, ITEMS, "the news")

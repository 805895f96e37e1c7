# Sentences are kept whole on one line where splitting them helps no reader.
# ruff: noqa: E501
"""The words of the demo content ``load_initial_data`` builds, in English and
French. Page links are written ``{contact}`` and filled with the page ids."""

import datetime

COMPLAINT_EN = (
    "<p>If you reported to us an accessibility barrier that keeps you from "
    "some content or a service of this site, and our answer did not satisfy "
    "you, you may:</p><ul>"
    '<li>write to the <a href="https://formulaire.defenseurdesdroits.fr/">'
    "Défenseur des droits</a> through its online form;</li>"
    '<li>contact <a href="https://www.defenseurdesdroits.fr/saisir/delegues">'
    "the Défenseur des droits’ delegate in your region</a>;</li>"
    "<li>write by post, free of charge (no stamp needed): Défenseur des droits, "
    "Libre réponse 71120, 75342 Paris CEDEX 07, France.</li></ul>"
)
COMPLAINT_FR = (
    "<p>Cette procédure est à utiliser dans le cas suivant : vous avez signalé "
    "au responsable du site un défaut d’accessibilité qui vous empêche "
    "d’accéder à un contenu ou à un des services du site et vous n’avez pas "
    "obtenu de réponse satisfaisante. Vous pouvez :</p><ul>"
    '<li>écrire un message au <a href="https://formulaire.defenseurdesdroits.fr/">'
    "Défenseur des droits</a> ;</li>"
    '<li>contacter <a href="https://www.defenseurdesdroits.fr/saisir/delegues">'
    "le délégué du Défenseur des droits dans votre région</a> ;</li>"
    "<li>envoyer un courrier par la poste (gratuit, ne pas mettre de timbre) : "
    "Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.</li></ul>"
)

ACCESSIBILITY = {
    "en": {
        "title": "Accessibility statement",
        "conformance_status": "partial",
        "audited_rate": 62.5,
        "audit_date": datetime.date(2026, 10, 15),
        "audit_method": (
            "<p>Demo values, to replace with those of a real audit: a "
            "self-assessment by the MicroScope team against RGAA 4.1.2 on the "
            "home page, the privacy notice, sign-up, Manage my data, the cookie "
            "settings and the contact form, with axe-core and by hand with a "
            "screen reader.</p>"
        ),
        "non_accessible_content": (
            "<ul><li>Some genome maps are images without a text equivalent.</li>"
            "<li>Older PDF documents are not tagged for screen readers.</li></ul>"
        ),
        "derogations": "<p>None.</p>",
        "contact": (
            "<p>If you cannot use some content or a service, write to us through "
            '<a linktype="page" id="{contact}">the contact form</a>: we will '
            "direct you to an accessible alternative or send you the content in "
            "another form.</p>"
        ),
        "complaint": COMPLAINT_EN,
    },
    "fr": {
        "title": "Déclaration d’accessibilité",
        "audit_method": (
            "<p>Valeurs de démonstration, à remplacer par celles d’un audit "
            "réel : auto-évaluation de l’équipe MicroScope selon le RGAA 4.1.2 "
            "sur la page d’accueil, la politique de confidentialité, "
            "l’inscription, « Gérer mes données », les paramètres des cookies "
            "et le formulaire de contact, avec axe-core et à la main avec un "
            "lecteur d’écran.</p>"
        ),
        "non_accessible_content": (
            "<ul><li>Certaines cartes de génomes sont des images sans "
            "équivalent textuel.</li><li>Les anciens documents PDF ne sont pas "
            "balisés pour les lecteurs d’écran.</li></ul>"
        ),
        "derogations": "<p>Aucune.</p>",
        "contact": (
            "<p>Si vous ne pouvez pas accéder à un contenu ou à un service, "
            'écrivez-nous par <a linktype="page" id="{contact}">le formulaire '
            "de contact</a> : nous vous orienterons vers une alternative "
            "accessible ou vous fournirons le contenu sous une autre forme.</p>"
        ),
        "complaint": COMPLAINT_FR,
    },
}

LEGAL_NOTICE = {
    "en": {
        "title": "Legal notice",
        "publisher": (
            "Commissariat à l’énergie atomique et aux énergies alternatives (CEA)"
        ),
        "publisher_details": (
            "Public body of an industrial and commercial nature (EPIC), "
            "RCS Paris B 775 685 019."
        ),
        "publisher_address": "25 rue Leblanc\nBâtiment Le Ponant D\n75015 Paris\nFrance",
        "publisher_phone": "",
        "director": "The Chair of the CEA (demo value: name to confirm)",
        "host": "CEA, Genoscope – Institut de biologie François Jacob (demo value)",
        "host_address": "2 rue Gaston Crémieux\n91057 Évry-Courcouronnes\nFrance",
        "host_phone": "+33 1 60 87 25 00",
        "contact": (
            '<p>Write to the MicroScope team through <a linktype="page" '
            'id="{contact}">the contact form</a>.</p>'
        ),
        "extra": (
            "<h2>Intellectual property</h2><p>The texts and images of this site "
            "belong to the CEA unless stated otherwise. They may be quoted with "
            "their source.</p><h2>Personal data</h2><p>How this site uses "
            'personal data is explained in <a linktype="page" id="{privacy}">'
            "the privacy notice</a>.</p>"
        ),
    },
    "fr": {
        "title": "Mentions légales",
        "publisher_details": (
            "Établissement public à caractère industriel et commercial (EPIC), "
            "RCS Paris B 775 685 019."
        ),
        "director": "L’administrateur général du CEA (valeur de démonstration)",
        "host": (
            "CEA, Genoscope – Institut de biologie François Jacob "
            "(valeur de démonstration)"
        ),
        "contact": (
            '<p>Écrivez à l’équipe MicroScope par <a linktype="page" '
            'id="{contact}">le formulaire de contact</a>.</p>'
        ),
        "extra": (
            "<h2>Propriété intellectuelle</h2><p>Les textes et images de ce site "
            "appartiennent au CEA sauf mention contraire. Ils peuvent être cités "
            "avec leur source.</p><h2>Données personnelles</h2><p>L’usage des "
            "données personnelles par ce site est décrit dans <a "
            'linktype="page" id="{privacy}">la politique de confidentialité</a>.'
            "</p>"
        ),
    },
}

ABOUT_EN = {
    "title": "About MicroScope",
    "intro": "A platform for microbial genome annotation and analysis.",
    "body": [
        (
            "paragraph",
            "<p>MicroScope gives biologists an environment to annotate microbial "
            "genomes by hand, with the results of automatic analyses beside them: "
            "syntactic and functional annotation, comparative genomics, metabolic "
            "networks and transcriptomics.</p>",
        ),
        (
            "paragraph",
            "<p>The platform is developed and run by the Laboratory of Bioinformatics "
            "Analyses for Genomics and Metabolism (LABGeM) at the Genoscope, part of "
            "the CEA.</p>",
        ),
        ("image", "image"),
        (
            "people",
            {
                "heading": "The team (demo)",
                "people": [
                    {"name": "Platform lead", "role": "LABGeM"},
                    {"name": "Curation team", "role": "Expert annotation"},
                ],
            },
        ),
    ],
}

ABOUT_FR = {
    "title": "À propos de MicroScope",
    "intro": "Une plateforme d’annotation et d’analyse de génomes microbiens.",
    "body": [
        (
            "paragraph",
            "<p>MicroScope offre aux biologistes un environnement pour annoter "
            "à la main des génomes microbiens, avec à côté les résultats "
            "d’analyses automatiques : annotation syntaxique et fonctionnelle, "
            "génomique comparative, réseaux métaboliques et transcriptomique.</p>",
        ),
        (
            "paragraph",
            "<p>La plateforme est développée et opérée par le Laboratoire "
            "d’analyses bioinformatiques pour la génomique et le métabolisme "
            "(LABGeM) au Genoscope, qui fait partie du CEA.</p>",
        ),
        ("image", "image"),
        (
            "people",
            {
                "heading": "L’équipe (démonstration)",
                "people": [
                    {"name": "Responsable de la plateforme", "role": "LABGeM"},
                    {"name": "Équipe de curation", "role": "Annotation experte"},
                ],
            },
        ),
    ],
}

IMAGE = {
    "en": {
        "alt_text": "A circular genome map: coloured arcs of genes around a ring.",
        "caption": "A circular genome map, as MicroScope draws them.",
        "credit": "Generated illustration (demo)",
    },
    "fr": {
        "alt_text": (
            "Une carte circulaire de génome : des arcs colorés de gènes autour "
            "d’un anneau."
        ),
        "caption": "Une carte circulaire de génome, telle que MicroScope les dessine.",
        "credit": "Illustration générée (démonstration)",
    },
}


def table(caption, headings, rows):
    return {
        "caption": caption,
        "columns": [{"type": "text", "heading": h} for h in headings],
        "rows": [{"values": list(row)} for row in rows],
    }


PLATFORM_PAGES = [
    {
        "slug": "documentation",
        "en": {
            "title": "Documentation",
            "intro": "How to use MicroScope, from the first login to expert curation.",
            "body": [
                ("heading", {"text": "Getting started", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Once your account is open, choose an organism, open its "
                    "genome browser and review the automatic annotations gene by "
                    "gene.</p>",
                ),
                (
                    "table",
                    table(
                        "Main tools of the platform",
                        ["Tool", "What it does"],
                        [
                            ("Genome browser", "Browse genes and their annotations"),
                            ("Synteny", "Compare gene order between genomes"),
                            ("Pan-genome", "Core and accessory genes of a set"),
                        ],
                    ),
                ),
                (
                    "two_columns",
                    {
                        "left": [
                            ("heading", {"text": "Annotate", "level": "h3"}),
                            (
                                "paragraph",
                                "<p>Correct gene names, functions and EC numbers.</p>",
                            ),
                        ],
                        "right": [
                            ("heading", {"text": "Compare", "level": "h3"}),
                            (
                                "paragraph",
                                "<p>Look for the same genes in related genomes.</p>",
                            ),
                        ],
                    },
                ),
                (
                    "call_to_action",
                    {
                        "heading": "Need an account?",
                        "text": "Sign up to annotate your own genomes.",
                        "button": {"label": "Sign up", "route": "register"},
                    },
                ),
            ],
        },
        "fr": {
            "title": "Documentation",
            "intro": "Utiliser MicroScope, de la première connexion à la curation experte.",
            "body": [
                ("heading", {"text": "Premiers pas", "level": "h2"}),
                (
                    "paragraph",
                    "<p>Une fois votre compte ouvert, choisissez un organisme, "
                    "ouvrez son navigateur de génome et revoyez les annotations "
                    "automatiques gène par gène.</p>",
                ),
                (
                    "table",
                    table(
                        "Principaux outils de la plateforme",
                        ["Outil", "Ce qu’il fait"],
                        [
                            (
                                "Navigateur de génome",
                                "Parcourir les gènes et leurs annotations",
                            ),
                            ("Synténie", "Comparer l’ordre des gènes entre génomes"),
                            ("Pangénome", "Gènes communs et accessoires d’un ensemble"),
                        ],
                    ),
                ),
                (
                    "two_columns",
                    {
                        "left": [
                            ("heading", {"text": "Annoter", "level": "h3"}),
                            (
                                "paragraph",
                                "<p>Corrigez noms de gènes, fonctions et numéros EC.</p>",
                            ),
                        ],
                        "right": [
                            ("heading", {"text": "Comparer", "level": "h3"}),
                            (
                                "paragraph",
                                "<p>Cherchez les mêmes gènes dans des génomes proches.</p>",
                            ),
                        ],
                    },
                ),
                (
                    "call_to_action",
                    {
                        "heading": "Besoin d’un compte ?",
                        "text": "Inscrivez-vous pour annoter vos propres génomes.",
                        "button": {"label": "S’inscrire", "route": "register"},
                    },
                ),
            ],
        },
    },
    {
        "slug": "training",
        "en": {
            "title": "Training",
            "intro": "Courses on microbial genome annotation with MicroScope.",
            "body": [
                (
                    "paragraph",
                    "<p>The team runs hands-on courses several times a year, in "
                    "French and in English, for biologists who annotate "
                    "genomes.</p>",
                ),
                (
                    "table",
                    table(
                        "Courses (demo dates)",
                        ["Course", "Length", "Language"],
                        [
                            ("Introduction to MicroScope", "1 day", "English"),
                            ("Expert annotation", "3 days", "French"),
                        ],
                    ),
                ),
                (
                    "quote",
                    {
                        "text": "Three days that changed how our team annotates.",
                        "attribution": "A course participant",
                        "source": "Course feedback (demo)",
                    },
                ),
            ],
        },
        "fr": {
            "title": "Formation",
            "intro": "Des formations à l’annotation de génomes microbiens avec MicroScope.",
            "body": [
                (
                    "paragraph",
                    "<p>L’équipe organise plusieurs fois par an des formations "
                    "pratiques, en français et en anglais, pour les biologistes "
                    "qui annotent des génomes.</p>",
                ),
                (
                    "table",
                    table(
                        "Formations (dates de démonstration)",
                        ["Formation", "Durée", "Langue"],
                        [
                            ("Introduction à MicroScope", "1 jour", "anglais"),
                            ("Annotation experte", "3 jours", "français"),
                        ],
                    ),
                ),
                (
                    "quote",
                    {
                        "text": "Trois jours qui ont changé la façon dont notre "
                        "équipe annote.",
                        "attribution": "Une participante",
                        "source": "Retours de formation (démonstration)",
                    },
                ),
            ],
        },
    },
    {
        "slug": "publications",
        "en": {
            "title": "Publications",
            "intro": "Articles that describe MicroScope and how to cite it.",
            "body": [
                ("heading", {"text": "How to cite MicroScope", "level": "h2"}),
                (
                    "quote",
                    {
                        "text": "Vallenet D. et al. MicroScope: an integrated "
                        "platform for the annotation and exploration of microbial "
                        "gene functions through genomic, pangenomic and metabolic "
                        "comparative analysis. Nucleic Acids Research, 2020.",
                        "attribution": "",
                        "source": "Nucleic Acids Research 48(D1)",
                    },
                ),
                (
                    "paragraph",
                    "<p>Earlier articles describe the first versions of the "
                    "platform and its annotation tools.</p>",
                ),
            ],
        },
        "fr": {
            "title": "Publications",
            "intro": "Les articles qui décrivent MicroScope et comment le citer.",
            "body": [
                ("heading", {"text": "Citer MicroScope", "level": "h2"}),
                (
                    "quote",
                    {
                        "text": "Vallenet D. et al. MicroScope: an integrated "
                        "platform for the annotation and exploration of microbial "
                        "gene functions through genomic, pangenomic and metabolic "
                        "comparative analysis. Nucleic Acids Research, 2020.",
                        "attribution": "",
                        "source": "Nucleic Acids Research 48(D1)",
                    },
                ),
                (
                    "paragraph",
                    "<p>Des articles plus anciens décrivent les premières "
                    "versions de la plateforme et de ses outils d’annotation.</p>",
                ),
            ],
        },
    },
]

HOME = {
    "en": {
        "hero": {
            "heading": "Annotate and compare microbial genomes",
            "text": "Expert annotation, comparative genomics and metabolic "
            "networks, with the results of automatic analyses beside you.",
            "sign_up": "Get an account",
        },
        "features": "What MicroScope offers",
        "cards": {
            "documentation": (
                "Documentation",
                "Guides to the genome browser, synteny and pan-genome tools.",
            ),
            "training": ("Training", "Hands-on courses, in French and in English."),
            "publications": ("Publications", "The articles to read and to cite."),
        },
        "latest": "Latest newsletters",
        "news": "News",
        "events": "Events",
        "involved": "Get involved",
        "involved_text": "Open an account, follow the newsletter, and manage "
        "what the platform keeps about you.",
    },
    "fr": {
        "hero": {
            "heading": "Annoter et comparer des génomes microbiens",
            "text": "Annotation experte, génomique comparative et réseaux "
            "métaboliques, avec les résultats des analyses automatiques à côté.",
            "sign_up": "Ouvrir un compte",
        },
        "features": "Ce que propose MicroScope",
        "cards": {
            "documentation": (
                "Documentation",
                "Guides du navigateur de génome, de la synténie et du pangénome.",
            ),
            "training": (
                "Formation",
                "Des formations pratiques, en français et en anglais.",
            ),
            "publications": ("Publications", "Les articles à lire et à citer."),
        },
        "latest": "Dernières lettres d’information",
        "news": "Actualités",
        "events": "Événements",
        "involved": "Participer",
        "involved_text": "Ouvrez un compte, suivez la lettre d’information et "
        "gérez ce que la plateforme conserve sur vous.",
    },
}

NAVIGATION = {
    "en": {
        "tagline": "Microbial genome annotation and analysis platform",
        "sign_up": "Sign up",
        "newsletter": "Newsletter",
        "my_data": "Manage my data",
        "cookies": "Cookie settings",
    },
    "fr": {
        "tagline": "Plateforme d’annotation et d’analyse de génomes microbiens",
        "sign_up": "Inscription",
        "newsletter": "Lettre d’information",
        "my_data": "Gérer mes données",
        "cookies": "Paramètres des cookies",
    },
}

"""The French translation of the seed notice, in the same blocks as ``seed.py``.

The English text is the reference; the French introduction says so. Names
of institutions keep their official French spelling, with accents.
"""

from .en import CNIL_URL, contact_link, dpo_link

NBSP = "\u00a0"
TITLE = "Politique de confidentialité"
INTRO = (
    "Cette traduction est fournie à titre d'information. En cas de divergence "
    "entre les deux textes, seul le texte anglais fait foi."
)
CNIL_NAME = "Commission nationale de l'informatique et des libertés"
DPO_FR = "délégué à la protection des données"


def q(text):
    """French punctuation: no-break spaces before “?” and “:” and inside « »."""
    return (
        text.replace(" ?", f"{NBSP}?")
        .replace(" :", f"{NBSP}:")
        .replace("« ", f"«{NBSP}")
        .replace(" »", f"{NBSP}»")
    )


def typeset(value):
    if isinstance(value, str):
        return q(value)
    if isinstance(value, dict):
        return {key: typeset(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(typeset(item) for item in value)
    return value


def body(contact_page_id):
    contact_us = contact_link(contact_page_id, "nous contacter")
    blocks = [
        (
            "paragraph",
            "<p>MicroScope, placé sous l'autorité juridique du Commissariat à "
            "l'énergie atomique et aux énergies alternatives (« CEA »), collecte "
            "des informations personnelles (« Données personnelles ») qui feront "
            "l'objet d'un traitement informatique conformément au règlement (UE) "
            "2016/679 du Parlement européen et du Conseil. Le CEA a désigné un "
            "délégué à la protection des données, compétent pour traiter toute "
            "question relative à la protection des Données personnelles. Si "
            f"besoin, veuillez écrire au {dpo_link(DPO_FR)}.</p>",
        ),
        ("section_heading", q("Quelles Données personnelles sont collectées ?")),
        (
            "paragraph",
            "<p>Les données personnelles collectées sont les suivantes.</p>",
        ),
        (
            "data_categories",
            {
                "audience": q("Pour tous les visiteurs :"),
                "items": [
                    "Adresse IP",
                    "Date et heure des visites",
                    "Système d'exploitation et agent utilisateur (« user agent ») "
                    "du navigateur",
                ],
            },
        ),
        (
            "data_categories",
            {
                "audience": q("Pour les utilisateurs inscrits :"),
                "items": [
                    "Nom et prénom",
                    "Adresse électronique et affiliation (notamment nom, adresse "
                    "et pays du laboratoire)",
                ],
            },
        ),
        ("section_heading", "Cookies et mesure d'audience"),
        (
            "paragraph",
            "<p>Conformément à la législation de l'Union européenne, nous vous "
            "informons que MicroScope utilise des cookies afin de gérer les "
            "sessions et les préférences des utilisateurs.</p>",
        ),
        (
            "paragraph",
            "<p>MicroScope utilise Google Analytics, un service tiers de mesure "
            "d'audience, pour recueillir des informations sur les performances du "
            "site et sur la manière dont les utilisateurs naviguent sur nos sites "
            "et les utilisent, afin de nous aider à concevoir de meilleures "
            "interfaces. Nous n'utilisons pas Google Analytics pour vous suivre "
            "individuellement ni pour collecter des données personnelles.</p>",
        ),
        ("cookie_table", None),
        (
            "section_heading",
            q(
                "Pourquoi et sur quelle base collectons-nous et/ou traitons-nous "
                "vos Données personnelles ?"
            ),
        ),
        (
            "paragraph",
            "<p>Le traitement de vos données personnelles est nécessaire aux fins "
            "de nos intérêts légitimes : vous fournir des services, améliorer nos "
            "ressources et assurer le fonctionnement quotidien de la plateforme "
            "MicroScope et de l'infrastructure sous-jacente.</p>",
        ),
        (
            "purposes",
            {
                "intro": q(
                    "Vos Données personnelles sont collectées et/ou traitées afin de :"
                ),
                "purposes": [
                    {"purpose": purpose, "lawful_basis": "", "retention": ""}
                    for purpose in (
                        "Donner à l'utilisateur accès au service (notamment la "
                        "fourniture du service et la gestion des droits d'accès)",
                        "Répondre aux questions des utilisateurs",
                        "Informer les utilisateurs des évolutions de la plateforme "
                        "(lettres d'information)",
                        "Établir des statistiques d'utilisation anonymes",
                        "Mener et contrôler les activités de protection des données",
                        "Mener et contrôler les activités de sécurité",
                    )
                ],
            },
        ),
        (
            "section_heading",
            q("Avec qui partageons-nous vos Données personnelles ?"),
        ),
        (
            "paragraph",
            "<p>Vos Données personnelles restent confidentielles et ne sont pas "
            "communiquées à des tiers.</p>",
        ),
        (
            "section_heading",
            q("Combien de temps conservons-nous vos Données personnelles ?"),
        ),
        (
            "paragraph",
            "<p>Vos Données personnelles ne sont pas conservées plus longtemps que "
            "le temps nécessaire à la finalité pour laquelle elles ont été "
            "collectées et/ou traitées, telle que décrite ci-dessus, dans les "
            "limites des dispositions légales, contractuelles, fiscales et "
            "sociales applicables et afin de protéger ses intérêts légitimes.</p>",
        ),
        ("retention_periods", None),
        (
            "section_heading",
            q(
                "Quels sont vos droits en matière de protection des Données "
                "personnelles ?"
            ),
        ),
        (
            "rights",
            {
                "text": "<p>Dans les limites prévues par la réglementation relative "
                "à la protection des données personnelles, notamment les articles "
                "15 à 22 du RGPD, et après justification de votre identité, vous "
                "disposez d'un droit (1) d'accès, (2) de rectification, "
                "(3) d'effacement et/ou (4) de limitation du traitement de tout ou "
                "partie de vos Données personnelles. Lorsque le traitement repose "
                "sur votre consentement, vous avez le droit de retirer ce "
                "consentement à tout moment, sans porter atteinte à la licéité du "
                "traitement fondé sur le consentement effectué avant ce "
                "retrait.</p>",
                "show_self_service": True,
            },
        ),
        (
            "dpo_contact",
            {
                "text": "<p>Si vous souhaitez exercer ce droit et accéder à vos "
                f"Données personnelles, vous pouvez {contact_us} et "
                f"{dpo_link('contacter notre délégué à la protection des données')}"
                ". Toute demande abusive au regard des lois et règlements pourra "
                "être refusée.</p>",
            },
        ),
        (
            "supervisory_authority",
            {
                "name": CNIL_NAME,
                "text": "<p>Vous pouvez introduire une réclamation auprès du "
                f"{dpo_link('délégué à la protection des données')} et, en cas de "
                f"litige non résolu, auprès de la {CNIL_NAME} (« CNIL »), "
                "autorité chargée de veiller au respect de la réglementation sur "
                "la protection des données personnelles en France, directement "
                f'sur <a href="{CNIL_URL}">son site internet</a> ou par courrier '
                f"à l'adresse suivante{NBSP}: {CNIL_NAME}, 3 place de Fontenoy – "
                "TSA 80715, 75334 Paris Cedex 07.</p>",
            },
        ),
    ]
    return typeset(blocks)

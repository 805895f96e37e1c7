"""The privacy notice as it stood on 2018-09-12, as notice blocks.

The source text is kept beside this module (``seed/``). Links that were
placeholders point at live targets: ``#dpo`` at the DPO contact from the site
settings, ``{contact_page}`` at the contact page, and the CNIL's own website.
"""

import datetime
import zoneinfo

FIRST_VERSION_DATE = datetime.date(2018, 9, 12)


def first_version_datetime():
    return datetime.datetime.combine(
        FIRST_VERSION_DATE, datetime.time(12), zoneinfo.ZoneInfo("Europe/Paris")
    )


CNIL_URL = "https://www.cnil.fr/"
FIRST_VERSION_SUMMARY = "First published version of the notice."

TITLE = "Privacy notice"
INTRO = ""


def contact_link(page_id, text):
    return f'<a linktype="page" id="{page_id}">{text}</a>'


def dpo_link(text):
    return f'<a href="#dpo">{text}</a>'


def body(contact_page_id):
    contact_us = contact_link(contact_page_id, "contact us")
    return [
        (
            "paragraph",
            "<p>MicroScope which is under the legal authority of the "
            '"Commissariat a l\'Energie Atomique et aux Energies Alternatives" '
            '("CEA") collects personal information ("Personal Data") that will '
            "be subjected to computer processing in accordance with the "
            "Regulation (EU) 2016/679 of the European Parliament and of the "
            'Council ("Personal Data"). The CEA has designated a Data Protection '
            "Officer who has the authority to deal with all issues related to "
            "the Personal Data protection. If needed, please write to "
            f"{dpo_link('the DPO')}.</p>",
        ),
        ("section_heading", "What Personal Data is collected?"),
        ("paragraph", "<p>The personal data collected is as follows.</p>"),
        (
            "data_categories",
            {
                "audience": "For all visitors:",
                "items": [
                    "IP address",
                    "Date and time of visits",
                    "Operating system and browser user agent",
                ],
            },
        ),
        (
            "data_categories",
            {
                "audience": "For registered users:",
                "items": [
                    "Full name",
                    "Email address and affiliation (including laboratory name, "
                    "address and country)",
                ],
            },
        ),
        ("section_heading", "Cookies and analytics"),
        (
            "paragraph",
            "<p>In accordance with EU's legislation, we inform you that "
            "MicroScope uses cookies in order to manage sessions and user's "
            "preferences.</p>",
        ),
        (
            "paragraph",
            "<p>MicroScope uses Google Analytics as a third-party analytics "
            "service to collect information about website performance and how "
            "users navigate through and use our sites to help us design better "
            "interfaces. We do not use Google Analytics to track you "
            "individually or collect personal data.</p>",
        ),
        ("cookie_table", None),
        (
            "section_heading",
            "Why and under what basis do we collect and/or process your Personal Data?",
        ),
        (
            "paragraph",
            "<p>Processing your personal data is necessary for our legitimate "
            "interests in providing services to you, to help improve our "
            "resources and for the purposes of day-to-day running of the "
            "MicroScope Platform and underlying infrastructure.</p>",
        ),
        (
            "purposes",
            {
                "intro": "Your Personal Data are collected and/or processed in "
                "order to:",
                "purposes": [
                    {"purpose": purpose, "lawful_basis": "", "retention": ""}
                    for purpose in (
                        "Provide the user access to the service (including "
                        "delivery of service and access right management)",
                        "Answer questions from users",
                        "Inform users of the evolution of the platform (newsletters)",
                        "Create anonymous usage statistics",
                        "Conduct and monitor data protection activities",
                        "Conduct and monitor security activities",
                    )
                ],
            },
        ),
        ("section_heading", "With whom do we share your Personal Data?"),
        (
            "paragraph",
            "<p>Your Personal Data will be kept confidential and not handed out "
            "to third parties.</p>",
        ),
        ("section_heading", "How long do we save your Personal Data?"),
        (
            "paragraph",
            "<p>Your Personal Data is stored for no longer than the time "
            "required for the purpose for which it was collected and/or "
            "processed as previously described within the limits of the "
            "applicable legal and contractual, tax and social provisions and "
            "to protect its lawful interests.</p>",
        ),
        ("retention_periods", None),
        ("section_heading", "What are your Personal Data protection rights?"),
        (
            "rights",
            {
                "text": "<p>Within the limits set forth by the Personal Data "
                "Protection Regulation, especially articles 15 to 22 of the GDPR, "
                "after establishing your identity, you have the right to "
                "(1) access, (2) correct, (3) delete and/or (4) limit any or all "
                "your Personal Data. Where processing is based on your consent, "
                "you have the right to withdraw this consent at any time without "
                "affecting the lawfulness of processing based on consent before "
                "its withdrawal.</p>",
                "show_self_service": True,
            },
        ),
        (
            "dpo_contact",
            {
                "text": "<p>If you wish to exercise this right and gain access to "
                f"your Personal Data, you can {contact_us} and "
                f"{dpo_link('contact our Data Protection Officer')}. Any abusive "
                "request with respect to laws and regulations may be refused.</p>",
            },
        ),
        (
            "supervisory_authority",
            {
                "name": "Commission Nationale de l'Informatique et des Libertes",
                "text": "<p>Please note that you may raise an objection before "
                f"{dpo_link('the Data Protection Officer')} and, in the event of "
                'unsolved litigation, before the "Commission Nationale '
                'd\'Informatique et des Libertes" ("CNIL"), which is the '
                "regulatory body in charge of the personal data protection "
                "Regulation enforcement in France, directly by "
                f'<a href="{CNIL_URL}">their website</a> or by mail at the '
                "following address : Commission Nationale de l'Informatique et "
                "des Libertes, 3 Place de Fontenoy - TSA 80715, 75334 PARIS "
                "CEDEX 07.</p>",
            },
        ),
    ]

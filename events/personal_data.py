"""The contact an event page publishes, as personal data.

Registered by ``EventsConfig.ready``. An event's contact is a name and a
work address that an editor chose to publish with the event; it is no
registered user's record, so erasure does not look for it.
"""

from home import personal_data


def register():
    personal_data.register(
        "events.EventPage",
        "Event contacts (name and work email published with an event)",
        kept="as long as the event page, which editors delete or edit",
        erasure="an editor removes the contact from the event page",
    )

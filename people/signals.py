"""What ``people`` announces about a person to the apps built on it.

``people`` never imports the apps that react (the newsletter, for one); they
connect to these signals. Both are sent inside the database transaction that
made the change, so a receiver can write its own outbox row atomically with
it, and must never call the network itself.
"""

from django.dispatch import Signal

# A person's record or consents changed.
# kwargs: person (Person), changes (set of field names or change names such as
# "newsletter_consent", "processing_restricted", "email", "profile"),
# previous_email (str or None, set when the email changed), source (str:
# "self-service", "admin", "import", "mailchimp", ...).
person_changed = Signal()

# A person is about to be erased (sent before the rows go, inside the erasure
# transaction). kwargs: person, source.
person_erased = Signal()

"""What the personal-data domain announces to the rest of the site.

``privacy`` never imports the apps that react (the newsletter, for one); they
connect to these signals. Signals about registered users are sent inside the
database transaction that made the change, so a receiver can write its own
outbox row atomically with it, and must never call the network itself.
"""

from django.dispatch import Signal

# A registered user's record or consents changed.
# kwargs: person (RegisteredUser), changes (set of field names or change
# names such as "newsletter_consent", "processing_restricted", "email",
# "profile"), previous_email (str or None, set when the email changed),
# source (str: "self-service", "admin", "import", "mailchimp", ...).
registered_user_changed = Signal()

# A registered user is about to be erased (sent before the rows go, inside the
# erasure transaction). kwargs: person, source.
registered_user_erased = Signal()

# A new version of the privacy notice was published.
# kwargs: version (NoticeVersion), material (bool).
notice_published = Signal()

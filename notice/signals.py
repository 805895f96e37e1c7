"""What the notice announces to the apps built on it.

``notice`` never imports the apps that react (consent, the newsletter); they
connect to this signal in their ``AppConfig.ready``.
"""

from django.dispatch import Signal

# A new version of the privacy notice was published, inside the publishing
# transaction. kwargs: version (NoticeVersion), material (bool).
notice_published = Signal()

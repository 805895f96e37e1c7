"""The one way this site talks to Mailchimp: a wrapper around mailchimp3.

mailchimp3 opens a new connection per call, waits forever unless told
otherwise and logs request bodies (email addresses) at INFO. The client here
reuses one HTTP session, puts a timeout on every call, retries what can be
retried with exponential backoff and says whether a failure is permanent.
Nothing personal is logged: only the method, the kind of resource and the
status.
"""

import hashlib
import io
import json
import logging
import random
import re
import tarfile
import tempfile
import threading
import time
from urllib.parse import urljoin

import requests
from django.conf import settings
from mailchimp3 import MailChimp
from mailchimp3.mailchimpclient import MailChimpError

logger = logging.getLogger(__name__)

# mailchimp3 logs whole request bodies at INFO; the session below bypasses
# that code path, and the logger is silenced in case another path uses it.
logging.getLogger("mailchimp3.client").setLevel(logging.WARNING)

EMAIL_RE = re.compile(r"[^\s@<>\"']+@[^\s@<>\"']+")


def subscriber_hash(email):
    """Mailchimp's member id: the MD5 of the lower-cased address."""
    return hashlib.md5(
        email.strip().lower().encode(), usedforsecurity=False
    ).hexdigest()


def redact(text):
    """Mailchimp's error details quote the address; keep them out of records."""
    return EMAIL_RE.sub("[address]", text or "")


def option(name, default):
    return getattr(settings, "NEWSLETTER", {}).get(name, default)


class MailchimpError(Exception):
    """A call failed. ``transient`` failures may succeed if tried again."""

    def __init__(self, message, *, status=None, title="", detail="", transient):
        super().__init__(message)
        self.status = status
        self.title = title
        self.detail = redact(detail)
        self.transient = transient

    @property
    def is_not_found(self):
        return self.status == 404

    def __str__(self):
        if self.title:
            text = f"{self.status} {self.title}"
            return f"{text}: {self.detail}" if self.detail else text
        return self.args[0]


class NotConfigured(Exception):
    pass


class _Client(MailChimp):
    """mailchimp3 on a shared ``requests.Session`` (keep-alive, one pool)."""

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session

    def _make_request(self, **kwargs):
        return self.session.request(**kwargs)


def _resource(path):
    """ "PUT lists/x/members/abc" -> "members": what a log line may say."""
    parts = [p for p in path.split("/") if p and not re.fullmatch(r"[0-9a-f]{6,}", p)]
    return "/".join(p for p in parts if p not in {"3.0"})[:60]


class Gateway:
    """Calls to one Mailchimp account and audience.

    Thread-safe: several threads may share one gateway (the connection pool
    is sized for Mailchimp's limit of ten simultaneous connections).
    """

    def __init__(
        self,
        *,
        api_key=None,
        audience_id=None,
        api_root=None,
        timeout=None,
        retries=None,
        backoff=None,
    ):
        self.api_key = api_key if api_key is not None else settings.MAILCHIMP_API_KEY
        self.audience_id = (
            audience_id if audience_id is not None else settings.MAILCHIMP_AUDIENCE_ID
        )
        if not self.api_key:
            raise NotConfigured("MAILCHIMP_API_KEY is not set.")
        self.timeout = timeout if timeout is not None else option("TIMEOUT", 10)
        self.retries = retries if retries is not None else option("RETRIES", 4)
        self.backoff = backoff if backoff is not None else option("BACKOFF", 0.5)
        self.max_backoff = option("MAX_BACKOFF", 30)
        self.session = requests.Session()
        adapter = requests.adapters.HTTPAdapter(pool_connections=1, pool_maxsize=10)
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        self.client = _Client(
            mc_api=self.api_key, timeout=self.timeout, session=self.session
        )
        root = api_root if api_root is not None else settings.MAILCHIMP_API_ROOT
        if root:
            self.client.base_url = root if root.endswith("/") else root + "/"
        self.calls = 0
        self._calls_lock = threading.Lock()

    @classmethod
    def is_configured(cls):
        return bool(settings.MAILCHIMP_API_KEY and settings.MAILCHIMP_AUDIENCE_ID)

    def close(self):
        self.session.close()

    # -- the retry loop ----------------------------------------------------------
    def call(self, method, path, fn, *args, idempotent=True, **kwargs):
        """Run ``fn`` with retries; raise MailchimpError when it cannot succeed.

        Calls that are not idempotent (sending a campaign, creating one) are
        retried only when the request surely did not reach Mailchimp: refused
        connections and 429 answers. A timeout might hide a success.
        """
        attempt = 0
        while True:
            attempt += 1
            with self._calls_lock:
                self.calls += 1
            try:
                return fn(*args, **kwargs)
            except MailChimpError as exc:
                error = self._from_api_error(exc)
                retry = error.transient and (idempotent or error.status == 429)
            except (KeyError, ValueError) as exc:
                # mailchimp3 validates some bodies itself before sending.
                raise MailchimpError(
                    f"Invalid request: {redact(str(exc))}", transient=False
                ) from exc
            except requests.RequestException as exc:
                error = MailchimpError(
                    f"Mailchimp could not be reached ({type(exc).__name__}).",
                    transient=True,
                )
                retry = idempotent or _surely_not_sent(exc)
                error.__cause__ = exc
            logger.warning(
                "Mailchimp %s %s failed (attempt %d of %d): %s",
                method,
                _resource(path),
                attempt,
                self.retries + 1,
                error.status or "network error",
            )
            if not retry or attempt > self.retries:
                raise error
            delay = min(self.max_backoff, self.backoff * 2 ** (attempt - 1))
            time.sleep(delay * (0.5 + random.random() / 2))  # noqa: S311 - jitter

    @staticmethod
    def _from_api_error(exc):
        data = exc.args[0] if exc.args and isinstance(exc.args[0], dict) else {}
        response = data.get("response")
        status = data.get("status") or getattr(response, "status_code", None)
        try:
            status = int(status)
        except (TypeError, ValueError):
            status = None
        transient = status is None or status == 429 or status >= 500
        return MailchimpError(
            data.get("title") or "Mailchimp error",
            status=status,
            title=data.get("title", ""),
            detail=data.get("detail", ""),
            transient=transient,
        )

    # -- members ---------------------------------------------------------------
    def ping(self):
        return self.call("GET", "ping", self.client.ping.get)

    def upsert_member(self, member_hash, *, email, status, merge_fields):
        body = {
            "email_address": email,
            "status_if_new": status,
            "status": status,
            "merge_fields": merge_fields,
        }
        return self.call(
            "PUT",
            "members",
            self.client.lists.members.create_or_update,
            self.audience_id,
            member_hash,
            body,
        )

    def update_member(self, member_hash, body):
        return self.call(
            "PATCH",
            "members",
            self.client.lists.members.update,
            self.audience_id,
            member_hash,
            body,
        )

    def get_member(self, member_hash):
        return self.call(
            "GET",
            "members",
            self.client.lists.members.get,
            self.audience_id,
            member_hash,
        )

    def delete_member_permanently(self, member_hash):
        return self.call(
            "POST",
            "members/delete-permanent",
            self.client.lists.members.delete_permanent,
            self.audience_id,
            member_hash,
        )

    def iter_member_pages(self, page_size=1000):
        """Yield the audience one page (a list of members) at a time."""
        fields = (
            "members.id,members.email_address,members.status,"
            "members.merge_fields,total_items"
        )
        offset = 0
        while True:
            page = self.call(
                "GET",
                "members",
                self.client.lists.members.all,
                self.audience_id,
                count=page_size,
                offset=offset,
                fields=fields,
            )
            members = page.get("members", [])
            if members:
                yield members
            offset += len(members)
            if not members or offset >= page.get("total_items", 0):
                return

    # -- audiences and segments -------------------------------------------------
    def _all_pages(self, key, fn, *args, page_size=1000, **query):
        offset = 0
        items = []
        while True:
            page = self.call(
                "GET", key, fn, *args, count=page_size, offset=offset, **query
            )
            batch = page.get(key, [])
            items.extend(batch)
            offset += len(batch)
            if not batch or offset >= page.get("total_items", 0):
                return items

    def audiences(self):
        return self._all_pages("lists", self.client.lists.all)

    def segments(self, audience_id, segment_type=None):
        query = {"type": segment_type} if segment_type else {}
        return self._all_pages(
            "segments", self.client.lists.segments.all, audience_id, **query
        )

    # -- batch operations ----------------------------------------------------------
    def start_batch(self, operations):
        return self.call(
            "POST",
            "batches",
            self.client.batches.create,
            {"operations": operations},
            idempotent=False,
        )

    def wait_for_batch(self, batch_id, poll=None, max_poll=None):
        poll = poll if poll is not None else option("BATCH_POLL", 1.0)
        max_poll = max_poll if max_poll is not None else option("BATCH_MAX_POLL", 10.0)
        while True:
            batch = self.call("GET", "batches", self.client.batches.get, batch_id)
            if batch.get("status") == "finished":
                return batch
            time.sleep(poll)
            poll = min(max_poll, poll * 1.5)

    def iter_batch_results(self, batch):
        """Yield each operation's result from the finished batch's archive.

        The archive is streamed to a temporary file, then read one JSON file
        at a time, so a batch of many operations never sits whole in memory.
        """
        url = batch.get("response_body_url")
        if not url:
            return
        with tempfile.TemporaryFile() as spool:
            self._download(url, spool)
            spool.seek(0)
            with tarfile.open(fileobj=spool, mode="r:gz") as archive:
                for info in archive:
                    if not info.isfile() or not info.name.endswith(".json"):
                        continue
                    with archive.extractfile(info) as handle:
                        results = json.load(io.TextIOWrapper(handle, "utf-8"))
                    yield from results

    def _download(self, url, target):
        attempt = 0
        while True:
            attempt += 1
            with self._calls_lock:
                self.calls += 1
            try:
                with self.session.get(url, stream=True, timeout=self.timeout) as r:
                    r.raise_for_status()
                    for chunk in r.iter_content(chunk_size=1 << 16):
                        target.write(chunk)
                return
            except requests.RequestException as exc:
                if attempt > self.retries:
                    raise MailchimpError(
                        "The batch results could not be downloaded.", transient=True
                    ) from exc
                target.seek(0)
                target.truncate()
                time.sleep(min(self.max_backoff, self.backoff * 2 ** (attempt - 1)))

    # -- campaigns ---------------------------------------------------------------
    def create_campaign(self, body):
        return self.call(
            "POST", "campaigns", self.client.campaigns.create, body, idempotent=False
        )

    def update_campaign(self, campaign_id, body):
        return self.call(
            "PATCH", "campaigns", self.client.campaigns.update, campaign_id, body
        )

    def delete_campaign(self, campaign_id):
        return self.call(
            "DELETE", "campaigns", self.client.campaigns.delete, campaign_id
        )

    def get_campaign(self, campaign_id):
        return self.call("GET", "campaigns", self.client.campaigns.get, campaign_id)

    def set_campaign_content(self, campaign_id, *, html, plain_text):
        return self.call(
            "PUT",
            "campaigns/content",
            self.client.campaigns.content.update,
            campaign_id,
            {"html": html, "plain_text": plain_text},
        )

    def send_test(self, campaign_id, emails):
        return self.call(
            "POST",
            "campaigns/test",
            self.client.campaigns.actions.test,
            campaign_id,
            {"test_emails": list(emails), "send_type": "html"},
            idempotent=False,
        )

    def send_campaign(self, campaign_id):
        return self.call(
            "POST",
            "campaigns/send",
            self.client.campaigns.actions.send,
            campaign_id,
            idempotent=False,
        )

    def schedule_campaign(self, campaign_id, schedule_time_utc):
        """``schedule_time_utc``: an aware datetime in UTC on a quarter hour."""
        return self.call(
            "POST",
            "campaigns/schedule",
            self.client.campaigns.actions.schedule,
            campaign_id,
            {"schedule_time": schedule_time_utc},
            idempotent=False,
        )

    def unschedule_campaign(self, campaign_id):
        return self.call(
            "POST",
            "campaigns/unschedule",
            self.client.campaigns.actions.unschedule,
            campaign_id,
        )

    def campaign_report(self, campaign_id):
        return self.call("GET", "reports", self.client.reports.get, campaign_id)

    def url(self, path):
        return urljoin(self.client.base_url, path)


def _surely_not_sent(exc):
    """Whether a network error happened before the request left this machine."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    if isinstance(exc, requests.ConnectionError):
        reason = getattr(exc.args[0], "reason", None) if exc.args else None
        return type(reason).__name__ in {"NewConnectionError", "NameResolutionError"}
    return False

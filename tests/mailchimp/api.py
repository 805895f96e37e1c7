"""The state and the routes of a fake Mailchimp Marketing API v3.

Only what the site uses, with Mailchimp's semantics: members keyed by the
MD5 of the lower-cased address, the compliance state of unsubscribed and
cleaned members, permanently deleted ("forgotten") addresses that cannot
come back, batch operations whose results are a tar.gz of JSON files, and
campaigns that can be sent once. ``route`` is a plain function so that the
batch endpoint runs its operations through the very same code as HTTP.
"""

import hashlib
import io
import json
import re
import tarfile
import threading
import uuid
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

MEMBER_STATUSES = {"subscribed", "unsubscribed", "cleaned", "pending", "transactional"}
ERROR_TYPE = "https://mailchimp.com/developer/marketing/docs/errors/"


def subscriber_hash(email):
    return hashlib.md5(email.lower().encode(), usedforsecurity=False).hexdigest()


def now_iso():
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class ApiError(Exception):
    def __init__(self, status, title, detail=""):
        super().__init__(title)
        self.status, self.title, self.detail = status, title, detail

    def payload(self):
        return {
            "type": ERROR_TYPE,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            "instance": str(uuid.uuid4()),
        }


class Audience:
    def __init__(self, list_id, name):
        self.id = list_id
        self.name = name
        self.members = {}
        self.forgotten = set()
        self.segments = []
        # How many times each address was created: "none twice" is checkable.
        self.creations = {}

    def member_count(self):
        return sum(1 for m in self.members.values() if m["status"] == "subscribed")

    def as_json(self):
        return {
            "id": self.id,
            "name": self.name,
            "stats": {"member_count": self.member_count()},
        }


class FakeMailchimp:
    """Everything the fake server holds; safe to use from many threads."""

    def __init__(self, base_url="", list_ids=("list0001",)):
        self.lock = threading.RLock()
        self.base_url = base_url
        self.audiences = {}
        for index, list_id in enumerate(list_ids):
            self.add_audience(list_id, f"Audience {index + 1}")
        self.campaigns = {}
        self.batches = {}
        self.batch_files = {}
        self.test_emails = []
        # The body of every campaign create and update, as received.
        self.campaign_payloads = []
        self.sends = []
        # (method, path) of every HTTP request; batch operations are not calls.
        self.calls = []

    # -- helpers for tests -------------------------------------------------
    def add_audience(self, list_id, name, segments=0):
        audience = Audience(list_id, name)
        audience.segments = [
            {"id": 1000 + i, "name": f"Segment {i + 1}", "member_count": i}
            | {"type": "saved"}
            for i in range(segments)
        ]
        self.audiences[list_id] = audience
        return audience

    def audience(self, list_id=None):
        if list_id is None:
            return next(iter(self.audiences.values()))
        return self.audiences[list_id]

    def member(self, email, list_id=None):
        return self.audience(list_id).members.get(subscriber_hash(email))

    def set_member(self, email, status, list_id=None, **merge_fields):
        """Put a member straight into the audience (drift made on Mailchimp's side)."""
        audience = self.audience(list_id)
        with self.lock:
            member = self._new_member(email, status, merge_fields)
            audience.members[member["id"]] = member
            return member

    def call_count(self, method=None, contains=""):
        return sum(
            1
            for m, p in self.calls
            if (method is None or m == method) and contains in p
        )

    # -- routing -------------------------------------------------------------
    def route(self, method, url, body):
        parts = urlsplit(url)
        path = parts.path
        if path.startswith("/3.0"):
            path = path[4:]
        path = path.rstrip("/") or "/"
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        for pattern, handler_method, handler in ROUTES:
            match = re.fullmatch(pattern, path)
            if match and method == handler_method:
                return handler(self, query, body, *match.groups())
        raise ApiError(404, "Resource Not Found", f"{method} {path} is not a route.")

    # -- members -----------------------------------------------------------
    def _audience_or_404(self, list_id):
        try:
            return self.audiences[list_id]
        except KeyError:
            raise ApiError(
                404, "Resource Not Found", "The requested resource could not be found."
            ) from None

    def _new_member(self, email, status, merge_fields):
        return {
            "id": subscriber_hash(email),
            "email_address": email,
            "unique_email_id": uuid.uuid4().hex[:10],
            "status": status,
            "merge_fields": dict(merge_fields or {}),
            "last_changed": now_iso(),
        }

    @staticmethod
    def _check_status_change(member, new_status):
        if new_status == "subscribed" and member["status"] in {
            "unsubscribed",
            "cleaned",
        }:
            raise ApiError(
                400,
                "Member In Compliance State",
                f"{member['email_address']} is already a list member in compliance "
                "state due to unsubscribe, bounce, or compliance review and cannot "
                "be subscribed.",
            )

    def _update_member(self, audience, member, body):
        new_email = body.get("email_address")
        if new_email and subscriber_hash(new_email) != member["id"]:
            new_hash = subscriber_hash(new_email)
            if new_hash in audience.members:
                raise ApiError(
                    400, "Member Exists", f"{new_email} is already a list member."
                )
            del audience.members[member["id"]]
            member["id"] = new_hash
            member["email_address"] = new_email
            audience.members[new_hash] = member
        status = body.get("status")
        if status:
            if status not in MEMBER_STATUSES:
                raise ApiError(400, "Invalid Resource", "The status is not valid.")
            self._check_status_change(member, status)
            member["status"] = status
        if "merge_fields" in body:
            member["merge_fields"].update(body["merge_fields"])
        member["last_changed"] = now_iso()
        return member

    def put_member(self, query, body, list_id, member_hash):
        audience = self._audience_or_404(list_id)
        with self.lock:
            member = audience.members.get(member_hash)
            if member is not None and member["status"] != "archived":
                return 200, self._update_member(audience, member, body)
            email = body.get("email_address", "")
            if "@" not in email or email.startswith("@") or email.endswith("@"):
                raise ApiError(
                    400,
                    "Invalid Resource",
                    "Please provide a valid email address.",
                )
            if subscriber_hash(email) != member_hash:
                raise ApiError(
                    400,
                    "Invalid Resource",
                    "The subscriber hash does not match the email address.",
                )
            if member_hash in audience.forgotten:
                raise ApiError(
                    400,
                    "Forgotten Email Not Subscribed",
                    f"{email} was permanently deleted and cannot be re-imported. "
                    "The contact must re-subscribe to get back on the list.",
                )
            status = body.get("status_if_new") if member is None else None
            status = status or body.get("status")
            if status not in MEMBER_STATUSES:
                raise ApiError(
                    400,
                    "Invalid Resource",
                    "The resource submitted could not be validated.",
                )
            member = self._new_member(email, status, body.get("merge_fields"))
            audience.members[member_hash] = member
            audience.creations[member_hash] = audience.creations.get(member_hash, 0) + 1
            return 200, member

    def patch_member(self, query, body, list_id, member_hash):
        audience = self._audience_or_404(list_id)
        with self.lock:
            member = audience.members.get(member_hash)
            if member is None:
                raise not_found()
            return 200, self._update_member(audience, member, body)

    def get_member(self, query, body, list_id, member_hash):
        audience = self._audience_or_404(list_id)
        member = audience.members.get(member_hash)
        if member is None:
            raise not_found()
        return 200, member

    def archive_member(self, query, body, list_id, member_hash):
        audience = self._audience_or_404(list_id)
        with self.lock:
            member = audience.members.get(member_hash)
            if member is None:
                raise not_found()
            member["status"] = "archived"
        return 204, None

    def delete_permanent(self, query, body, list_id, member_hash):
        audience = self._audience_or_404(list_id)
        with self.lock:
            if audience.members.pop(member_hash, None) is None:
                raise not_found()
            audience.forgotten.add(member_hash)
        return 204, None

    def list_members(self, query, body, list_id):
        audience = self._audience_or_404(list_id)
        count = min(int(query.get("count", 10)), 1000)
        offset = int(query.get("offset", 0))
        with self.lock:
            members = [
                m
                for m in audience.members.values()
                if m["status"] != "archived"
                and query.get("status") in (None, m["status"])
            ]
        page = members[offset : offset + count]
        return 200, {
            "members": filter_fields(page, query.get("fields"), "members"),
            "list_id": list_id,
            "total_items": len(members),
        }

    # -- audiences and segments -------------------------------------------------
    def list_audiences(self, query, body):
        count = min(int(query.get("count", 10)), 1000)
        offset = int(query.get("offset", 0))
        items = list(self.audiences.values())
        return 200, {
            "lists": [a.as_json() for a in items[offset : offset + count]],
            "total_items": len(items),
        }

    def get_audience(self, query, body, list_id):
        return 200, self._audience_or_404(list_id).as_json()

    def list_segments(self, query, body, list_id):
        audience = self._audience_or_404(list_id)
        count = min(int(query.get("count", 10)), 1000)
        offset = int(query.get("offset", 0))
        segments = [
            s for s in audience.segments if query.get("type") in (None, s["type"])
        ]
        return 200, {
            "segments": segments[offset : offset + count],
            "total_items": len(segments),
        }

    # -- batches -------------------------------------------------------------
    def create_batch(self, query, body):
        operations = body.get("operations") or []
        batch_id = uuid.uuid4().hex[:10]
        batch = {
            "id": batch_id,
            "status": "started",
            "total_operations": len(operations),
            "finished_operations": 0,
            "errored_operations": 0,
            "submitted_at": now_iso(),
            "completed_at": "",
            "response_body_url": "",
        }
        self.batches[batch_id] = batch
        threading.Thread(
            target=self._run_batch, args=(batch, operations), daemon=True
        ).start()
        return 200, dict(batch)

    def _run_batch(self, batch, operations):
        results = []
        errored = 0
        for op in operations:
            url = op["path"]
            if op.get("params"):
                url += "?" + "&".join(f"{k}={v}" for k, v in op["params"].items())
            op_body = json.loads(op["body"]) if op.get("body") else {}
            try:
                status, payload = self.route(op["method"], url, op_body)
            except ApiError as error:
                status, payload = error.status, error.payload()
                errored += 1
            results.append(
                {
                    "status_code": status,
                    "operation_id": op.get("operation_id"),
                    "response": json.dumps(payload) if payload is not None else "",
                }
            )
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
            for index in range(0, len(results), 5000):
                data = json.dumps(results[index : index + 5000]).encode()
                info = tarfile.TarInfo(f"{batch['id']}/{index // 5000}.json")
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
        name = f"{batch['id']}.tar.gz"
        self.batch_files[name] = buffer.getvalue()
        batch.update(
            status="finished",
            finished_operations=len(operations),
            errored_operations=errored,
            completed_at=now_iso(),
            response_body_url=f"{self.base_url}/_batch-results/{name}",
        )

    def get_batch(self, query, body, batch_id):
        try:
            return 200, dict(self.batches[batch_id])
        except KeyError:
            raise ApiError(404, "Resource Not Found", "No such batch.") from None

    # -- campaigns -----------------------------------------------------------
    def _campaign_or_404(self, campaign_id):
        try:
            return self.campaigns[campaign_id]
        except KeyError:
            raise not_found() from None

    def create_campaign(self, query, body):
        self.campaign_payloads.append(("POST", body))
        recipients = body.get("recipients") or {}
        if recipients.get("list_id"):
            self._audience_or_404(recipients["list_id"])
        campaign_id = uuid.uuid4().hex[:10]
        campaign = {
            "id": campaign_id,
            "web_id": len(self.campaigns) + 1000,
            "type": body.get("type", "regular"),
            "status": "save",
            "recipients": recipients,
            "settings": body.get("settings", {}),
            # Mailchimp tracks opens and clicks unless the campaign says not to.
            "tracking": DEFAULT_TRACKING | tracking_of(body),
            "send_time": "",
            "html": "",
            "plain_text": "",
        }
        self.campaigns[campaign_id] = campaign
        return 200, public_campaign(campaign)

    def get_campaign(self, query, body, campaign_id):
        return 200, public_campaign(self._campaign_or_404(campaign_id))

    def update_campaign(self, query, body, campaign_id):
        self.campaign_payloads.append(("PATCH", body))
        campaign = self._campaign_or_404(campaign_id)
        if campaign["status"] != "save":
            raise ApiError(400, "Bad Request", "The campaign was sent or scheduled.")
        campaign["settings"].update(body.get("settings", {}))
        campaign["tracking"].update(tracking_of(body))
        if "recipients" in body:
            campaign["recipients"] = body["recipients"]
        return 200, public_campaign(campaign)

    def delete_campaign(self, query, body, campaign_id):
        self._campaign_or_404(campaign_id)
        del self.campaigns[campaign_id]
        return 204, None

    def set_content(self, query, body, campaign_id):
        campaign = self._campaign_or_404(campaign_id)
        if campaign["status"] != "save":
            raise ApiError(400, "Bad Request", "The campaign was already sent.")
        campaign["html"] = body.get("html", "")
        campaign["plain_text"] = body.get("plain_text", "")
        return 200, {"html": campaign["html"], "plain_text": campaign["plain_text"]}

    def _check_ready(self, campaign):
        if not campaign["html"] or not campaign["recipients"].get("list_id"):
            raise ApiError(
                400,
                "Bad Request",
                "Your Campaign is not ready to send.",
            )

    def test_campaign(self, query, body, campaign_id):
        campaign = self._campaign_or_404(campaign_id)
        self._check_ready(campaign)
        self.test_emails.append((campaign_id, list(body.get("test_emails", []))))
        return 204, None

    def send_campaign(self, query, body, campaign_id):
        campaign = self._campaign_or_404(campaign_id)
        with self.lock:
            if campaign["status"] in {"sending", "sent"}:
                raise ApiError(
                    400,
                    "Bad Request",
                    "This campaign cannot be sent because it has already been sent.",
                )
            self._check_ready(campaign)
            campaign["status"] = "sent"
            campaign["send_time"] = now_iso()
            self.sends.append(campaign_id)
        return 204, None

    def schedule_campaign(self, query, body, campaign_id):
        campaign = self._campaign_or_404(campaign_id)
        self._check_ready(campaign)
        when = body.get("schedule_time", "")
        if not re.search(r"T\d\d:(00|15|30|45)", when):
            raise ApiError(400, "Invalid Resource", "Schedule on the quarter-hour.")
        campaign["status"] = "schedule"
        campaign["send_time"] = when
        return 204, None

    def unschedule_campaign(self, query, body, campaign_id):
        campaign = self._campaign_or_404(campaign_id)
        if campaign["status"] != "schedule":
            raise ApiError(400, "Bad Request", "This campaign is not scheduled.")
        campaign["status"] = "save"
        campaign["send_time"] = ""
        return 204, None

    def report(self, query, body, campaign_id):
        campaign = self._campaign_or_404(campaign_id)
        if campaign["status"] != "sent":
            raise ApiError(404, "Resource Not Found", "The campaign has no report yet.")
        list_id = campaign["recipients"].get("list_id")
        audience = self.audiences.get(list_id)
        sent = audience.member_count() if audience else 0
        return 200, {
            "id": campaign_id,
            "emails_sent": sent,
            "send_time": campaign["send_time"],
            "bounces": {"hard_bounces": 0, "soft_bounces": 0, "syntax_errors": 0},
            "opens": {"unique_opens": 0},
            "clicks": {"unique_clicks": 0},
        }

    def ping(self, query, body):
        return 200, {"health_status": "Everything's Chimpy!"}


DEFAULT_TRACKING = {"opens": True, "html_clicks": True, "text_clicks": True}


def tracking_of(body):
    tracking = body.get("tracking") or {}
    unknown = (
        set(tracking)
        - set(DEFAULT_TRACKING)
        - {
            "goal_tracking",
            "ecomm360",
            "google_analytics",
            "clicktale",
        }
    )
    if unknown:
        raise ApiError(400, "Invalid Resource", f"Unknown tracking: {sorted(unknown)}")
    if any(not isinstance(value, bool) for value in tracking.values()):
        raise ApiError(400, "Invalid Resource", "Tracking options are booleans.")
    return {k: v for k, v in tracking.items() if k in DEFAULT_TRACKING}


def not_found():
    return ApiError(
        404, "Resource Not Found", "The requested resource could not be found."
    )


def public_campaign(campaign):
    return {k: v for k, v in campaign.items() if k not in {"html", "plain_text"}}


def filter_fields(items, fields, prefix):
    """Mailchimp's ``fields`` query parameter: keep only the named fields."""
    if not fields:
        return items
    wanted = [
        f[len(prefix) + 1 :] for f in fields.split(",") if f.startswith(prefix + ".")
    ]
    if not wanted:
        return items
    return [{k: item[k] for k in wanted if k in item} for item in items]


ID = r"([^/]+)"
ROUTES = [
    (r"/ping", "GET", FakeMailchimp.ping),
    (r"/lists", "GET", FakeMailchimp.list_audiences),
    (rf"/lists/{ID}", "GET", FakeMailchimp.get_audience),
    (rf"/lists/{ID}/members", "GET", FakeMailchimp.list_members),
    (rf"/lists/{ID}/members/{ID}", "GET", FakeMailchimp.get_member),
    (rf"/lists/{ID}/members/{ID}", "PUT", FakeMailchimp.put_member),
    (rf"/lists/{ID}/members/{ID}", "PATCH", FakeMailchimp.patch_member),
    (rf"/lists/{ID}/members/{ID}", "DELETE", FakeMailchimp.archive_member),
    (
        rf"/lists/{ID}/members/{ID}/actions/delete-permanent",
        "POST",
        FakeMailchimp.delete_permanent,
    ),
    (rf"/lists/{ID}/segments", "GET", FakeMailchimp.list_segments),
    (r"/batches", "POST", FakeMailchimp.create_batch),
    (rf"/batches/{ID}", "GET", FakeMailchimp.get_batch),
    (r"/campaigns", "POST", FakeMailchimp.create_campaign),
    (rf"/campaigns/{ID}", "GET", FakeMailchimp.get_campaign),
    (rf"/campaigns/{ID}", "PATCH", FakeMailchimp.update_campaign),
    (rf"/campaigns/{ID}", "DELETE", FakeMailchimp.delete_campaign),
    (rf"/campaigns/{ID}/content", "PUT", FakeMailchimp.set_content),
    (rf"/campaigns/{ID}/actions/test", "POST", FakeMailchimp.test_campaign),
    (rf"/campaigns/{ID}/actions/send", "POST", FakeMailchimp.send_campaign),
    (rf"/campaigns/{ID}/actions/schedule", "POST", FakeMailchimp.schedule_campaign),
    (
        rf"/campaigns/{ID}/actions/unschedule",
        "POST",
        FakeMailchimp.unschedule_campaign,
    ),
    (rf"/reports/{ID}", "GET", FakeMailchimp.report),
]

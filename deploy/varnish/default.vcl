# Varnish 7.1 (Debian's varnish package) in front of the site's gunicorn.
#
# Public pages are the same bytes for every visitor (no CSP nonce, the cookie
# banner opened by script), so they are cached whatever the analytics and
# consent cookies say: those cookies are read only by the page's scripts. A
# request that carries something personal (a session, a CSRF token, a pending
# message) or changes something (POST...) goes to the site untouched, and a
# response marked private, no-store or setting a cookie is never kept.
#
# The site purges what it publishes (home/proxy.py, FRONTEND_CACHE_URL): PURGE
# drops one address, BAN drops everything; both from this machine only.
# `make serve-proxy` starts varnishd with this file; see the README.
vcl 4.1;

# The site; `make serve-proxy` (scripts/serve-proxy.sh) writes the port of BIND here.
backend default {
    .host = "127.0.0.1";
    .port = "8000";
    .connect_timeout = 2s;
    .first_byte_timeout = 60s;
}

acl purgers {
    "localhost";
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed."));
        }
        # By path, whatever the host: the address the site computes for a page
        # (its Wagtail Site's hostname) need not be the Host visitors send.
        ban("obj.http.x-url == " + req.url);
        return (synth(200, "Purged."));
    }
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed."));
        }
        ban("obj.status != 0");
        return (synth(200, "Banned."));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # Something made for one visitor: the session (staff, "Manage my data"), a
    # form's CSRF token, a message waiting to be shown.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken|messages)=") {
        return (pass);
    }
    # Every other cookie (cookie_consent, _ga, _ga_<id>, anything unknown) is
    # read only by the browser's scripts: leave it out of the request, so that
    # every visitor shares one cached copy.
    unset req.http.Cookie;
    # Campaign parameters change nothing in a page.
    set req.url = regsuball(req.url, "([?&])(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid)=[^&]*&?", "\1");
    set req.url = regsub(req.url, "[?&]+$", "");
    return (hash);
}

sub vcl_backend_response {
    # Kept on the object so that PURGE and BAN can find it (see vcl_recv).
    set beresp.http.x-url = bereq.url;
    # While one request fetches a page again, others get the previous copy
    # for a few seconds instead of all waiting on the site.
    set beresp.grace = 10s;
    # Varnish's built-in rules follow: Cache-Control private, no-store or
    # no-cache, a Set-Cookie or Vary: * make the response a pass.
}

sub vcl_deliver {
    unset resp.http.x-url;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}

/*
 * First script in <head>. Sets Google Consent Mode v2 defaults (everything
 * denied) before any other code runs, then reads the consent cookie and marks
 * <html> so that the stylesheet and cookie-consent.js know, without asking
 * the server, whether the visitor has a valid choice:
 *   cc-js         the scripts run;
 *   cc-decided    a valid choice exists (the banner stays closed);
 *   cc-analytics  Analytics is accepted (Google's tag may load);
 *   cc-gpc        the browser sends Global Privacy Control and no choice
 *                 overrides it (Analytics counts as refused).
 * The rules match consent/state.py; tests/browser/test_consent_parity.py
 * proves that both read every cookie alike.
 */
(function () {
    "use strict";
    var script = document.currentScript;
    var config = script ? script.dataset : {};
    var root = document.documentElement;

    window.dataLayer = window.dataLayer || [];
    function gtag() {
        window.dataLayer.push(arguments);
    }
    window.gtag = window.gtag || gtag;
    window.gtag("consent", "default", {
        ad_storage: "denied",
        ad_user_data: "denied",
        ad_personalization: "denied",
        analytics_storage: "denied",
        functionality_storage: "denied",
        personalization_storage: "denied",
        security_storage: "denied"
    });
    window.gtag("set", "ads_data_redaction", true);

    function readCookie(name) {
        var parts = document.cookie ? document.cookie.split("; ") : [];
        for (var i = 0; i < parts.length; i++) {
            var index = parts[i].indexOf("=");
            if (parts[i].slice(0, index) === name) {
                var value = parts[i].slice(index + 1);
                if (value.charAt(0) === '"' && value.charAt(value.length - 1) === '"') {
                    value = value.slice(1, -1);
                }
                return value;
            }
        }
        return "";
    }

    // The same patterns and limits as consent/state.py (parse_state);
    // tests/browser/test_consent_parity.py proves the two agree.
    var CONSENT_ID = /^[0-9a-f]{32}$/;
    var MILLIS = /^[1-9][0-9]{0,14}$/;
    var NOTICE = /^[1-9][0-9]{0,9}$/;
    var NOTICE_MAX = 2147483647;
    var VERSION = /^([0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,6})?(Z|[+-][0-9]{2}:[0-9]{2})?)?$/;
    var SOURCES = ["banner", "preferences", "browser"];
    var CLOCK_SKEW_MS = 24 * 3600 * 1000;
    var NO_DECISION = {valid: false, consentId: "", source: "", groups: {}, decidedAt: 0};

    function parsePairs(value) {
        var pairs = Object.create(null);
        if (!value) {
            return pairs;
        }
        var parts = value.split("|");
        for (var i = 0; i < parts.length; i++) {
            var bits = parts[i].split("=");
            if (bits.length !== 2 || bits[0] in pairs) {
                return null;
            }
            pairs[bits[0]] = bits[1];
        }
        return pairs;
    }

    function has(pairs, key) {
        return key in pairs;
    }

    function parseState(value, now) {
        var pairs = parsePairs(value);
        if (!pairs) {
            return NO_DECISION;
        }
        var consentId = has(pairs, "_cid") ? pairs._cid : "";
        var time = has(pairs, "_ts") ? pairs._ts : "";
        if (
            !CONSENT_ID.test(consentId) ||
            !MILLIS.test(time) ||
            parseInt(time, 10) > now + CLOCK_SKEW_MS ||
            (has(pairs, "_nv") && !(NOTICE.test(pairs._nv) && parseInt(pairs._nv, 10) <= NOTICE_MAX)) ||
            (has(pairs, "_src") && SOURCES.indexOf(pairs._src) === -1)
        ) {
            return NO_DECISION;
        }
        var decidedAt = parseInt(time, 10);
        var lifetime = parseInt(config.lifetimeMs, 10) || 0;
        var reconsentAfter = parseInt(config.reconsentAfterMs, 10) || 0;
        var decline = config.decline || "-1";
        var optional = (config.optionalGroups || "").split(" ").filter(Boolean);
        var groups = {};
        var complete = optional.length > 0;
        for (var i = 0; i < optional.length; i++) {
            var varname = optional[i];
            if (!has(pairs, varname)) {
                complete = false;
            } else if (pairs[varname] === decline) {
                groups[varname] = false;
            } else if (VERSION.test(pairs[varname])) {
                groups[varname] = true;
            } else {
                return NO_DECISION;
            }
        }
        var valid = complete && now < decidedAt + lifetime && decidedAt >= reconsentAfter;
        return {
            valid: valid,
            consentId: consentId,
            source: has(pairs, "_src") ? pairs._src : "",
            groups: valid ? groups : {},
            decidedAt: decidedAt
        };
    }

    function readState() {
        return parseState(readCookie(config.cookieName || "cookie_consent"), Date.now());
    }

    var gpc = navigator.globalPrivacyControl === true;
    var state = readState();
    var analytics = state.valid && state.groups[config.analyticsGroup || "analytics"] === true;

    root.classList.add("cc-js");
    if (state.valid) {
        root.classList.add("cc-decided");
    } else if (gpc) {
        root.classList.add("cc-gpc");
    }
    if (analytics) {
        root.classList.add("cc-analytics");
    }

    window.microscopeConsent = {
        config: config,
        gpc: gpc,
        state: state,
        readState: readState,
        parseState: parseState,
        analytics: analytics
    };
})();

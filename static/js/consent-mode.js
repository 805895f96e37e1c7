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
 * The rules match consent/consent.py.
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

    function parse(value) {
        var pairs = {};
        value.split("|").forEach(function (pair) {
            var bits = pair.split("=");
            if (bits.length === 2) {
                pairs[bits[0]] = bits[1];
            }
        });
        return pairs;
    }

    function readState() {
        var pairs = parse(readCookie(config.cookieName || "cookie_consent"));
        var decidedAt = parseInt(pairs._ts, 10) || 0;
        var lifetime = parseInt(config.lifetimeMs, 10) || 0;
        var reconsentAfter = parseInt(config.reconsentAfterMs, 10) || 0;
        var optional = (config.optionalGroups || "").split(" ").filter(Boolean);
        var groups = {};
        var complete = optional.length > 0;
        optional.forEach(function (varname) {
            if (!(varname in pairs)) {
                complete = false;
            } else {
                groups[varname] = pairs[varname] !== (config.decline || "-1");
            }
        });
        var valid = Boolean(
            decidedAt &&
            complete &&
            Date.now() < decidedAt + lifetime &&
            decidedAt >= reconsentAfter
        );
        return {
            valid: valid,
            consentId: pairs._cid || "",
            source: pairs._src || "",
            groups: valid ? groups : {},
            decidedAt: decidedAt
        };
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
        analytics: analytics
    };
})();

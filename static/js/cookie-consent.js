/*
 * The cookie banner as an accessible modal dialog, the GPC notice, and
 * Google Analytics: the tag is requested only once Analytics is accepted, and
 * withdrawing stops it and deletes its cookies (by exact name and by prefix,
 * host-only and on every parent domain). Without JavaScript the banner's
 * plain POST forms still work.
 */
(function () {
    "use strict";
    var consent = window.microscopeConsent;
    if (!consent) {
        return;
    }
    var config = consent.config;
    var gaId = config.gaId || "";
    var root = document.documentElement;
    var loaded = false;
    var returnFocus = null;

    function cookieNames() {
        return (document.cookie ? document.cookie.split("; ") : []).map(function (pair) {
            return pair.split("=")[0];
        });
    }

    function matches(name, patterns) {
        return patterns.some(function (pattern) {
            if (pattern.slice(-1) === "*") {
                return name.indexOf(pattern.slice(0, -1)) === 0;
            }
            return name === pattern;
        });
    }

    function domains() {
        var host = location.hostname;
        var list = [""];
        if (/^[0-9.]+$/.test(host) || host.indexOf(":") !== -1) {
            return list;
        }
        var parts = host.split(".");
        list.push(host);
        for (var i = 0; i < parts.length - 1; i++) {
            list.push("." + parts.slice(i).join("."));
        }
        return list;
    }

    function deleteAnalyticsCookies() {
        var patterns = (config.analyticsCookies || "_ga _ga_*").split(" ").filter(Boolean);
        cookieNames().forEach(function (name) {
            if (!matches(name, patterns)) {
                return;
            }
            domains().forEach(function (domain) {
                document.cookie = name + "=; Max-Age=0; Path=/" +
                    (domain ? "; Domain=" + domain : "") + "; SameSite=Lax";
            });
        });
    }

    function loadAnalytics() {
        if (!gaId || loaded) {
            return;
        }
        loaded = true;
        window["ga-disable-" + gaId] = false;
        window.gtag("consent", "update", {analytics_storage: "granted"});
        window.gtag("js", new Date());
        window.gtag("config", gaId, {
            cookie_expires: parseInt(config.gaCookieExpires, 10) || 33696000,
            cookie_update: false,
            allow_google_signals: false,
            allow_ad_personalization_signals: false
        });
        var tag = document.createElement("script");
        tag.async = true;
        tag.src = "https://www.googletagmanager.com/gtag/js?id=" + encodeURIComponent(gaId);
        document.head.appendChild(tag);
    }

    function stopAnalytics() {
        if (gaId) {
            window["ga-disable-" + gaId] = true;
        }
        window.gtag("consent", "update", {analytics_storage: "denied"});
        deleteAnalyticsCookies();
    }

    function apply(analytics) {
        root.classList.toggle("cc-analytics", analytics);
        if (analytics) {
            loadAnalytics();
        } else {
            stopAnalytics();
        }
    }

    function post(form, action, extra) {
        var data = new FormData(form);
        data.set("action", action);
        Object.keys(extra || {}).forEach(function (key) {
            data.set(key, extra[key]);
        });
        return fetch(form.getAttribute("action"), {
            method: "POST",
            body: data,
            credentials: "same-origin",
            headers: {"Accept": "application/json"}
        }).then(function (response) {
            if (!response.ok) {
                throw new Error("The choice was not saved.");
            }
            return response.json();
        });
    }

    function openBanner(dialog) {
        returnFocus = document.activeElement;
        if (dialog.open) {
            dialog.close();
        }
        dialog.showModal();
        var title = dialog.querySelector("#cookie-banner-title");
        if (title) {
            title.focus();
        }
    }

    function closeBanner(dialog) {
        dialog.close();
        root.classList.add("cc-decided");
        var target = returnFocus && returnFocus !== document.body && document.contains(returnFocus)
            ? returnFocus
            : document.getElementById("main");
        if (target) {
            target.focus();
        }
    }

    function trapFocus(dialog) {
        // A modal dialog lets Tab leave for the browser's own controls; keep
        // keyboard focus cycling through the banner until a choice is made.
        dialog.addEventListener("keydown", function (event) {
            if (event.key !== "Tab") {
                return;
            }
            var focusable = Array.prototype.filter.call(
                dialog.querySelectorAll("a[href], button, input:not([disabled])"),
                function (element) {
                    return element.offsetParent !== null;
                }
            );
            if (!focusable.length) {
                return;
            }
            var first = focusable[0];
            var last = focusable[focusable.length - 1];
            if (event.shiftKey && (document.activeElement === first || !dialog.contains(document.activeElement) || document.activeElement.id === "cookie-banner-title")) {
                event.preventDefault();
                last.focus();
            } else if (!event.shiftKey && document.activeElement === last) {
                event.preventDefault();
                first.focus();
            }
        });
    }

    function setUpBanner(dialog) {
        var form = dialog.querySelector("[data-cookie-form]");
        var choose = dialog.querySelector("[data-cookie-choose]");
        var choices = dialog.querySelector("[data-cookie-choices]");
        if (consent.state.valid || root.classList.contains("cc-gpc")) {
            dialog.close();
            return;
        }
        // A choice is required: Escape does not dismiss the banner silently.
        dialog.addEventListener("cancel", function (event) {
            event.preventDefault();
        });
        if (choose && choices) {
            choose.addEventListener("click", function (event) {
                event.preventDefault();
                var show = choices.hidden;
                choices.hidden = !show;
                choose.setAttribute("aria-expanded", show ? "true" : "false");
                if (show) {
                    var first = choices.querySelector("input:not([disabled])");
                    (first || choices).focus();
                }
            });
        }
        var plainPost = false;
        form.addEventListener("submit", function (event) {
            var submitter = event.submitter;
            var action = submitter ? submitter.value : "";
            if (plainPost || (action !== "accept" && action !== "refuse" && action !== "custom")) {
                return;
            }
            event.preventDefault();
            post(form, action, {gpc: consent.gpc ? "1" : ""}).then(function (result) {
                consent.state = consent.readState();
                apply(result.analytics === true);
                closeBanner(dialog);
            }).catch(function () {
                // Fall back to the plain form post, which works without script.
                plainPost = true;
                form.requestSubmit(submitter);
            });
        });
        trapFocus(dialog);
        openBanner(dialog);
    }

    function recordGpc(notice) {
        var form = document.querySelector("[data-cookie-form]");
        if (!form) {
            return;
        }
        post(form, "gpc", {gpc: "1", source: "banner"}).then(function () {
            consent.state = consent.readState();
            if (notice) {
                notice.hidden = false;
            }
        }).catch(function () {
            // Nothing runs without a recorded choice; the banner is not needed.
        });
    }

    function start() {
        if (consent.analytics) {
            loadAnalytics();
        } else {
            deleteAnalyticsCookies();
        }
        var dialog = document.querySelector("[data-cookie-banner]");
        var notice = document.querySelector("[data-cookie-gpc-notice]");
        if (notice) {
            var close = notice.querySelector("[data-cookie-gpc-close]");
            if (close) {
                close.addEventListener("click", function () {
                    notice.hidden = true;
                });
            }
        }
        if (!consent.state.valid && consent.gpc) {
            recordGpc(notice);
        }
        if (dialog) {
            setUpBanner(dialog);
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();

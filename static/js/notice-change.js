// The "privacy notice changed" message, shown to returning visitors only.
// The page is the same for everyone (and cacheable): it carries the time of
// the notice version in force and of the latest material change. The cookie
// "notice_seen" keeps, in this browser only, the time of the version the
// visitor last saw: no identifier, nothing sent anywhere else.
(function () {
    "use strict";
    var box = document.querySelector("[data-notice-current]");
    if (!box) {
        return;
    }
    var COOKIE = "notice_seen";
    var MAX_AGE = 60 * 60 * 24 * 395; // 13 months, the CNIL's limit for cookies
    var current = parseInt(box.getAttribute("data-notice-current"), 10);
    var material = parseInt(box.getAttribute("data-notice-material") || "0", 10);
    var found = document.cookie.match(/(?:^|;\s*)notice_seen=(\d+)/);
    var seen = found ? parseInt(found[1], 10) : null;

    function remember() {
        var secure = window.location.protocol === "https:" ? "; Secure" : "";
        document.cookie = COOKIE + "=" + current + "; Max-Age=" + MAX_AGE +
            "; Path=/; SameSite=Lax" + secure;
    }

    if (seen === null || !material || seen >= material) {
        // A first visit, or nothing material since the last one.
        if (seen !== current) {
            remember();
        }
        return;
    }
    box.hidden = false;
    var dismiss = box.querySelector("[data-notice-dismiss]");
    dismiss.addEventListener("click", function () {
        remember();
        box.hidden = true;
    });
    var link = box.querySelector("a");
    if (link) {
        link.addEventListener("click", remember);
    }
})();

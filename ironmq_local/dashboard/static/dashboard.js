// ironmq-local dashboard: live regions, nothing else (every action is a plain form).
//
// An element with data-live="URL" is refreshed from URL, an HTML fragment the server
// renders with the same template as the page, every two seconds while the tab is visible.
// The fragment replaces the element's content only when it changed, and the element that
// had the focus inside it gets it back (by id), so keyboard users keep their place.
"use strict";

(function () {
  const EVERY = 2000;
  const status = document.getElementById("live-status");
  const last = new Map();

  function say(text, ok) {
    if (!status) return;
    status.textContent = text;
    status.classList.toggle("stale", !ok);
  }

  async function refresh(region) {
    if (document.hidden) return;
    let response;
    try {
      response = await fetch(region.dataset.live, {
        credentials: "same-origin",
        headers: { Accept: "text/html" },
      });
    } catch (e) {
      say("server unreachable, retrying", false);
      return;
    }
    if (response.status === 401 || response.redirected) {
      say("logged out", false);
      return;
    }
    if (!response.ok) {
      say("update failed (" + response.status + ")", false);
      return;
    }
    const html = await response.text();
    if (last.get(region) !== html) {
      const active = document.activeElement;
      const focused = active && region.contains(active) ? active.id : "";
      region.innerHTML = html;
      last.set(region, html);
      if (focused) {
        const again = document.getElementById(focused);
        if (again) again.focus();
      }
    }
    say("live", true);
  }

  for (const region of document.querySelectorAll("[data-live]")) {
    setInterval(function () { refresh(region); }, EVERY);
  }
  if (document.querySelector("[data-live]")) say("live", true);
})();

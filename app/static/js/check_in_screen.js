/* The room screen: fetch the page again every few seconds and show the new check-in code when it
   changes (the region is aria-live, so a screen reader hears each new code once). Without this
   script the screen keeps its code and the "Show the current code" link refreshes it. */
(function () {
  "use strict";

  var live = document.getElementById("check-in-live");
  if (!live || !window.fetch || !window.DOMParser) {
    return;
  }
  var seconds = parseInt(live.dataset.pollSeconds, 10) || 15;
  var note = document.querySelector(".check-in-auto");
  if (note) {
    note.hidden = false;
  }

  function shownCode(root) {
    var marked = root.querySelector("[data-code]");
    return marked ? marked.dataset.code : null;
  }

  function poll() {
    fetch(window.location.pathname, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("not refreshed");
        }
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("check-in-live");
        if (fresh && shownCode(fresh) !== shownCode(live)) {
          live.replaceChildren.apply(live, Array.prototype.slice.call(fresh.childNodes));
        }
      })
      .catch(function () {
        /* Keep the code shown; the next poll tries again. */
      })
      .then(function () {
        window.setTimeout(poll, seconds * 1000);
      });
  }

  window.setTimeout(poll, seconds * 1000);
})();

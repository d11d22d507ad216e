// The job page: ask the server how the job stands every two seconds and update the bar; when it
// has finished, reload once to show the result. Without this script the page has a refresh link.
(function () {
  "use strict";
  var root = document.getElementById("job");
  if (!root || !window.fetch) {
    return;
  }
  var url = root.getAttribute("data-status-url");
  function part(name) {
    return root.querySelector('[data-job="' + name + '"]');
  }
  function show(status) {
    part("state").textContent = status.state_label;
    part("bar").value = status.percent;
    part("bar").textContent = status.percent + "%";
    part("count").textContent = status.total ? status.done + " / " + status.total : "";
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (status) {
        show(status);
        if (status.finished) {
          window.location.reload();
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  if (part("waiting") && !part("waiting").hidden) {
    window.setTimeout(poll, 1000);
  }
})();

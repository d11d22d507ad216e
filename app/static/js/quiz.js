/* Quiz pages: save answers as they change and show the time left. Progressive enhancement only:
   without this script every answer is still saved when the trainee changes page or submits. */
(function () {
  "use strict";

  var form = document.getElementById("quiz-form");
  var status = document.getElementById("autosave-status");
  var timer = document.getElementById("quiz-timer");
  var countdown = document.getElementById("quiz-countdown");
  var dirty = false;
  var pending = null;
  var saving = false;

  function say(key) {
    if (status && status.dataset[key]) {
      status.textContent = status.dataset[key];
    }
  }

  function csrfToken() {
    var field = form && form.querySelector("input[name=csrf_token]");
    return field ? field.value : "";
  }

  function save() {
    if (!form || saving) {
      return;
    }
    saving = true;
    dirty = false;
    fetch(form.dataset.autosaveUrl, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) {
          throw new Error("not saved");
        }
        return response.json().then(function (data) {
          if (response.status === 409 && data.result_url) {
            window.location.assign(data.result_url);
            return;
          }
          if (!response.ok) {
            throw new Error("not saved");
          }
          say("saved");
        });
      })
      .catch(function () {
        dirty = true;
        say("failed");
      })
      .then(function () {
        saving = false;
      });
  }

  function later(delay) {
    dirty = true;
    window.clearTimeout(pending);
    pending = window.setTimeout(save, delay);
  }

  if (form) {
    form.addEventListener("change", function () {
      later(300);
    });
    form.addEventListener("input", function (event) {
      if (event.target && event.target.type === "text") {
        later(1000);
      }
    });
    // Enter in a numeric answer would send the form with its first button (a language switch
    // or "previous page"): save instead, and stay.
    form.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && event.target && event.target.type === "text") {
        event.preventDefault();
        window.clearTimeout(pending);
        save();
      }
    });
    form.addEventListener("submit", function () {
      window.clearTimeout(pending);
      dirty = false; // the page's own submit saves everything
    });
    window.addEventListener("pagehide", function () {
      if (dirty && navigator.sendBeacon) {
        navigator.sendBeacon(form.dataset.autosaveUrl, new FormData(form));
      }
    });
  }

  function two(number) {
    return (number < 10 ? "0" : "") + number;
  }

  if (timer && countdown) {
    var remaining = parseInt(timer.dataset.remaining, 10);
    if (!isNaN(remaining)) {
      var end = Date.now() + remaining * 1000;
      var tick = function () {
        var left = Math.max(0, Math.round((end - Date.now()) / 1000));
        var hours = Math.floor(left / 3600);
        var minutes = Math.floor((left % 3600) / 60);
        var text = (hours ? hours + ":" + two(minutes) : String(minutes)) + ":" + two(left % 60);
        countdown.textContent = text;
        if (left <= 60) {
          timer.classList.add("quiz-timer-low");
        }
        if (left === 0) {
          window.clearInterval(interval);
          say("timeUp");
          if (form && dirty) {
            save();
          }
          // The server closes the attempt just after its deadline; reloading shows the result.
          window.setTimeout(function () {
            window.location.reload();
          }, 7000);
        }
      };
      var interval = window.setInterval(tick, 1000);
      tick();
    }
  }

  var once = document.querySelectorAll("[data-submit-once]");
  Array.prototype.forEach.call(once, function (button) {
    button.form.addEventListener("submit", function () {
      window.setTimeout(function () {
        button.disabled = true;
      }, 0);
    });
  });
})();

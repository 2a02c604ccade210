// The agent console: live offers (polling), countdowns, heartbeat, and the phone's position when shared.
(function () {
  "use strict";
  var LINGER_SECONDS = 8;

  function startCountdowns(root) {
    root.querySelectorAll(".countdown[data-seconds-left]").forEach(function (el) {
      var deadline = Date.now() + Number(el.dataset.secondsLeft) * 1000;
      el.dataset.deadline = String(deadline);
    });
  }

  function tickCountdowns() {
    document.querySelectorAll(".offer:not(.gone) .countdown[data-deadline]").forEach(function (el) {
      var left = Math.max(0, Math.round((Number(el.dataset.deadline) - Date.now()) / 1000));
      var card = el.closest(".offer");
      if (left <= 0) {
        if (!card.classList.contains("expired")) {
          card.classList.add("expired");
          el.textContent = el.dataset.expiredText;
          card.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
        }
        return;
      }
      var clock = el.querySelector(".clock");
      if (clock) {
        clock.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
      }
    });
  }

  // An offer that left the list (it expired, or went elsewhere) stays a few seconds, greyed, with the reason:
  // cards must not vanish without a word.
  function lingerGoneOffers(box, before) {
    var list = box.querySelector(".offers");
    before.forEach(function (card) {
      if (document.getElementById(card.id)) { return; }
      if (!card.classList.contains("expired")) {
        card.querySelector(".countdown").textContent = card.dataset.goneText;
      }
      card.classList.add("expired", "gone");
      card.querySelectorAll("button").forEach(function (b) { b.disabled = true; });
      card.querySelectorAll("details").forEach(function (d) { d.remove(); });
      if (!list) {
        list = document.createElement("ul");
        list.className = "offers";
        box.appendChild(list);
      }
      list.appendChild(card);
      window.setTimeout(function () { card.remove(); }, LINGER_SECONDS * 1000);
    });
  }

  function pollOffers(box) {
    var seconds = Number(box.dataset.pollSeconds) || 5;
    var status = document.querySelector(".connection");
    function poll() {
      // Do not replace the list while the agent is choosing a decline reason.
      if (box.querySelector("details[open]")) { return schedule(); }
      fetch(box.dataset.url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (response) {
          if (response.redirected || !response.ok) { throw new Error("status " + response.status); }
          return response.text();
        })
        .then(function (html) {
          var before = box.querySelectorAll(".offer");
          box.innerHTML = html;
          lingerGoneOffers(box, before);
          startCountdowns(box);
          if (status) { status.hidden = true; }
        })
        .catch(function () {
          if (status) { status.textContent = status.dataset.offlineText; status.hidden = false; }
        })
        .finally(schedule);
    }
    function schedule() { window.setTimeout(poll, seconds * 1000); }
    schedule();
  }

  function currentPosition(callback) {
    if (!navigator.geolocation) { return callback(null); }
    navigator.geolocation.getCurrentPosition(
      function (p) { callback(p.coords); },
      function () { callback(null); },
      { enableHighAccuracy: false, timeout: 8000, maximumAge: 60000 }
    );
  }

  function heartbeat(consoleEl) {
    if (consoleEl.dataset.onDuty !== "true") { return; }
    var seconds = Number(consoleEl.dataset.heartbeatSeconds) || 30;
    function beat() {
      var send = function (coords) {
        var body = coords ? { latitude: coords.latitude, longitude: coords.longitude } : {};
        fetch(consoleEl.dataset.heartbeatUrl, {
          method: "POST", credentials: "same-origin",
          headers: { "Content-Type": "application/json", "X-CSRFToken": consoleEl.dataset.csrf },
          body: JSON.stringify(body)
        }).catch(function () { /* the next beat will try again */ });
      };
      if (localStorage.getItem("digidost-share-location") === "yes") { currentPosition(send); } else { send(null); }
    }
    beat();
    window.setInterval(beat, seconds * 1000);
  }

  function dutyForm(form) {
    var share = form.querySelector("#share-location");
    if (!share) { return; }
    share.checked = localStorage.getItem("digidost-share-location") === "yes";
    form.addEventListener("submit", function (event) {
      localStorage.setItem("digidost-share-location", share.checked ? "yes" : "no");
      if (!share.checked || form.dataset.located) { return; }
      event.preventDefault();
      currentPosition(function (coords) {
        if (coords) {
          form.querySelector("#duty-latitude").value = coords.latitude;
          form.querySelector("#duty-longitude").value = coords.longitude;
        }
        form.dataset.located = "1";
        form.submit();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var offers = document.getElementById("offers");
    if (offers) { startCountdowns(offers); pollOffers(offers); window.setInterval(tickCountdowns, 1000); tickCountdowns(); }
    var consoleEl = document.getElementById("console");
    if (consoleEl) { heartbeat(consoleEl); }
    var duty = document.getElementById("duty-form");
    if (duty) { dutyForm(duty); }
  });
})();

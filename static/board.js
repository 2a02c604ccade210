// Refresh the live section of the supervisor board every 10 seconds, without reloading the page.
(function () {
  const live = document.getElementById("live");
  if (!live) return;
  setInterval(async function () {
    try {
      const response = await fetch(live.dataset.refresh, { credentials: "same-origin" });
      if (response.ok) live.innerHTML = await response.text();
    } catch (e) { /* offline for a moment: try again on the next tick */ }
  }, 10000);
})();

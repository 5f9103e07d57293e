/* Progressive enhancement only: every page works without this script. */
(function () {
  "use strict";
  // Five levels: open the level named in the URL fragment, and keep the open level in the fragment.
  function openFromHash() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) return;
    var target = document.getElementById(id);
    var details = target && (target.tagName === "DETAILS" ? target : target.closest("details"));
    if (details && !details.open) { details.open = true; }
  }
  document.querySelectorAll("details.level").forEach(function (details) {
    details.addEventListener("toggle", function () {
      if (details.open && details.id && window.location.hash !== "#" + details.id) {
        history.replaceState(null, "", "#" + details.id);
      }
    });
  });
  window.addEventListener("hashchange", openFromHash);
  openFromHash();
  // Printing shows every level.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll("details").forEach(function (d) { d.setAttribute("data-was-open", d.open ? "1" : "0"); d.open = true; });
  });
  window.addEventListener("afterprint", function () {
    document.querySelectorAll("details[data-was-open='0']").forEach(function (d) { d.open = false; });
  });
  // External videos: nothing is loaded from the host until the reader asks for it (CNIL).
  document.querySelectorAll("[data-video-embed]").forEach(function (facade) {
    var button = facade.querySelector("button");
    if (!button) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var frame = document.createElement("iframe");
      frame.src = facade.getAttribute("data-video-embed");
      frame.title = facade.getAttribute("data-video-title") || "Vidéo";
      frame.className = "video-frame";
      frame.setAttribute("allow", "autoplay; fullscreen; picture-in-picture");
      frame.setAttribute("allowfullscreen", "");
      facade.replaceWith(frame);
      frame.focus();
    });
  });
})();

// « Ma sélection »: up to four practices, remembered by this browser only (nothing is sent to the site until the
// reader opens the comparison, whose address holds the selection and can be shared).
(function () {
  "use strict";
  var KEY = "lilith-selection";
  var MAX = 4;
  function read() {
    try {
      var ids = JSON.parse(window.localStorage.getItem(KEY) || "[]");
      return Array.isArray(ids) ? ids.filter(function (id) { return /^\d{1,10}$/.test(String(id)); }).map(String).slice(0, MAX) : [];
    } catch (e) { return []; }
  }
  function write(ids) {
    try { window.localStorage.setItem(KEY, JSON.stringify(ids.slice(0, MAX))); return true; } catch (e) { return false; }
  }
  function pageUrl(ids) {
    return "/ma-selection/" + (ids.length ? "?" + ids.map(function (id) { return "p=" + id; }).join("&") : "");
  }

  // The comparison page: its address is the selection (a shared link replaces what this browser had).
  var page = document.querySelector("[data-selection-page]");
  if (page) {
    var shown = (page.getAttribute("data-ids") || "").split(",").filter(Boolean);
    if (shown.length) { write(shown); }
    else if (window.location.search === "") {
      var kept = read();
      if (kept.length) { window.location.replace(pageUrl(kept)); }
    } else { write([]); }
  }

  // A practice page: « Ajouter à ma sélection » / « Retirer de ma sélection ».
  document.querySelectorAll("[data-select-practice]").forEach(function (button) {
    var id = button.getAttribute("data-select-practice");
    var status = document.querySelector("[data-select-status]");
    var box = button.closest("[data-selection-toggle]");
    if (!window.localStorage || !status || !box) { return; }
    function render(message) {
      var ids = read();
      var selected = ids.indexOf(id) !== -1;
      button.textContent = selected ? "Retirer de ma sélection" : "Ajouter à ma sélection";
      button.setAttribute("aria-pressed", selected ? "true" : "false");
      if (message) {
        status.textContent = message + " ";
        var link = document.createElement("a");
        link.href = pageUrl(read());
        link.textContent = "Voir ma sélection (" + read().length + " sur " + MAX + ")";
        status.appendChild(link);
      }
    }
    box.hidden = false;
    render("");
    button.addEventListener("click", function () {
      var ids = read();
      var at = ids.indexOf(id);
      if (at !== -1) {
        ids.splice(at, 1);
        render(write(ids) ? "Retirée de votre sélection." : "Votre navigateur ne peut pas garder de sélection.");
      } else if (ids.length >= MAX) {
        render("Votre sélection compte déjà " + MAX + " pratiques : retirez-en une d'abord.");
      } else {
        ids.push(id);
        render(write(ids) ? "Ajoutée à votre sélection." : "Votre navigateur ne peut pas garder de sélection.");
      }
    });
  });
})();

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
  // Small screens: the main menu folds behind « Menu » so that the page's title shows on the first screen; the
  // search and « Besoin de soutien ? » stay in sight. Without this script the menu is simply always shown.
  var toggle = document.querySelector(".menu-toggle");
  var menu = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
  if (toggle && menu) {
    var header = toggle.closest(".site-header");
    header.classList.add("has-menu-toggle");
    toggle.hidden = false;
    var setOpen = function (open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      header.classList.toggle("menu-is-open", open);
    };
    toggle.addEventListener("click", function () { setOpen(toggle.getAttribute("aria-expanded") !== "true"); });
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") { setOpen(false); toggle.focus(); }
    });
  }
  // « Imprimer cette fiche »: shown only where the browser can print.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    if (typeof window.print !== "function") { return; }
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  // Printing shows every level.
  window.addEventListener("beforeprint", function () {
    var printed = document.querySelector("[data-print-date]");
    if (printed) {
      printed.textContent = " · imprimé le " + new Date().toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric" });
    }
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
  // « Écouter cette page »: the browser reads the page aloud with its own voices (speech synthesis); nothing is
  // sent by the site. Long texts are read sentence by sentence, which keeps every browser reading to the end.
  var listen = document.querySelector("[data-listen]");
  if (listen && "speechSynthesis" in window && "SpeechSynthesisUtterance" in window) {
    var synth = window.speechSynthesis;
    var idle = listen.textContent;
    var status = listen.parentNode.querySelector("[data-listen-status]");
    var stop = function () {
      synth.cancel();
      listen.removeAttribute("data-speaking");
      listen.textContent = idle;
    };
    var failed = function (event) {
      if (event.error === "interrupted" || event.error === "canceled") return;
      stop();
      if (status) {
        status.textContent = "La lecture n\u2019a pas pu se faire : cet appareil n\u2019a pas de voix de synthèse. " +
          "Vous pouvez en installer une dans ses réglages d\u2019accessibilité.";
      }
    };
    var sentences = function (root) {
      // Copied into a template's inert document: its images and videos are never fetched.
      var holder = document.createElement("template");
      holder.innerHTML = root.innerHTML;
      var copy = holder.content;
      copy.querySelectorAll("button, script, style, template, [hidden], [aria-hidden='true'], .listen, .terme__definition, [data-no-listen]")
        .forEach(function (el) { el.remove(); });
      copy.querySelectorAll("h1, h2, h3, h4, p, li, dt, dd, td, th, summary, figcaption, blockquote").forEach(function (el) {
        el.append(". ");
      });
      var text = copy.textContent.replace(/\s+/g, " ").replace(/(\.\s*){2,}/g, ". ").trim();
      return text.match(/[^.!?…]+[.!?…]*/g) || [];
    };
    var frenchVoice = function () {
      var voices = synth.getVoices().filter(function (v) { return /^fr/i.test(v.lang); });
      return voices.filter(function (v) { return v.localService; })[0] || voices[0] || null;
    };
    listen.hidden = false;
    listen.addEventListener("click", function () {
      if (listen.hasAttribute("data-speaking")) { stop(); return; }
      var root = document.querySelector(listen.getAttribute("data-listen")) || document.querySelector("main");
      var parts = sentences(root).map(function (s) { return s.trim(); }).filter(function (s) { return s.length > 1; });
      if (!parts.length) return;
      synth.cancel();
      if (status) status.textContent = "";
      var voice = frenchVoice();
      parts.forEach(function (part, i) {
        var utterance = new SpeechSynthesisUtterance(part);
        utterance.lang = "fr-FR";
        if (voice) utterance.voice = voice;
        if (i === parts.length - 1) utterance.addEventListener("end", stop);
        utterance.addEventListener("error", failed);
        synth.speak(utterance);
      });
      listen.setAttribute("data-speaking", "");
      listen.textContent = "Arrêter la lecture";
    });
    window.addEventListener("pagehide", function () { synth.cancel(); });
  }
})();

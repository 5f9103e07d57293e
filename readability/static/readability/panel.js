/* The readability panel follows its field: a short pause in typing sends the text to be measured again. */
(function () {
  "use strict";
  function textOf(field) {
    if (field.tagName === "TEXTAREA" || (field.tagName === "INPUT" && field.type !== "hidden")) return field.value;
    var wrapper = field.closest("[data-field]") || field.parentNode;
    var editable = wrapper.querySelector("[contenteditable='true']");
    return editable ? editable.innerText : "";
  }
  function follow(panel) {
    var field = document.getElementById(panel.getAttribute("data-readability-for"));
    var report = panel.querySelector("[data-readability-report]");
    if (!field || !report) return;
    var wrapper = field.closest("[data-field]") || field.parentNode;
    var form = field.closest("form");
    var timer = null;
    var last = textOf(field);
    var update = function () {
      var text = textOf(field);
      if (text === last) return;
      last = text;
      var body = new FormData();
      body.append("texte", text);
      var token = form && form.querySelector("input[name=csrfmiddlewaretoken]");
      fetch(panel.getAttribute("data-readability-url"), {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: token ? { "X-CSRFToken": token.value } : {}
      }).then(function (response) {
        return response.ok ? response.text() : null;
      }).then(function (html) {
        if (html !== null) report.innerHTML = html;
      }).catch(function () { /* the figures stay as they were; typing is never disturbed */ });
    };
    wrapper.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(update, 700);
    });
  }
  function start() { document.querySelectorAll("[data-readability-for]").forEach(follow); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();

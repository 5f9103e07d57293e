// Each marked term links to its entry in the glossary; with JavaScript it also opens its definition in place,
// as a disclosure (a button with aria-expanded), for keyboard and screen-reader users alike.
(function () {
  "use strict";
  document.querySelectorAll("a.terme[data-definition]").forEach(function (link, index) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "terme__bouton";
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", "definition-" + index);
    button.innerHTML = '<span aria-hidden="true">?</span><span class="visually-hidden">Définition de « ' +
      link.textContent.replace(/[<>&]/g, "") + " »</span>";
    var definition = document.createElement("span");
    definition.id = "definition-" + index;
    definition.className = "terme__definition";
    definition.hidden = true;
    definition.textContent = link.getAttribute("data-definition") + " ";
    var more = document.createElement("a");
    more.href = link.href;
    more.textContent = "Voir le glossaire";
    definition.appendChild(more);
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") === "true";
      button.setAttribute("aria-expanded", open ? "false" : "true");
      definition.hidden = open;
    });
    definition.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { button.click(); button.focus(); }
    });
    link.after(button, definition);
  });
})();

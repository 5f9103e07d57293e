// The part of a cached practice or thread page that depends on the logged-in reader (their pseudonym, their posts
// waiting for moderation, « suivre »): fetched from /communaute/moi/ when the reader cookie says someone is logged
// in. Without JavaScript the page works the same, with links to « Mon compte ».
(function () {
  "use strict";
  if (document.cookie.indexOf("lilith_lecteur=") === -1) {
    return;
  }
  var parts = document.querySelectorAll("[data-member-part]");
  Array.prototype.forEach.call(parts, function (part) {
    if (part.children.length) {
      return; // already rendered with the page
    }
    fetch(part.getAttribute("data-member-part"), { credentials: "same-origin" })
      .then(function (response) {
        return response.status === 200 ? response.text() : "";
      })
      .then(function (html) {
        if (html) {
          part.innerHTML = html;
          part.hidden = false;
        }
      })
      .catch(function () {});
  });
})();

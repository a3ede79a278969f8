// Progressive enhancements only: every page works without this file.
(function () {
  "use strict";

  // Protected email addresses: reversed and base64-encoded in the HTML.
  document.querySelectorAll(".protected-email[data-e]").forEach(function (el) {
    var address = atob(el.getAttribute("data-e")).split("").reverse().join("");
    var link = document.createElement("a");
    link.href = "mailto:" + address;
    link.textContent = el.getAttribute("data-label") || address;
    el.replaceWith(link);
  });
})();

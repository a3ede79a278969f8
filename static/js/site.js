// Progressive enhancements only: every page works without this file.
document.documentElement.classList.add("js");

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

// Search suggestions: an ARIA combobox over /api/search/suggest/. Without JavaScript the
// search box is a plain form field and everything still works.
(function () {
  "use strict";
  var inputs = document.querySelectorAll("input[data-suggest]");
  var lang = document.documentElement.lang || "fr";
  var counter = 0;

  inputs.forEach(function (input) {
    counter += 1;
    var listId = "suggestions-" + counter;
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.parentNode.appendChild(list);
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    var active = -1;
    var timer = null;
    var items = [];

    function close() {
      list.hidden = true;
      list.innerHTML = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
      items = [];
    }

    function show(suggestions) {
      list.innerHTML = "";
      items = suggestions;
      if (!suggestions.length) { close(); return; }
      suggestions.forEach(function (s, i) {
        var li = document.createElement("li");
        li.id = listId + "-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        if (s.lang !== lang) { li.lang = s.lang; }
        li.textContent = s.title;
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          window.location.href = s.url;
        });
        list.appendChild(li);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
    }

    function move(step) {
      var options = list.querySelectorAll("[role=option]");
      if (!options.length) { return; }
      if (active >= 0) { options[active].setAttribute("aria-selected", "false"); }
      active = (active + step + options.length) % options.length;
      options[active].setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", options[active].id);
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      var q = input.value.trim();
      if (q.length < 2) { close(); return; }
      timer = setTimeout(function () {
        fetch("/api/search/suggest/?lang=" + encodeURIComponent(lang) + "&q=" + encodeURIComponent(q))
          .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
          .then(function (data) { show(data.suggestions || []); })
          .catch(close);
      }, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); move(1); }
      else if (event.key === "ArrowUp") { event.preventDefault(); move(-1); }
      // The first Escape closes the list; only a second one clears the field, as a
      // search field does (Chromium clears it on Escape unless told not to).
      else if (event.key === "Escape") { event.preventDefault(); close(); }
      else if (event.key === "Enter" && active >= 0 && items[active]) {
        event.preventDefault();
        window.location.href = items[active].url;
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  });
})();

// Filters (components/filters.html): a change applies at once (the Apply button is hidden
// by CSS when this script runs). After the reload, focus returns to the box that was
// changed and, on a phone, the filter panel stays open, so nobody loses their place.
(function () {
  "use strict";
  var KEY = "coactions-filter-focus";
  var wide = window.matchMedia("(min-width: 56rem)");
  document.querySelectorAll("[data-filter-panel]").forEach(function (panel) {
    var opening = false;
    if (wide.matches) { opening = true; panel.open = true; }
    // Opened on a phone, the panel starts at the bottom of the screen, its first choices
    // under the results line kept in view: bring it to the top.
    panel.addEventListener("toggle", function () {
      if (opening) { opening = false; return; }
      if (panel.open && !wide.matches) { panel.scrollIntoView({ block: "start" }); }
    });
    var form = panel.closest("form");
    if (!form) { return; }
    // Fields left empty (the years, most often) stay out of the address it leads to.
    form.addEventListener("formdata", function (event) {
      var empty = [];
      event.formData.forEach(function (value, name) {
        if (value === "" && event.formData.getAll(name).every(function (v) { return v === ""; })) {
          empty.push(name);
        }
      });
      empty.forEach(function (name) { event.formData.delete(name); });
    });
    panel.addEventListener("change", function (event) {
      var target = event.target;
      if (!target.name) { return; }
      // A year being typed is applied when it is complete (or with Enter), not at each key.
      if (target.pattern && !target.checkValidity()) { return; }
      // By name and value, not id: ids follow the options' order, which the new counts
      // can change (a country with fewer matches moves down, one with none is left out).
      var choice = JSON.stringify({ name: target.name, value: target.value });
      try { sessionStorage.setItem(KEY, choice); } catch (e) { /* private mode */ }
      form.requestSubmit ? form.requestSubmit() : form.submit();
    });
    var last = null;
    try { last = sessionStorage.getItem(KEY); sessionStorage.removeItem(KEY); } catch (e) { /* private mode */ }
    var box = null;
    try {
      last = last && JSON.parse(last);
      box = last && panel.querySelector(
        "[name=\"" + CSS.escape(last.name) + "\"][value=\"" + CSS.escape(last.value) + "\"]"
      );
    } catch (e) { /* an older or foreign value */ }
    if (box) {
      opening = !panel.open;
      panel.open = true;
      // On a phone, mid-screen: the box's own edge would be under the results line.
      if (!wide.matches) { box.scrollIntoView({ block: "center" }); }
      box.focus({ preventScroll: !wide.matches });
    }
  });
})();

// "Print or save as PDF" (components/print_button.html), and the print date on paper.
(function () {
  "use strict";
  document.querySelectorAll("[data-print-tools]").forEach(function (tools) {
    tools.hidden = false;
    tools.querySelector("[data-print]").addEventListener("click", function () { window.print(); });
  });
  window.addEventListener("beforeprint", function () {
    var now = new Date();
    document.querySelectorAll("[data-print-date]").forEach(function (el) {
      var lang = document.documentElement.lang || "fr";
      el.textContent = now.toLocaleDateString(lang, { year: "numeric", month: "long", day: "numeric" });
      el.setAttribute("datetime", now.toISOString().slice(0, 10));
    });
  });
})();

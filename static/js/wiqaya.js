/* Wiqaya's small page behaviours; no build step, no framework. */
"use strict";

/* After HTMX filters the library the address changes without a reload, so the language switch and the
   login link take the address of the moment they are used, not the one the page was loaded with. */
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.id === "language-switch") {
    form.querySelector("input[name=next]").value = window.location.pathname + window.location.search;
  }
});
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("a[data-next-link]") : null;
  if (link) {
    var url = new URL(link.href, window.location.href);
    url.searchParams.set("next", window.location.pathname + window.location.search);
    link.href = url.toString();
  }
});

/* A goal suggestion's "Choose" button selects that goal in the form's goal list (plans' action form). */
document.addEventListener("click", function (event) {
  var button = event.target.closest ? event.target.closest("button[data-select-goal]") : null;
  if (!button) {
    return;
  }
  var select = document.querySelector(button.getAttribute("data-target"));
  var option = select ? select.querySelector('option[value="' + button.getAttribute("data-select-goal") + '"]') : null;
  if (option) {
    option.selected = true;
    button.disabled = true;
  }
});

/* A list page on a phone: the "Filters (n active)" button says how many filters are set as the reader sets them
   (its words for each count come rendered in the page's language, in <template id="filters-labels">). */
function countActiveFilters(form) {
  var names = {};
  Array.prototype.forEach.call(form.elements, function (field) {
    if (!field.name || field.type === "submit" || field.type === "button") {
      return;
    }
    var filled = false;
    if (field.tagName === "SELECT") {
      filled = Array.prototype.some.call(field.selectedOptions, function (option) { return option.value !== ""; });
    } else if (field.type === "checkbox" || field.type === "radio") {
      filled = field.checked && field.value !== "";
    } else {
      filled = field.value.trim() !== "";
    }
    names[field.name] = names[field.name] || filled;
  });
  return Object.keys(names).filter(function (name) { return names[name]; }).length;
}
function refreshFiltersButton(event) {
  var form = event.target.closest ? event.target.closest("form#filters") : null;
  var button = document.querySelector("[data-testid=filters-toggle]");
  var labels = document.getElementById("filters-labels");
  if (!form || !button || !labels) {
    return;
  }
  var n = countActiveFilters(form);
  var label = labels.content.querySelector('[data-n="' + n + '"]');
  button.setAttribute("data-active", String(n));
  if (label) {
    button.textContent = label.textContent;
  }
}
document.addEventListener("change", refreshFiltersButton);
document.addEventListener("input", refreshFiltersButton);

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

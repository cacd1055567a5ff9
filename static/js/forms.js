/* Forms that help: searchable pickers, the error summary and character counters. Loaded by form pages through
   {% form_media %} (core/templatetags/form_help.py), after jQuery and Select2 where a page has a picker.
   Without this file every field still works: pickers are plain selects, errors are listed at the top, counters
   show the count the page was rendered with. */
(function () {
  "use strict";
  if (window.wiqayaForms) {
    return;
  }
  window.wiqayaForms = true;

  var ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩";
  var PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹";

  /* Text as a search compares it: lower case, Arabic-Indic digits as 0–9, Arabic letters in one spelling (hamza
     forms of alef, alef maqsura, ta marbuta), without diacritics or tatweel; the same rules as core/text.py. */
  function normalise(text) {
    var out = "";
    var value = String(text || "").toLowerCase();
    for (var i = 0; i < value.length; i++) {
      var c = value.charAt(i);
      var d = ARABIC_DIGITS.indexOf(c);
      if (d < 0) {
        d = PERSIAN_DIGITS.indexOf(c);
      }
      if (d >= 0) {
        out += String(d);
      } else if ("أإآٱ".indexOf(c) >= 0) {
        out += "ا";
      } else if (c === "ى") {
        out += "ي";
      } else if (c === "ة") {
        out += "ه";
      } else if (c === "ـ" || (c >= "\u064B" && c <= "\u065F") || c === "\u0670") {
        continue;
      } else {
        out += c;
      }
    }
    try {
      out = out.normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    } catch (e) { /* an old browser: accents stay */ }
    return out;
  }

  function words(term) {
    return normalise(term).split(/\s+/).filter(function (word) { return word; });
  }

  function haystack(data) {
    var extra = data.element && data.element.getAttribute ? data.element.getAttribute("data-search") : "";
    return normalise((data.text || "") + " " + (extra || ""));
  }

  /* Select2's matcher: every typed word must appear in the option's label, in what else it answers to
     (data-search: the other language's title, other wordings) or in its group's heading. */
  function matcher(params, data, group) {
    var wanted = words(params.term);
    if (!wanted.length) {
      return data;
    }
    if (data.children && data.children.length) {
      var kept = [];
      for (var i = 0; i < data.children.length; i++) {
        if (matcher(params, data.children[i], data.text)) {
          kept.push(data.children[i]);
        }
      }
      if (!kept.length) {
        return null;
      }
      var copy = window.jQuery.extend({}, data);
      copy.children = kept;
      return copy;
    }
    var text = haystack(data) + " " + normalise(group || "");
    for (var w = 0; w < wanted.length; w++) {
      if (text.indexOf(wanted[w]) < 0) {
        return null;
      }
    }
    return data;
  }

  function pickers(root) {
    var $ = window.jQuery;
    if (!$ || !$.fn || !$.fn.select2) {
      return;
    }
    var html = document.documentElement;
    $(root).find("select[data-searchable]").each(function () {
      if (this.getAttribute("data-select2-id") || this.classList.contains("select2-hidden-accessible")) {
        return;
      }
      var select = this;
      $(select).select2({
        width: "100%",
        dir: html.getAttribute("dir") || "ltr",
        language: html.getAttribute("lang") || "en",
        placeholder: select.getAttribute("data-placeholder") || "",
        closeOnSelect: !select.multiple,
        matcher: function (params, data) { return matcher(params, data, ""); }
      });
      var container = $(select).next(".select2");
      if (select.getAttribute("aria-invalid") === "true") {
        container.addClass("is-invalid");
      }
      // The field's label names the picker's box for screen readers and opens it when clicked.
      var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
      if (label) {
        if (!label.id) {
          label.id = select.id + "_label";
        }
        container.find(".select2-selection").attr("aria-labelledby", label.id);
        container.find(".select2-search__field").attr("aria-labelledby", label.id);
        label.addEventListener("click", function (event) {
          event.preventDefault();
          focusField(select);
        });
      }
    });
  }

  /* Focus a field, or the picker that stands for it. */
  function focusField(element) {
    var $ = window.jQuery;
    if ($ && element.classList.contains("select2-hidden-accessible")) {
      var container = $(element).next(".select2");
      container[0].scrollIntoView({block: "center"});
      var search = container.find(".select2-search__field");
      if (search.length) {
        search[0].focus();
      } else {
        container.find(".select2-selection")[0].focus();
      }
      return;
    }
    var wrapper = element.closest("[data-field]") || element;
    wrapper.scrollIntoView({block: "center"});
    element.focus();
  }

  /* Fields with errors say so to screen readers and point at their messages. */
  function markInvalid(root) {
    var wrappers = root.querySelectorAll(".field-invalid");
    for (var i = 0; i < wrappers.length; i++) {
      var field = wrappers[i].querySelector("input, select, textarea");
      if (!field) {
        continue;
      }
      field.setAttribute("aria-invalid", "true");
      field.classList.add("is-invalid");
      var ids = [];
      var messages = wrappers[i].querySelectorAll(".invalid-feedback[id]");
      for (var m = 0; m < messages.length; m++) {
        ids.push(messages[m].id);
      }
      describe(field, ids);
    }
  }

  function describe(field, ids) {
    var current = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) { return id; });
    ids.forEach(function (id) {
      if (current.indexOf(id) < 0) {
        current.push(id);
      }
    });
    if (current.length) {
      field.setAttribute("aria-describedby", current.join(" "));
    }
  }

  /* The error summary takes the focus when the page opens; each of its links takes the reader to its field. */
  function summary(root) {
    var box = root.querySelector("[data-error-summary]");
    if (!box) {
      return;
    }
    box.focus();
    box.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[data-error-link]") : null;
      if (!link) {
        return;
      }
      var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
      if (target) {
        event.preventDefault();
        if (window.history && window.history.replaceState) {
          window.history.replaceState(null, "", link.getAttribute("href"));
        }
        focusField(target);
      }
    });
  }

  /* Digits as the page shows them: Western unless the page asks for Arabic-Indic ones (<html data-digits="arab">). */
  function digits(number) {
    var text = String(number);
    if (document.documentElement.getAttribute("data-digits") !== "arab") {
      return text;
    }
    return text.replace(/[0-9]/g, function (d) { return ARABIC_DIGITS.charAt(Number(d)); });
  }

  /* "12 / 200" under a field with a maximum length, kept up to date as the person types. */
  function counters(root) {
    var boxes = root.querySelectorAll("[data-char-count]");
    for (var i = 0; i < boxes.length; i++) {
      (function (box) {
        var field = document.getElementById(box.getAttribute("data-char-count"));
        var used = box.querySelector("[data-used]");
        var limit = Number(box.getAttribute("data-limit"));
        if (!field || !used || !limit || box.hasAttribute("data-counting")) {
          return;
        }
        box.setAttribute("data-counting", "");
        describe(field, [box.id]);
        var update = function () {
          var length = field.value.length;
          used.textContent = digits(length);
          box.classList.toggle("char-count-near", length >= limit * 0.9 && length < limit);
          box.classList.toggle("char-count-full", length >= limit);
        };
        field.addEventListener("input", update);
        update();
      })(boxes[i]);
    }
  }

  /* A goal suggestion's "Choose" button (wiqaya.js selects the option): the picker shows the choice too. */
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-select-goal]") : null;
    var select = button ? document.querySelector(button.getAttribute("data-target")) : null;
    if (select && window.jQuery) {
      window.jQuery(select).trigger("change");
    }
  });

  function start() {
    markInvalid(document);
    pickers(document);
    counters(document);
    summary(document);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  // Parts of a page that HTMX swaps in (a formset row, a partial form) get the same behaviour.
  document.addEventListener("htmx:afterSettle", function (event) {
    markInvalid(event.target);
    pickers(event.target);
    counters(event.target);
  });
})();

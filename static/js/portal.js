// Small behaviours for the portal's pages. Loaded as a file: the CSP forbids inline script and handlers.
(function () {
  "use strict";

  document.addEventListener("DOMContentLoaded", function () {
    // A form marked data-submit-once disables its buttons once sent, so a double click posts once.
    // (The services refuse a second record anyway; this only spares the user the message.)
    document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
      form.addEventListener("submit", function (event) {
        form.querySelectorAll("button[type=submit]").forEach(function (button) {
          window.setTimeout(function () {
            // A submit stopped in the page (a body over the size limit, session.js) leaves the buttons usable.
            if (!event.defaultPrevented) button.disabled = true;
          }, 0);
        });
      });
    });

    // Coming back with the browser's back button must not leave the buttons disabled.
    window.addEventListener("pageshow", function () {
      document.querySelectorAll("form[data-submit-once] button[type=submit]").forEach(function (button) {
        button.disabled = false;
      });
    });

    // A filter form marked data-auto-submit applies as soon as its choice changes.
    document.querySelectorAll("form[data-auto-submit] select").forEach(function (select) {
      select.addEventListener("change", function () {
        select.form.requestSubmit();
      });
    });
  });
})();

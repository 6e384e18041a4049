// Nothing typed is lost (portal/session.py): the idle warning with "stay signed in", a form filled back in after
// signing in again, and drafts of the long forms kept in this browser while typing. Loaded as a file: the CSP
// forbids inline script.
(function () {
  "use strict";

  var WARN_BEFORE_SECONDS = 5 * 60;
  var ACTIVITY_KEY = "portal-last-activity"; // shared by the tabs: a request in any of them renews the session
  var SENT_KEY = "portal-draft-sent";
  var DRAFT_MAX_AGE_MS = 7 * 24 * 3600 * 1000;

  function storage(kind) {
    try {
      var store = window[kind];
      store.setItem("portal-probe", "1");
      store.removeItem("portal-probe");
      return store;
    } catch (error) {
      return null; // private mode or storage switched off: the page still works, without drafts
    }
  }

  var local = storage("localStorage");
  var perTab = storage("sessionStorage");

  // --- What a form holds, and filling it back in -----------------------------------------------------------------
  function fieldsOf(form) {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.disabled || element.name === "csrfmiddlewaretoken") return;
      if (element.type === "file" || element.type === "submit" || element.type === "button") return;
      if (/__kept$/.test(element.name)) return;
      var values = fields[element.name] || (fields[element.name] = []);
      if (element.type === "checkbox" || element.type === "radio") {
        if (element.checked) values.push(element.value);
      } else if (element.tagName === "SELECT" && element.multiple) {
        Array.prototype.forEach.call(element.selectedOptions, function (option) {
          values.push(option.value);
        });
      } else {
        values.push(element.value);
      }
    });
    return fields;
  }

  function fill(form, fields) {
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || !(element.name in fields) || element.name === "csrfmiddlewaretoken") return;
      if (element.type === "file" || element.type === "submit" || element.type === "button") return;
      var values = fields[element.name];
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = values.indexOf(element.value) !== -1;
      } else if (element.tagName === "SELECT" && element.multiple) {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = values.indexOf(option.value) !== -1;
        });
      } else if (values.length) {
        element.value = values[0];
      }
    });
  }

  function fillCheckboxesToo(form, fields) {
    // A POST carries no unticked box: a box absent from the stash was unticked.
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
      if (box.name && !(box.name in fields)) fields[box.name] = [];
    });
    fill(form, fields);
  }

  function mainForm() {
    return document.querySelector("main form[method=post], main form[method=POST]");
  }

  function showsErrors(form) {
    return !!form.querySelector(".is-invalid, .alert-danger");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var body = document.body;
    var owner = body.getAttribute("data-draft-owner");

    // --- A form sent after the session ended, filled back in (portal.session.rescued_form) ----------------------
    var rescued = document.getElementById("portal-rescued-form");
    var form = mainForm();
    if (rescued && form) {
      fillCheckboxesToo(form, JSON.parse(rescued.textContent));
    }

    // --- Drafts of the long forms in this browser ----------------------------------------------------------------
    if (local && owner) {
      var sent = perTab && perTab.getItem(SENT_KEY);
      if (sent && document.querySelector(".portal-messages .alert-success")) {
        local.removeItem(sent); // the form it was typed into has been saved
        perTab.removeItem(SENT_KEY);
      }
      var draftForm = document.querySelector("form[data-draft]");
      if (draftForm) {
        var key = "portal-draft:" + owner + ":" + window.location.pathname;
        var saved = null;
        try {
          saved = JSON.parse(local.getItem(key) || "null");
        } catch (error) {
          saved = null;
        }
        if (saved && Date.now() - saved.at > DRAFT_MAX_AGE_MS) {
          local.removeItem(key);
          saved = null;
        }
        // The server's re-shown form (with its errors) or a rescued form holds the latest words: no draft over them.
        if (saved && !rescued && !showsErrors(draftForm)) {
          fill(draftForm, saved.fields);
          var notice = document.getElementById("portal-draft-notice");
          if (notice) {
            notice.classList.remove("d-none");
            var discard = notice.querySelector("[data-draft-action=discard]");
            if (discard) {
              discard.addEventListener("click", function () {
                local.removeItem(key);
                window.location.reload();
              });
            }
          }
        }
        var timer = null;
        var keep = function () {
          window.clearTimeout(timer);
          timer = window.setTimeout(function () {
            try {
              local.setItem(key, JSON.stringify({ at: Date.now(), fields: fieldsOf(draftForm) }));
            } catch (error) {
              // storage full: the server-side rescue still guards the submit
            }
          }, 400);
        };
        draftForm.addEventListener("input", keep);
        draftForm.addEventListener("change", keep);
        draftForm.addEventListener("submit", function () {
          local.setItem(key, JSON.stringify({ at: Date.now(), fields: fieldsOf(draftForm) }));
          if (perTab) perTab.setItem(SENT_KEY, key);
        });
      }
      // Signing out on a shared computer leaves no drafts behind.
      document.querySelectorAll("form[action$='/accounts/logout/']").forEach(function (logout) {
        logout.addEventListener("submit", function () {
          Object.keys(local)
            .filter(function (name) {
              return name.indexOf("portal-draft:" + owner + ":") === 0;
            })
            .forEach(function (name) {
              local.removeItem(name);
            });
        });
      });
    }

    // --- A form body over the server's limit is stopped here, with everything typed still in the page -----------
    var maxBytes = parseInt(body.getAttribute("data-max-form-bytes") || "0", 10);
    var tooBig = document.getElementById("portal-form-too-big");
    if (maxBytes && tooBig && window.TextEncoder) {
      var encoder = new TextEncoder();
      document.querySelectorAll("form[method=post], form[method=POST]").forEach(function (post) {
        post.addEventListener("submit", function (event) {
          var fields = fieldsOf(post);
          var size = 0;
          Object.keys(fields).forEach(function (name) {
            fields[name].forEach(function (value) {
              size += encoder.encode(name + "=" + value + "&").length;
            });
          });
          if (size > maxBytes) {
            event.preventDefault();
            post.insertBefore(tooBig, post.firstChild);
            tooBig.classList.remove("d-none");
            tooBig.scrollIntoView({ block: "center" });
          }
        });
      });
    }

    // --- The idle warning ----------------------------------------------------------------------------------------
    var idleSeconds = parseInt(body.getAttribute("data-idle-seconds") || "0", 10);
    var keepaliveUrl = body.getAttribute("data-keepalive-url");
    var warning = document.getElementById("portal-idle-warning");
    if (!idleSeconds || !keepaliveUrl || !warning) return;

    var lastActivity = Date.now();
    var touch = function () {
      lastActivity = Date.now();
      if (local) local.setItem(ACTIVITY_KEY, String(lastActivity));
      warning.classList.add("d-none");
    };
    var latest = function () {
      var shared = local ? parseInt(local.getItem(ACTIVITY_KEY) || "0", 10) : 0;
      return Math.max(lastActivity, shared || 0);
    };
    var showExpired = function () {
      warning.querySelector("[data-idle-text=warning]").classList.add("d-none");
      warning.querySelector("[data-idle-text=expired]").classList.remove("d-none");
      warning.querySelector("[data-idle-action=stay]").classList.add("d-none");
      warning.classList.remove("d-none");
    };
    touch(); // this page's own request renewed the session
    document.body.addEventListener("htmx:afterRequest", function (event) {
      // A request the page makes by itself (the unread badge's poll) renews nothing on the server (passive_session):
      // it is not activity either.
      // The element that sent it: requestConfig.elt, since after an outerHTML swap htmx reports the event on the
      // parent (the badge's link), which is not passive.
      var detail = event.detail || {};
      var source = (detail.requestConfig && detail.requestConfig.elt) || detail.elt;
      if (source && source.closest && source.closest("[data-idle-passive]")) return;
      touch();
    });

    warning.querySelector("[data-idle-action=stay]").addEventListener("click", function () {
      fetch(keepaliveUrl, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
        .then(function (response) {
          if (response.status === 204) touch();
          else showExpired();
        })
        .catch(function () {
          // offline: keep the warning up; the rescue on the server keeps the form either way
        });
    });

    window.setInterval(function () {
      var idle = (Date.now() - latest()) / 1000;
      if (idle >= idleSeconds) {
        showExpired();
      } else if (idle >= idleSeconds - WARN_BEFORE_SECONDS) {
        warning.classList.remove("d-none");
      } else {
        warning.classList.add("d-none");
      }
    }, 10000);
  });
})();

// The form that asks for a report: offer only the scopes the chosen kind is made for (the server checks again).
(function () {
  "use strict";

  function setup() {
    var data = document.getElementById("report-kind-scopes");
    var kind = document.querySelector("select[name=kind]");
    var target = document.querySelector("select[name=target]");
    if (!data || !kind || !target) return;
    var scopes = JSON.parse(data.textContent);

    function filter() {
      var allowed = scopes[kind.value] || [];
      var first = null;
      Array.prototype.forEach.call(target.options, function (option) {
        var ok = allowed.indexOf(option.value.split(":")[0]) !== -1;
        option.hidden = !ok;
        option.disabled = !ok;
        if (ok && first === null) first = option;
      });
      var chosen = target.options[target.selectedIndex];
      if ((!chosen || chosen.disabled) && first) first.selected = true;
    }

    kind.addEventListener("change", filter);
    filter();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();

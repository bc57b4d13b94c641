// Staff inbox: a check box in the table's head ticks every opinion of the
// page; choosing "every opinion matching the filter" leaves only the
// answer button, which that choice is for.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    var all = document.getElementById("select-all");
    var boxes = Array.prototype.slice.call(document.querySelectorAll(".op-select"));
    if (all) {
      all.addEventListener("change", function () {
        boxes.forEach(function (b) { b.checked = all.checked; });
      });
      boxes.forEach(function (b) {
        b.addEventListener("change", function () {
          all.checked = boxes.every(function (x) { return x.checked; });
        });
      });
    }
    var matching = document.getElementById("scope-matching");
    var moderate = Array.prototype.slice.call(document.querySelectorAll('.inbox-buttons button[value="publish"], .inbox-buttons button[value="hide"]'));
    function scope() {
      moderate.forEach(function (b) { b.disabled = !!(matching && matching.checked); });
    }
    document.querySelectorAll('input[name="scope"]').forEach(function (r) { r.addEventListener("change", scope); });
    scope();
  });
})();

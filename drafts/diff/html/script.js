(function () {
  // j / k: next / previous change. Opens a folded group if needed.
  var rows = Array.prototype.slice.call(document.querySelectorAll(".lifa-compare [data-changed]"));
  var cur = -1;
  function go(i) {
    if (rows.length === 0) return;
    cur = Math.max(0, Math.min(rows.length - 1, i));
    var el = rows[cur];
    var d = el.closest("details");
    if (d) d.open = true;
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "center" });
    if (history.replaceState) history.replaceState(null, "", "#" + el.id);
  }
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
    if (e.key === "j") { go(cur + 1); e.preventDefault(); }
    else if (e.key === "k") { go(cur - 1); e.preventDefault(); }
  });
  // Opening a link to a folded article unfolds it.
  function openTarget() {
    if (!location.hash) return;
    var el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!el) return;
    var d = el.closest("details");
    if (d) { d.open = true; el.scrollIntoView(); }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
  // Print everything, folded or not.
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".lifa-compare details.fold").forEach(function (d) { d.open = true; });
  });
})();

// Lifa — small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // When the page opens at an article (#art-12), move keyboard focus there
  // so that Tab continues from the article rather than from the top.
  function focusTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id) return;
    var el = document.getElementById(id);
    if (!el) return;
    if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "-1");
    el.focus({ preventScroll: true });
  }
  window.addEventListener("hashchange", focusTarget);
  document.addEventListener("DOMContentLoaded", focusTarget);
})();

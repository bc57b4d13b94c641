// Opinions area: quote a selected span of an article into the opinion form
// (mouse, touch or keyboard selection), and count the characters typed.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    var text = document.getElementById("article-text");
    var raw = document.getElementById("article-raw");
    var quote = document.getElementById("quote");
    var qs = document.getElementById("quote_start");
    var qe = document.getElementById("quote_end");
    var btn = document.getElementById("quote-selection");
    function takeSelection() {
      var sel = window.getSelection();
      if (!sel || sel.rangeCount === 0 || !text || !quote) { return false; }
      var range = sel.getRangeAt(0);
      if (!text.contains(range.commonAncestorContainer)) { return false; }
      var s = sel.toString().replace(/\s+/g, "").trim();
      if (!s) { return false; }
      quote.value = s;
      // Offsets in the article's text (runes); the server checks them and
      // corrects them when the quote occurs elsewhere.
      var all = Array.from(raw ? raw.textContent : text.textContent);
      var joined = all.join("");
      var at = joined.indexOf(s);
      if (at >= 0) {
        var start = Array.from(joined.slice(0, at)).length;
        qs.value = start;
        qe.value = start + Array.from(s).length;
      } else {
        qs.value = 0; qe.value = 0;
      }
      quote.focus();
      return true;
    }
    if (btn) {
      btn.addEventListener("click", function () {
        if (!takeSelection()) {
          btn.textContent = "请先在原文中选中文字";
          window.setTimeout(function () { btn.textContent = "引用选中的文字"; }, 2500);
        }
      });
    }
    if (text) {
      text.addEventListener("mouseup", function () { if (window.getSelection().toString()) { takeSelection(); } });
      text.addEventListener("touchend", function () { window.setTimeout(function () { if (window.getSelection().toString()) { takeSelection(); } }, 50); });
      text.addEventListener("keyup", function (e) { if (e.shiftKey && window.getSelection().toString()) { takeSelection(); } });
    }
    var ta = document.getElementById("text");
    var count = document.getElementById("text-count");
    if (ta && count) {
      var upd = function () { count.textContent = "已输入 " + Array.from(ta.value).length + " / 5000 字"; };
      ta.addEventListener("input", upd);
      upd();
    }
  });
})();

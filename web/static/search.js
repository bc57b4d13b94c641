// Lifa search: on a version page opened from a search hit
// (/versions/12?hl=停车泊位#art-10), mark every occurrence of the searched
// words in the text, matching as the index does (full-width = half-width,
// case ignored). Without this file the page works the same, unmarked.
(function () {
  "use strict";
  function fold(s) {
    var out = "";
    for (var i = 0; i < s.length; i++) {
      var c = s.charCodeAt(i);
      if (c >= 0xff01 && c <= 0xff5e) c -= 0xfee0;
      else if (c === 0x3000 || c === 0xa0) c = 32;
      out += String.fromCharCode(c);
    }
    return out.toLowerCase();
  }
  function mark(root, words) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var count = 0;
    nodes.forEach(function (node) {
      var text = node.nodeValue, f = fold(text), spans = [];
      words.forEach(function (w) {
        for (var i = f.indexOf(w); i >= 0 && w; i = f.indexOf(w, i + 1)) spans.push([i, i + w.length]);
      });
      if (!spans.length) return;
      spans.sort(function (a, b) { return a[0] - b[0]; });
      var merged = [spans[0]];
      spans.slice(1).forEach(function (s) {
        var last = merged[merged.length - 1];
        if (s[0] <= last[1]) last[1] = Math.max(last[1], s[1]); else merged.push(s);
      });
      var frag = document.createDocumentFragment(), pos = 0;
      merged.forEach(function (s) {
        frag.appendChild(document.createTextNode(text.slice(pos, s[0])));
        var m = document.createElement("mark");
        m.className = "hl";
        m.textContent = text.slice(s[0], s[1]);
        frag.appendChild(m);
        pos = s[1];
        count++;
      });
      frag.appendChild(document.createTextNode(text.slice(pos)));
      node.parentNode.replaceChild(frag, node);
    });
    return count;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var params = new URLSearchParams(location.search);
    var words = params.getAll("hl").map(function (w) { return fold(w).trim(); }).filter(Boolean);
    if (!words.length) return;
    var root = document.querySelector(".document") || document.getElementById("main");
    if (!root) return;
    mark(root, words);
    var target = location.hash && document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (target) target.classList.add("search-target");
  });
})();

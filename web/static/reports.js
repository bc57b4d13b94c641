// Report editor (修改情况的汇报): move sections up and down, link and unlink
// opinions, keep the section numbers and the hidden order fields in step,
// and say what happened to screen readers. The form works without this
// file: the order fields and the opinion ids are then typed by hand.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    var form = document.getElementById("report-form");
    var list = document.getElementById("sections");
    if (!form || !list) { return; }
    var live = document.getElementById("announce");
    var options = {};
    Array.prototype.forEach.call(document.querySelectorAll("#op-list option"), function (o) {
      options[o.value] = o.getAttribute("label") || o.value;
    });
    form.classList.add("js-on");
    Array.prototype.forEach.call(form.querySelectorAll(".op-add"), function (d) { d.hidden = false; });

    function say(text) { if (live) { live.textContent = ""; window.setTimeout(function () { live.textContent = text; }, 50); } }
    function sections() { return Array.prototype.slice.call(list.querySelectorAll(":scope > .report-section")); }
    function heading(li) { var h = li.querySelector("input[id^='heading_']"); return h && h.value ? "“" + h.value + "”" : "该部分"; }
    function renumber() {
      var all = sections();
      all.forEach(function (li, i) {
        li.querySelector(".sec-num").textContent = String(i + 1);
        li.querySelector(".sec-order").value = String(i + 1);
        li.querySelector(".sec-up").disabled = i === 0;
        li.querySelector(".sec-down").disabled = i === all.length - 1;
      });
    }
    function move(btn) {
      var li = btn.closest(".report-section");
      var up = btn.getAttribute("data-dir") === "up";
      var other = up ? li.previousElementSibling : li.nextElementSibling;
      if (!other) { return; }
      if (up) { list.insertBefore(li, other); } else { list.insertBefore(other, li); }
      renumber();
      li.classList.remove("moved");
      void li.offsetWidth;
      li.classList.add("moved");
      var target = btn.disabled ? li.querySelector(up ? ".sec-down" : ".sec-up") : btn;
      target.focus();
      say(heading(li) + "已移为第 " + (sections().indexOf(li) + 1) + " 部分");
      dirty = true;
    }
    function ids(input) {
      return input.value.split(/[\s,，、]+/).filter(function (s) { return s !== ""; });
    }
    function unlink(btn) {
      var li = btn.closest(".report-section");
      var id = btn.getAttribute("data-op");
      var input = li.querySelector(".op-ids");
      input.value = ids(input).filter(function (s) { return s !== id; }).join(", ");
      var chip = btn.closest(".op-chip");
      var next = chip.nextElementSibling || chip.previousElementSibling;
      chip.parentNode.removeChild(chip);
      (next ? next.querySelector(".op-unlink") : input).focus();
      say("已取消关联意见 " + id);
      dirty = true;
    }
    function chip(id) {
      var item = document.createElement("li");
      item.className = "op-chip";
      item.setAttribute("data-op", id);
      var meta = document.createElement("span");
      meta.className = "op-meta";
      meta.textContent = options[id];
      var b = document.createElement("button");
      b.type = "button";
      b.className = "link op-unlink";
      b.setAttribute("data-op", id);
      b.textContent = "取消关联";
      var hidden = document.createElement("span");
      hidden.className = "visually-hidden";
      hidden.textContent = "意见 " + id;
      b.appendChild(hidden);
      item.appendChild(meta);
      item.appendChild(document.createTextNode(" "));
      item.appendChild(b);
      return item;
    }
    function link(btn) {
      var li = btn.closest(".report-section");
      var pick = li.querySelector(".op-pick");
      var m = /\d+/.exec(pick.value);
      var id = m ? m[0] : "";
      if (!id || !options[id]) { say("请从列表中选择一条意见"); pick.focus(); return; }
      var input = li.querySelector(".op-ids");
      var have = ids(input);
      if (have.indexOf(id) >= 0) { say("意见 " + id + " 已关联"); return; }
      have.push(id);
      input.value = have.join(", ");
      li.querySelector(".op-chips").appendChild(chip(id));
      pick.value = "";
      pick.focus();
      say("已关联意见 " + id);
      dirty = true;
    }
    var dirty = false;
    form.addEventListener("click", function (e) {
      var t = e.target.closest("button");
      if (!t || !form.contains(t)) { return; }
      if (t.classList.contains("sec-up") || t.classList.contains("sec-down")) { move(t); }
      else if (t.classList.contains("op-unlink")) { unlink(t); }
      else if (t.classList.contains("op-link")) { link(t); }
    });
    // Enter in the opinion picker links the opinion instead of submitting
    // the form (both events: some input methods send only one).
    form.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && e.target.classList.contains("op-pick")) {
        e.preventDefault();
        link(e.target.closest(".report-section").querySelector(".op-link"));
      }
    });
    form.addEventListener("keypress", function (e) {
      if (e.key === "Enter" && e.target.classList.contains("op-pick")) { e.preventDefault(); }
    });
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    window.addEventListener("beforeunload", function (e) { if (dirty) { e.preventDefault(); e.returnValue = ""; } });
    renumber();
  });
})();

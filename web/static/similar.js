// Lifa 类似规定: under each article of a version or consultation page, the
// link "类似规定" (to the article's page of similar provisions) becomes a
// button that opens a panel below the article and loads its content only
// then, from …/similar/panel. Filters and the switch to 上位法依据 reload the
// panel in place; keyboard focus goes to the panel's status line after a
// reload, back to the button when the panel is closed with Escape. Without
// this file the link leads to the page, which works the same.
(function () {
  "use strict";
  var seq = 0;

  function statusOf(panel) { return panel.querySelector(".similar-status"); }

  // load fetches url (a panel address) into panel; focus moves to its
  // status line when moveFocus is set.
  function load(panel, url, page, moveFocus) {
    panel.setAttribute("aria-busy", "true");
    panel.innerHTML = '<p class="similar-status" tabindex="-1">正在查找……</p>';
    fetch(url, { headers: { "Accept": "text/html" }, credentials: "same-origin" }).then(function (r) {
      var type = r.headers.get("Content-Type") || "";
      if (type.indexOf("text/html") !== 0 || [200, 400, 404, 503].indexOf(r.status) < 0) {
        throw new Error("status " + r.status);
      }
      return r.text();
    }).then(function (html) {
      panel.innerHTML = html;
    }).catch(function () {
      panel.innerHTML = '<p class="similar-status" tabindex="-1"><strong class="similar-error">暂时无法加载类似规定，请稍后再试。</strong> ' +
        '<a href="' + page + '">打开类似规定页面</a></p>';
    }).then(function () {
      panel.removeAttribute("aria-busy");
      var st = statusOf(panel);
      if (st) {
        document.getElementById(panel.dataset.live).textContent = st.textContent;
        if (moveFocus) st.focus();
      }
    });
  }

  // panelURL turns a page address (…/similar?x) into the panel's (…/similar/panel?x).
  function panelURL(href) {
    var u = new URL(href, location.href);
    u.pathname = u.pathname.replace(/\/similar$/, "/similar/panel");
    return u.toString();
  }

  function upgrade(link) {
    var id = "similar-" + (++seq);
    var btn = document.createElement("button");
    btn.type = "button";
    btn.className = "link similar-button";
    btn.innerHTML = link.innerHTML; // 类似规定 and the article's label, hidden
    btn.setAttribute("aria-expanded", "false");
    btn.dataset.page = link.href;
    btn.dataset.panel = id;
    link.parentNode.replaceChild(btn, link);
  }

  function toggle(btn) {
    var panel = document.getElementById(btn.dataset.panel);
    if (!panel) {
      panel = document.createElement("div");
      panel.id = btn.dataset.panel;
      panel.className = "similar-panel no-print";
      panel.setAttribute("role", "region");
      panel.setAttribute("aria-label", btn.textContent);
      panel.dataset.page = btn.dataset.page;
      panel.dataset.live = btn.dataset.panel + "-live";
      var live = document.createElement("p");
      live.id = panel.dataset.live;
      live.className = "visually-hidden";
      live.setAttribute("role", "status");
      // the panel goes after the tools' line (a <p>), inside the article
      var at = btn.closest("p") || btn;
      at.parentNode.insertBefore(live, at.nextSibling);
      at.parentNode.insertBefore(panel, live.nextSibling);
      btn.setAttribute("aria-controls", panel.id);
      load(panel, panelURL(btn.dataset.page), btn.dataset.page, false);
    } else {
      panel.hidden = !panel.hidden;
    }
    btn.setAttribute("aria-expanded", panel.hidden ? "false" : "true");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var links = document.querySelectorAll("a.similar-link");
    for (var i = 0; i < links.length; i++) upgrade(links[i]);
  });

  document.addEventListener("click", function (e) {
    var btn = e.target.closest("button.similar-button");
    if (btn) { toggle(btn); return; }
    var a = e.target.closest(".similar-panel a[data-panel-link]");
    if (a) {
      e.preventDefault();
      var panel = a.closest(".similar-panel");
      load(panel, panelURL(a.href), a.href, true);
    }
  });

  document.addEventListener("submit", function (e) {
    var form = e.target.closest(".similar-panel form.similar-filter");
    if (!form) return;
    e.preventDefault();
    var q = new URLSearchParams(new FormData(form)).toString();
    var page = form.action + (q ? "?" + q : "");
    load(form.closest(".similar-panel"), panelURL(page), page, true);
  });

  // Escape in an open panel closes it and returns to its button.
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    var panel = e.target.closest && e.target.closest(".similar-panel");
    if (!panel || panel.hidden) return;
    var btn = document.querySelector('button[aria-controls="' + panel.id + '"]');
    panel.hidden = true;
    if (btn) { btn.setAttribute("aria-expanded", "false"); btn.focus(); }
  });
})();

// People area: the meeting form adds a row in place ("再加一行"); without
// JavaScript the link reloads the form with more rows.
(function () {
  'use strict';
  var more = document.getElementById('more-rows');
  if (!more) { return; }
  more.textContent = '再加一行';
  more.setAttribute('role', 'button');
  more.addEventListener('click', function (e) {
    var rows = document.querySelectorAll('#meeting-rows .meeting-row');
    var last = rows[rows.length - 1];
    var n = Number(last.getAttribute('data-row')) + 1;
    e.preventDefault();
    if (n > Number(more.getAttribute('data-max'))) { return; }
    var row = last.cloneNode(true);
    row.id = 'row-' + n;
    row.setAttribute('data-row', String(n));
    row.classList.remove('row-error');
    row.querySelectorAll('.row-problem').forEach(function (p) { p.remove(); });
    row.querySelector('.row-label').textContent = '第 ' + n + ' 行';
    var rename = function (v) { return v.replace(/_\d+$/, '_' + n); };
    row.querySelectorAll('input, textarea').forEach(function (el) {
      el.id = rename(el.id);
      el.name = rename(el.name);
      el.value = '';
      el.removeAttribute('aria-invalid');
      el.removeAttribute('aria-describedby');
    });
    row.querySelectorAll('label').forEach(function (l) { l.htmlFor = rename(l.htmlFor); });
    last.after(row);
    row.querySelector('input').focus();
  });
}());

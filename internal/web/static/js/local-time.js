// Times of a consultation are written in the body's time zone by the server; this adds
// the reader's own clock, which only the browser knows. Without it the page still says
// when, in the body's zone.
(function () {
  'use strict';
  var lang = document.documentElement.lang || undefined;
  var els = document.querySelectorAll('time[data-local]');
  for (var i = 0; i < els.length; i++) {
    var t = new Date(els[i].getAttribute('datetime'));
    if (isNaN(t)) { continue; }
    var s = document.createElement('span');
    s.className = 'muted';
    s.textContent = ' (' + t.toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' }) + ')';
    els[i].after(s);
  }
})();

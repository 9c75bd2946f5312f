// Live lists of speakers. The server streams each new state of a list as an event;
// this script swaps it into the room's screen ("swap"), or on a page with forms
// ("reload") reloads once nobody is typing, or else says the list changed. Timers tick
// here, from the instants the server sent, corrected by the server's clock. Without
// this script the room's screen refreshes itself every ten seconds.
(function () {
  'use strict';
  var offset = 0; // the server's clock minus this one, in milliseconds

  function clock(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    var h = Math.floor(s / 3600), m = Math.floor(s / 60) % 60, r = s % 60;
    var mm = (h > 0 && m < 10 ? '0' : '') + m, ss = (r < 10 ? '0' : '') + r;
    return (h > 0 ? h + ':' : '') + mm + ':' + ss;
  }

  function tick() {
    var now = Date.now() + offset;
    var timers = document.querySelectorAll('[data-timer]');
    for (var i = 0; i < timers.length; i++) {
      var t = timers[i];
      var used = Number(t.getAttribute('data-used')), since = Number(t.getAttribute('data-since'));
      var limit = Number(t.getAttribute('data-limit'));
      var spent = used + (since > 0 ? Math.max(0, now - since) : 0);
      var out = t.querySelector('.elapsed');
      if (out) { out.textContent = clock(spent); }
      t.classList.toggle('over', limit > 0 && spent > limit);
      t.classList.toggle('near', limit > 0 && spent <= limit && limit - spent <= 30000);
    }
  }

  var root = document.querySelector('[data-live]');
  if (root && window.EventSource) {
    var mode = root.getAttribute('data-mode');
    var status = document.querySelector('[data-live-status]');
    var dirty = false;
    document.addEventListener('input', function () { dirty = true; });
    document.addEventListener('change', function () { dirty = true; });
    var source = null, leaving = false, retries = 0;
    // A form sent from this page leads to a new page: the events of the change it makes
    // must not reload this one meanwhile, which would cancel that navigation.
    document.addEventListener('submit', function () { leaving = true; if (source) { source.close(); } });
    window.addEventListener('pagehide', function () { leaving = true; if (source) { source.close(); } });
    // The list's own address: a page shown after a refused form sits at the form's
    // address, and reloading it would send the form again.
    var here = root.getAttribute('data-list') || window.location.href;
    var onList = function (ev) {
      var d = JSON.parse(ev.data);
      retries = 0;
      offset = d.now - Date.now();
      if (status) { status.hidden = true; }
      if (d.version <= Number(root.getAttribute('data-version'))) { tick(); return; }
      if (mode === 'swap') {
        root.innerHTML = d.html; // rendered and escaped by the server's templates
        root.setAttribute('data-version', d.version);
        tick();
      } else if (!dirty) {
        window.location.assign(here);
      } else {
        var note = root.querySelector('[data-live-changed]');
        if (note) { note.hidden = false; }
      }
    };
    var connect = function () {
      source = new EventSource(root.getAttribute('data-live'));
      source.addEventListener('list', onList);
      source.addEventListener('error', function () {
        if (status) { status.hidden = false; }
        // The browser reconnects by itself after a dropped stream, but gives up for good
        // on a refusal (a full instance's 503, a proxy's 502 during a deploy): then try
        // again, later each time, at a random moment so that a room of screens does not
        // come back all at once.
        if (source.readyState === 2 && !leaving) {
          source.close();
          retries++;
          var wait = Math.min(60000, 1000 * Math.pow(2, retries)) * (0.5 + Math.random());
          window.setTimeout(connect, wait);
        }
      });
    };
    connect();
  }
  tick();
  window.setInterval(tick, 250);
})();

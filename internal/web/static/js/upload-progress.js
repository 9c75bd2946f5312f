// Shows how much of a large upload has gone (a campaign's CSV on a slow connection).
// The form is sent by XMLHttpRequest, whose upload reports progress, and the page the
// server answers replaces this one. Without this script the form posts as usual.
(function () {
  'use strict';
  var forms = document.querySelectorAll('form[data-progress]');
  for (var i = 0; i < forms.length; i++) {
    forms[i].addEventListener('submit', function (ev) {
      var form = ev.currentTarget, bar = form.querySelector('progress');
      if (!bar || !window.FormData) { return; }
      ev.preventDefault();
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      bar.hidden = false;
      xhr.upload.onprogress = function (e) {
        if (e.lengthComputable) { bar.value = Math.round(100 * e.loaded / e.total); }
      };
      xhr.onload = function () {
        document.open();
        document.write(xhr.responseText);
        document.close();
      };
      xhr.onerror = function () { form.submit(); };
      form.querySelector('button[type="submit"]').disabled = true;
      xhr.send(new FormData(form));
    });
  }
})();

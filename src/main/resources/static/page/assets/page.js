// The hosted payment page's script (templates/page/payment.html): everything it needs travels in
// data- attributes, so the file is the same for every page. Without it the page still works:
// forms post, links go, only the copy button, the countdown, the poll and the redirect wait for it.
(function () {
  'use strict';
  var main = document.getElementById('page');
  if (!main) { return; }
  var pageUrl = main.getAttribute('data-page-url');
  function reload() {
    if (pageUrl) { window.location.replace(pageUrl); } else { window.location.reload(); }
  }

  // Copy the payment code: Clipboard API, or a selected hidden textarea where it is missing.
  var copy = document.getElementById('copy-code');
  if (copy) {
    var label = copy.textContent;
    var feedback = document.getElementById('copy-feedback');
    var fallback = function (text) {
      var area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.className = 'offscreen';
      document.body.appendChild(area);
      area.select();
      area.setSelectionRange(0, text.length);
      var ok = false;
      try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
      document.body.removeChild(area);
      return ok;
    };
    var done = function (ok) {
      if (!ok) { return; }
      var copied = copy.getAttribute('data-copied');
      copy.textContent = copied;
      if (feedback) { feedback.textContent = copied; }
      setTimeout(function () {
        copy.textContent = label;
        if (feedback) { feedback.textContent = ''; }
      }, 2000);
    };
    copy.addEventListener('click', function () {
      var text = copy.getAttribute('data-copy') || '';
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { done(true); },
          function () { done(fallback(text)); });
      } else {
        done(fallback(text));
      }
    });
  }

  // Time left to pay, against the server's clock (a phone's clock may be off).
  var countdown = document.getElementById('countdown');
  if (countdown) {
    var expires = parseInt(countdown.getAttribute('data-expires'), 10);
    var skew = parseInt(countdown.getAttribute('data-now'), 10) - Date.now();
    var first = true;
    var timer = null;
    var pad = function (n) { return n < 10 ? '0' + n : String(n); };
    var tick = function () {
      var left = Math.floor((expires - (Date.now() + skew)) / 1000);
      if (!(left > 0)) {
        countdown.textContent = countdown.getAttribute('data-expired-text');
        if (timer !== null) { clearInterval(timer); }
        // Already expired when shown: the server has not closed the order yet; ask again gently.
        setTimeout(reload, first ? 10000 : 1500);
        return false;
      }
      first = false;
      countdown.textContent = pad(Math.floor(left / 3600)) + ':' + pad(Math.floor(left % 3600 / 60)) + ':' + pad(left % 60);
      return true;
    };
    if (tick()) { timer = setInterval(tick, 1000); }
  }

  // Waiting for the outcome: poll the order's status, reload when it moved.
  var stateUrl = main.getAttribute('data-state-url');
  var status = main.getAttribute('data-status');
  if (main.getAttribute('data-poll') === 'true' && stateUrl) {
    var poll = function () {
      var xhr = new XMLHttpRequest();
      xhr.open('GET', stateUrl, true);
      xhr.setRequestHeader('Accept', 'application/json');
      xhr.timeout = 10000;
      xhr.onloadend = function () {
        if (xhr.status === 200) {
          try {
            var body = JSON.parse(xhr.responseText);
            if (body && body.status && body.status !== status) { reload(); return; }
          } catch (e) { /* not JSON: ask again */ }
        }
        setTimeout(poll, 2000);
      };
      xhr.send();
    };
    setTimeout(poll, 2000);
  }

  // Final status: back to the merchant after a few seconds.
  var back = document.getElementById('back-to-merchant');
  if (back && back.hasAttribute('data-auto-redirect')) {
    var seconds = parseInt(back.getAttribute('data-auto-redirect'), 10) || 5;
    var shown = document.getElementById('redirect-seconds');
    var step = function () {
      if (seconds <= 0) { window.location.assign(back.href); return; }
      if (shown) { shown.textContent = String(seconds); }
      seconds -= 1;
      setTimeout(step, 1000);
    };
    step();
  }
})();

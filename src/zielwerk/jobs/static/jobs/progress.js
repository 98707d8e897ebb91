// The job page follows its job: polls status.json and updates the progress bar, the step
// message (in an aria-live region) and the result link; stops when the job is finished.
// Without JavaScript the page refreshes itself (meta refresh in <noscript>).
(function () {
  "use strict";
  var box = document.querySelector("[data-job-status]");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-job-status");
  var bar = box.querySelector("progress");
  var part = function (name) { return box.querySelector('[data-job="' + name + '"]'); };
  var delay = 1000;

  function show(s) {
    if (s.percent === null) { bar.removeAttribute("value"); bar.textContent = ""; }
    else { bar.value = s.percent; bar.textContent = s.percent + " %"; }
    part("percent").textContent = s.percent === null ? "" : s.percent + " %";
    part("state_label").textContent = s.state_label;
    part("counts").textContent = s.counts ? " – " + s.counts : "";
    if (part("step").textContent !== s.step) { part("step").textContent = s.step; }
    part("failure").textContent = s.failure;
    part("failure-box").hidden = !s.failure;
    if (s.result_url) {
      part("result").href = s.result_url;
      part("result").textContent = s.result_label;
    }
    part("result-box").hidden = !s.result_url;
    var hint = part("hint");
    if (s.finished && hint) { hint.hidden = true; }
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) { throw new Error(r.status); } return r.json(); })
      .then(function (s) {
        show(s);
        if (!s.finished) { window.setTimeout(poll, delay); }
      })
      .catch(function () { delay = Math.min(delay * 2, 15000); window.setTimeout(poll, delay); });
  }
  window.setTimeout(poll, delay);
})();

// The submission form's live preview: as the delegate types, ask the server where the input lands
// in its paragraph and show the redline it makes. Without JavaScript, the Preview button does the same.
(function () {
  "use strict";
  var form = document.querySelector("form.submission");
  if (!form) { return; }
  var url = form.getAttribute("data-preview");
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.getAttribute("content") : "";
  var out = document.getElementById("preview-redline");
  var feedback = document.getElementById("placement-feedback");
  var timer = null;
  var seq = 0;

  function field(name) { return form.querySelector('[name="' + name + '"]:not([disabled])'); }

  function show(text, flagged) {
    feedback.textContent = text;
    feedback.className = flagged ? "flag" : "meta";
  }

  function update() {
    var n = ++seq;
    var body = { label: field("label").value, kind: field("kind").value, text: field("text").value };
    fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
      body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().then(function (data) { return { ok: r.ok, data: data }; });
    }).then(function (res) {
      if (n !== seq) { return; }
      if (!res.ok) {
        show(res.data.error ? res.data.error.message : "The preview is not available.", true);
        out.textContent = "";
        return;
      }
      show(res.data.feedback, res.data.placement.flagged);
      out.innerHTML = res.data.html_inline;  // rendered by the server's escaping templates
    }).catch(function () { show("The preview is not available right now.", true); });
  }

  function later(ms) { clearTimeout(timer); timer = setTimeout(update, ms); }
  form.addEventListener("input", function () { later(250); });
  form.addEventListener("change", function () { later(30); });
  if (field("text").value) { update(); }
}());

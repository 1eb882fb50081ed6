// The workbench: "start from this text" fills the text box in place instead of reloading the page.
(function () {
  "use strict";
  var box = document.getElementById("wb-text");
  if (!box) { return; }
  document.querySelectorAll(".js-only").forEach(function (el) { el.hidden = false; });
  document.querySelectorAll("[data-fill]").forEach(function (el) {
    el.addEventListener("click", function (ev) {
      ev.preventDefault();
      box.value = el.getAttribute("data-fill");
      box.focus();
    });
  });
}());

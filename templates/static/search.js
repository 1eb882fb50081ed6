// The search form: the section list offers only the chosen document's sections. Without
// JavaScript every document's sections are offered, each naming its document, so a choice
// still means one section of one document.
(function () {
  "use strict";
  var doc = document.getElementById("s-document");
  var sec = document.getElementById("s-section");
  if (!doc || !sec) { return; }
  function offer() {
    var groups = sec.querySelectorAll("optgroup");
    for (var i = 0; i < groups.length; i++) {
      var mine = !doc.value || groups[i].getAttribute("data-document") === doc.value;
      groups[i].hidden = !mine;
      groups[i].disabled = !mine;
      if (!mine && groups[i].contains(sec.options[sec.selectedIndex])) { sec.value = ""; }
    }
  }
  doc.addEventListener("change", offer);
  sec.addEventListener("change", function () {
    var chosen = sec.options[sec.selectedIndex];
    var group = chosen && chosen.parentNode.tagName === "OPTGROUP" ? chosen.parentNode : null;
    if (group) { doc.value = group.getAttribute("data-document"); }
  });
})();

// The Table of Inputs' filter form: a choice applies at once (the Show button stays, for pages
// without script). Picking a paragraph drops the section the form was keeping: a paragraph names its own.
document.addEventListener("DOMContentLoaded", () => {
  // on a phone the section tabs are one scrolling row: bring the current one into it
  const tabs = document.querySelector(".toi-tabs ul");
  const current = tabs && tabs.querySelector("[aria-current]");
  if (tabs && current && tabs.scrollWidth > tabs.clientWidth) {
    tabs.scrollLeft = current.parentElement.offsetLeft - tabs.offsetLeft - 8;
  }
  const form = document.getElementById("toi-filters");
  if (!form) return;
  form.addEventListener("change", (event) => {
    const target = event.target;
    if (!(target instanceof HTMLSelectElement)) return;
    if (target.name === "label" && target.value) {
      const section = form.querySelector('input[type="hidden"][name="section"]');
      if (section) section.remove();
    }
    // empty choices are left out of the URL, so it says only what was asked for
    for (const field of form.querySelectorAll("select, input[type=hidden]")) {
      field.disabled = field.value === "" || (field.name === "view" && field.value === "list");
    }
    form.submit();
  });
});

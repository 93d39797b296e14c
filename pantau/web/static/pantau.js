// Small progressive enhancements; every page works without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("input[data-select-all]").forEach(function (box) {
    box.addEventListener("change", function () {
      document.querySelectorAll("input[name='match_ids']").forEach(function (c) { c.checked = box.checked; });
    });
  });
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    });
  });
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
    });
  });
  // The report page: put the draft written from the numbers back into the form.
  var draft = document.getElementById("pakai-draf");
  if (draft) {
    draft.addEventListener("click", function () {
      var form = document.getElementById("form-analisis");
      form.elements["kesimpulan"].value = document.getElementById("draf-kesimpulan").content.textContent;
      form.elements["saran"].value = document.getElementById("draf-saran").content.textContent;
    });
  }
  // The dashboard's period picker: show the date fields of the chosen kind only.
  var kind = document.getElementById("pilih-periode");
  if (kind) {
    var show = function () {
      document.querySelectorAll("[data-periode]").forEach(function (label) {
        var on = label.getAttribute("data-periode").split(" ").indexOf(kind.value) >= 0;
        label.hidden = !on;
        label.querySelectorAll("input").forEach(function (i) { i.disabled = !on; });
      });
    };
    kind.addEventListener("change", show);
    show();
  }
  document.querySelectorAll("button[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
});

// The review queue: one key per decision (the keys each button names in data-keys).
document.addEventListener("keydown", function (event) {
  var box = document.querySelector("[data-review]");
  if (!box || event.ctrlKey || event.metaKey || event.altKey) { return; }
  var tag = (event.target && event.target.tagName) || "";
  if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") { return; }
  var key = (event.key || "").toLowerCase();
  var found = null;
  box.querySelectorAll("[data-keys]").forEach(function (el) {
    if (el.getAttribute("data-keys").split(" ").indexOf(key) >= 0) { found = el; }
  });
  if (found && !found.disabled) { event.preventDefault(); found.click(); }
});

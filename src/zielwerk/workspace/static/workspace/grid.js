// The data grid: remember the focused field for the return after saving (hidden field
// "focus"; the server redirects to #<id>), focus that field or the error summary on load,
// follow error-summary links to their field, and move up/down a column with the arrow keys.
// The page works without this script: then the return goes to the status message.
(function () {
  "use strict";
  var form = document.querySelector("form.zw-grid-form");
  if (!form) return;
  var focus = document.getElementById("g-focus");

  form.addEventListener("focusin", function (event) {
    var target = event.target;
    if (focus && target.id && /^g-(cell-\d+-\d{4}|new-\d{4}|unit|source|new-series)$/.test(target.id)) {
      focus.value = target.id;
    }
  });

  function focusField(id) {
    var field = document.getElementById(id);
    if (!field || !form.contains(field) || !field.matches("input, select")) return false;
    field.focus();
    if (field.select && field.type !== "radio") field.select();
    return true;
  }

  var summary = document.getElementById("g-errors");
  if (summary) {
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (link && focusField(link.getAttribute("href").slice(1))) event.preventDefault();
    });
  } else if (window.location.hash.length > 1) {
    focusField(decodeURIComponent(window.location.hash.slice(1)));
  }

  form.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowUp" && event.key !== "ArrowDown") return;
    var cell = event.target.closest("td");
    if (!cell || event.target.type === "radio") return;
    var row = cell.parentElement;
    var next = event.key === "ArrowUp" ? row.previousElementSibling : row.nextElementSibling;
    var other = next && next.cells[cell.cellIndex];
    var input = other && other.querySelector("input[inputmode]");
    if (input) {
      event.preventDefault();
      input.focus();
      input.select();
    }
  });
})();

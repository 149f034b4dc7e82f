/* Small enhancements; every page works without them. No inline script anywhere. */
"use strict";

/* A checkbox with data-select-all="NAME" ticks or clears every checkbox named NAME in its form. */
document.addEventListener("change", function (event) {
  var master = event.target;
  var name = master.getAttribute && master.getAttribute("data-select-all");
  if (!name || !master.form) { return; }
  var boxes = master.form.querySelectorAll('input[type="checkbox"][name="' + name + '"]');
  for (var i = 0; i < boxes.length; i++) {
    if (!boxes[i].disabled) { boxes[i].checked = master.checked; }
  }
});

/* Show the select-all boxes only where the script runs. */
document.addEventListener("DOMContentLoaded", function () {
  var masters = document.querySelectorAll("[data-select-all]");
  for (var i = 0; i < masters.length; i++) {
    var holder = masters[i].closest("[hidden]");
    if (holder) { holder.hidden = false; }
  }
});

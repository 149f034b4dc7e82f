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

/* A box with data-filter-for="ID" narrows the options of the select or checkbox list ID as one
   types, ignoring case and Vietnamese marks ("my lam" finds "Mỹ Lâm"). */
function fold(text) {
  return text.toLowerCase().replace(/đ/g, "d").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
}
document.addEventListener("input", function (event) {
  var box = event.target;
  var id = box.getAttribute && box.getAttribute("data-filter-for");
  if (!id) { return; }
  var target = document.getElementById(id);
  if (!target) { return; }
  var words = fold(box.value).split(/\s+/).filter(Boolean);
  var items = target.tagName === "SELECT" ? target.options : target.children;
  for (var i = 0; i < items.length; i++) {
    var item = items[i];
    var text = fold(item.textContent);
    var chosen = item.selected || (item.querySelector && item.querySelector("input:checked"));
    var match = words.every(function (word) { return text.indexOf(word) !== -1; });
    item.hidden = !(match || chosen || item.value === "");
  }
});
document.addEventListener("DOMContentLoaded", function () {
  var boxes = document.querySelectorAll("[data-filter-for]");
  for (var i = 0; i < boxes.length; i++) {
    var holder = boxes[i].closest("[hidden]");
    if (holder) { holder.hidden = false; }
  }
});

/* A button with data-mark-rest="VALUE" checks, in every radio group of its form that has no
   choice yet, the radio of that value (attendance: "everyone not marked yet is present"). */
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-mark-rest]");
  if (!button || !button.form) { return; }
  var value = button.getAttribute("data-mark-rest");
  var radios = button.form.querySelectorAll('input[type="radio"][value="' + value + '"]');
  for (var i = 0; i < radios.length; i++) {
    var group = button.form.querySelectorAll('input[type="radio"][name="' + radios[i].name + '"]:checked');
    if (!group.length) { radios[i].checked = true; }
  }
});
document.addEventListener("DOMContentLoaded", function () {
  var buttons = document.querySelectorAll("[data-mark-rest]");
  for (var i = 0; i < buttons.length; i++) {
    var holder = buttons[i].closest("[hidden]");
    if (holder) { holder.hidden = false; }
  }
});

// "Select all N shown" ticks or clears every row's box on the page; clearing one row clears "all".
// Without script the server still acts on everyone shown when "all" is ticked.
document.querySelectorAll("[data-select-all]").forEach(function (all) {
  var boxes = document.querySelectorAll('input[type="checkbox"][name="' + all.dataset.selectAll + '"]');
  all.addEventListener("change", function () {
    boxes.forEach(function (box) { box.checked = all.checked; });
  });
  boxes.forEach(function (box) {
    box.addEventListener("change", function () { if (!box.checked) { all.checked = false; } });
  });
});

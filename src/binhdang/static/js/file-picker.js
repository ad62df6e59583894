// Writes the chosen file's name beside a file picker (templates/django/forms/widgets/file.html).
// Loaded once per file input: the listener is added only once.
(function () {
  "use strict";
  if (window.binhdangFilePicker) { return; }
  window.binhdangFilePicker = true;
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.type !== "file") { return; }
    var picker = input.closest(".file-picker");
    var name = picker && picker.querySelector(".file-picker-name");
    if (!name) { return; }
    if (!name.dataset.empty) { name.dataset.empty = name.textContent; }
    var names = Array.prototype.map.call(input.files || [], function (file) { return file.name; });
    name.textContent = names.length ? names.join(", ") : name.dataset.empty;
  });
})();

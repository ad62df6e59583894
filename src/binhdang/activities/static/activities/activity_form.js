// Findings and follow-up belong to inspections: hide them for other kinds of activity. Without this script
// the fieldset stays visible under its legend, and the server keeps them for inspections only.
(function () {
  "use strict";
  var form = document.getElementById("activity-form");
  if (!form) { return; }
  var kind = form.querySelector("[name=kind]");
  var fields = document.getElementById("inspection-fields");
  if (!kind || !fields) { return; }
  function update() { fields.hidden = kind.value !== form.dataset.inspectionKind; }
  kind.addEventListener("change", update);
  update();
})();

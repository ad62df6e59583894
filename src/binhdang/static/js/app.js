/* Bình Đẳng — the few behaviours every page shares, as data- attributes instead of inline handlers
   (the Content Security Policy allows no inline script):
     <form data-confirm="Question?">   asks before submitting
     <select data-autosubmit>          submits its form when changed
     <input data-select-on-focus>      selects its text when focused (a URL to copy)
     <button data-print>               prints the page
     <td data-depth="3">               indents a tree row by its depth */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.requestSubmit ? field.form.requestSubmit() : field.form.submit();
    }
  });
  document.addEventListener("focusin", function (event) {
    var field = event.target;
    if (field.hasAttribute && field.hasAttribute("data-select-on-focus")) {
      field.select();
    }
  });
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) {
      window.print();
    }
  });
})();

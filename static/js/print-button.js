// Shows the "Print or save this result" button, which needs JavaScript. Without it the
// page says how to use the browser's own Print command, which does the same.
document.querySelectorAll("[data-print-button]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});

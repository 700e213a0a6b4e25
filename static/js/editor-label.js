// The rich-text editor's typing area is made by a script, away from its field's
// <label>: give it the label's words, so a screen reader says what the box is for.
(function () {
  "use strict";
  function name(editor) {
    if (editor.hasAttribute("aria-label")) return;
    var row = editor.closest(".form-row, .fieldBox");
    var label = row && row.querySelector("label");
    if (label) editor.setAttribute("aria-label", label.textContent.replace(/:\s*$/, "").trim());
  }
  function nameAll() {
    document.querySelectorAll(".ProseMirror[contenteditable]").forEach(name);
  }
  new MutationObserver(nameAll).observe(document.documentElement, {
    childList: true,
    subtree: true,
  });
  nameAll();
})();

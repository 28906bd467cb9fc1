/* Small page helpers: label Material's copy buttons ("Copy template" on templates) and keep them visible.
   Material adds the buttons as code blocks scroll into view, so new buttons are labelled as they appear. */
(function () {
  "use strict";
  function labelAll(root) {
    var buttons = (root.querySelectorAll ? root : document).querySelectorAll(".md-clipboard:not([data-pb-label])");
    Array.prototype.forEach.call(buttons, function (button) {
      var block = button.closest(".highlight");
      var titled = block && block.querySelector(".filename");
      var label = titled ? "Copy template" : "Copy";
      button.setAttribute("data-pb-label", label);
      button.setAttribute("aria-label", titled ? label + ": " + titled.textContent : label);
      button.setAttribute("title", label);
      var text = document.createElement("span");
      text.className = "pb-copy-label";
      text.textContent = label;
      button.insertBefore(text, button.firstChild);
      button.classList.add("pb-labelled");
    });
  }
  function start() {
    labelAll(document);
    new MutationObserver(function () { labelAll(document); }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();

// A table or box that scrolls sideways (wide tables on a phone) must be reachable by keyboard
// (WCAG 2.1.1; axe: scrollable-region-focusable): it gets a tab stop while its content is
// wider than it, and loses the one it was given here when it no longer is.
(function () {
  "use strict";
  var SELECTOR = "table.list, .scroll, .table-scroll";

  function mark(root) {
    root.querySelectorAll(SELECTOR).forEach(function (box) {
      var scrolls = box.scrollWidth > box.clientWidth;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.setAttribute("tabindex", "0");
        box.dataset.scrollFocus = "1";
      } else if (!scrolls && box.dataset.scrollFocus) {
        box.removeAttribute("tabindex");
        delete box.dataset.scrollFocus;
      }
    });
  }

  function markAll() { mark(document); }
  document.addEventListener("DOMContentLoaded", markAll);
  window.addEventListener("resize", markAll);
  document.addEventListener("htmx:afterSwap", markAll);
})();

/* After a failed submit, move the focus to the error summary (templates/includes/
   error_summary.html), so keyboard and screen reader users hear what went wrong first.
   A link in the summary focuses its field and scrolls its label into view. Served by the
   portal itself: the Content-Security-Policy allows no inline script. */
(function () {
  "use strict";
  if (window.portalErrorSummary) {
    return;
  }
  window.portalErrorSummary = true;

  function labelFor(input) {
    var labels = input.labels;
    if (labels && labels.length) {
      return labels[0];
    }
    var fieldset = input.closest("fieldset");
    return fieldset ? fieldset.querySelector("legend") : null;
  }

  function init() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
      return;
    }
    summary.focus();
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) {
        return;
      }
      var input = document.getElementById(decodeURIComponent(link.hash.slice(1)));
      if (!input) {
        return;
      }
      event.preventDefault();
      (labelFor(input) || input).scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

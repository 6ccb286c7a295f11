// The guidebook's "Print" button, shown once it works. Not an onclick attribute: the site's
// Content-Security-Policy runs no inline script.
(function () {
  "use strict";
  document.querySelectorAll("button[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
    button.hidden = false;
  });
})();

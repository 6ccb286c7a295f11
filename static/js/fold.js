// Panels that fold on a phone (the site menu, a listing's filters) are <details> marked
// data-open-wide: folded on a narrow screen, where they would push the content down; opened on a
// wide one, where there is room (and again when the window grows). Without this script they
// simply start folded. No framework, nothing else.
(function () {
  if (!window.matchMedia) return;
  var wide = window.matchMedia("(min-width: 48rem)");
  var panels = document.querySelectorAll("details[data-open-wide]");
  function fit() {
    for (var i = 0; i < panels.length; i++) panels[i].open = wide.matches;
  }
  fit();
  if (wide.addEventListener) wide.addEventListener("change", fit);
})();

// Material adds a <nav> of buttons to every code block; several unnamed <nav> landmarks on one
// page cannot be told apart (axe rule landmark-unique). Name each after its code block. Labelling
// runs at most once per animation frame, however many nodes Material adds in between.
// The same goes for the full-size view of a notebook plot (mkdocs-glightbox, notebook pages
// only): its dialog gets a name (axe: aria-dialog-name), and its empty caption heading goes
// (axe: empty-heading); the plot's alt text stays on the image.
(function () {
  var scheduled = false;
  function label() {
    scheduled = false;
    document.querySelectorAll(".md-code__nav:not([aria-label])").forEach(function (nav, index) {
      var block = nav.closest("pre");
      var id = block && block.id ? block.id.replace(/^__code_/, "") : String(index + 1);
      nav.setAttribute("aria-label", "Code block " + id + " actions");
    });
    document.querySelectorAll("#glightbox-body:not([aria-label])").forEach(function (dialog) {
      dialog.setAttribute("aria-label", "Plot, full size (Escape closes)");
    });
    document.querySelectorAll(".glightbox-container .gslide-title:empty").forEach(function (title) {
      title.remove();
    });
  }
  new MutationObserver(function () {
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(label);
    }
  }).observe(document.body, { childList: true, subtree: true });
  label();
})();

// The glossary's terms (<abbr title>, includes/glossary.md) show their definition as a Material
// tooltip on hover and on focus; an <abbr> takes no focus by itself. The first use of each term
// on a page joins the Tab order; every use can be focused by a tap (tabindex -1), which shows
// its tooltip on a phone. A term in a <summary> is left out of the Tab order (Enter there
// opens the box).
(function () {
  var seen = {};
  document.querySelectorAll("article abbr[title]:not([tabindex])").forEach(function (abbr) {
    if (abbr.closest("summary")) return;
    var term = abbr.textContent;
    abbr.setAttribute("tabindex", seen[term] ? "-1" : "0");
    seen[term] = true;
  });
})();

// Material adds a <nav> of buttons to every code block; several unnamed <nav> landmarks on one
// page cannot be told apart (axe rule landmark-unique). Name each after its code block. Labelling
// runs at most once per animation frame, however many nodes Material adds in between.
(function () {
  var scheduled = false;
  function label() {
    scheduled = false;
    document.querySelectorAll(".md-code__nav:not([aria-label])").forEach(function (nav, index) {
      var block = nav.closest("pre");
      var id = block && block.id ? block.id.replace(/^__code_/, "") : String(index + 1);
      nav.setAttribute("aria-label", "Code block " + id + " actions");
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

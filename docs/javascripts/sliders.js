// Sliders over figures (hooks/figures.py writes their markup and links this script from their
// pages, as the last script: the page is parsed when it runs): each setting shows a frame drawn
// at build time, with its own alt text. The setting is kept in the URL fragment, one key per
// slider (#mask-rate=0.5&degree=3); a fragment is only ever compared with the slider's values.
(function () {
  var FILE = /[^/]*?(-phone)?-(light|dark)\.svg/; // a figure's file name, in a src or srcset

  function frame(url, stem) {
    return url.replace(FILE, stem + "$1-$2.svg");
  }

  function remember(key, value) {
    var settings = new URLSearchParams(location.hash.slice(1));
    Array.from(settings.keys()).forEach(function (name) {
      if (!settings.get(name)) settings.delete(name); // an anchor, not a setting
    });
    settings.set(key, value);
    history.replaceState(history.state, "", "#" + settings.toString());
  }

  function bind(box) {
    box.setAttribute("data-bound", "");
    var input = box.querySelector("input[type=range]");
    var output = box.querySelector("output");
    var values = box.dataset.values.split(" ");
    var alts = JSON.parse(box.dataset.alts);
    var key = box.dataset.key;
    var parameter = box.dataset.parameter;
    function stem(index) {
      return box.dataset.slider + "-" + parameter + "-" + values[index];
    }
    function show(index) {
      input.value = String(index);
      input.setAttribute("aria-valuetext", parameter + " " + values[index]);
      output.textContent = values[index];
      box.querySelectorAll("source").forEach(function (source) {
        source.setAttribute("srcset", frame(source.getAttribute("srcset"), stem(index)));
      });
      box.querySelectorAll("img").forEach(function (img) {
        img.setAttribute("src", frame(img.getAttribute("src"), stem(index)));
        img.setAttribute("alt", alts[index]);
      });
    }
    input.addEventListener("input", function () {
      var index = Number(input.value);
      show(index);
      remember(key, values[index]);
      var shown = Array.from(box.querySelectorAll("img")).find(function (img) {
        return img.getClientRects().length > 0 && img.currentSrc;
      });
      [index - 1, index + 1].forEach(function (next) { // prefetch the neighbours
        if (shown && next >= 0 && next < values.length)
          new Image().src = frame(shown.currentSrc, stem(next));
      });
    });
    var wanted = values.indexOf(new URLSearchParams(location.hash.slice(1)).get(key));
    if (wanted >= 0) show(wanted);
  }

  function bindAll() {
    document.querySelectorAll(".figure-slider[data-values]:not([data-bound])").forEach(bind);
  }
  // Material emits document$ for every page it shows: with its instant navigation on (it is off;
  // then list this script in extra_javascript, as the hook links it only from slider pages),
  // each new page's sliders are bound too.
  if (window.document$) window.document$.subscribe(bindAll);
  else bindAll();
})();

/* prepbook: Mermaid diagrams. A ```mermaid block is on the page as its source, readable
   without JavaScript; this script draws each one with the Mermaid library (from the site
   itself, its ESM build, named by this script's data-diagram-lib) once a diagram comes near
   the screen, and keeps the source under the drawing. Pages without a diagram load neither. Diagrams are
   drawn again in the other colours when the reader switches between light and dark. */
(function () {
  'use strict';
  var script = document.currentScript;
  var lib = script && script.getAttribute('data-diagram-lib');
  var blocks = Array.prototype.slice.call(document.querySelectorAll('pre[data-diagram]'));
  if (!lib || !blocks.length || !window.Promise) return;
  var root = document.documentElement;
  var loading = null;
  var drawn = [];
  var count = 0;

  // The library is Mermaid's ESM build: the module imports the chunks of the kinds of
  // diagram the page draws, and no others.
  function load() {
    if (loading) return loading;
    loading = import(new URL(lib, document.baseURI).href).then(function (module) {
      var mermaid = module && module.default;
      if (!mermaid) throw new Error('no Mermaid in ' + lib);
      return mermaid;
    });
    return loading;
  }

  function dark() {
    var mode = root.dataset.theme;
    if (mode) return mode === 'dark';
    return !!(window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches);
  }

  // Mermaid is set up again before each drawing: the colours follow the page's scheme.
  function draw(mermaid, source, into) {
    mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', theme: dark() ? 'dark' : 'default' });
    count += 1;
    return mermaid.render('diagram-' + count, source).then(function (result) {
      into.innerHTML = result.svg;
    });
  }

  // The block becomes a figure: the drawing, then the source in a <details>.
  function show(pre) {
    var source = pre.textContent;
    return load().then(function (mermaid) {
      var figure = document.createElement('figure');
      figure.className = 'diagram';
      var picture = document.createElement('div');
      picture.className = 'diagram-drawing';
      picture.setAttribute('role', 'img');
      picture.setAttribute('aria-label', 'Diagram; its source follows');
      return draw(mermaid, source, picture).then(function () {
        var details = document.createElement('details');
        var summary = document.createElement('summary');
        summary.textContent = 'Diagram source';
        // The source goes with its copy button, when the page gave it one.
        var block = pre.parentNode.classList.contains('code-block') ? pre.parentNode : pre;
        block.parentNode.replaceChild(figure, block);
        details.appendChild(summary);
        details.appendChild(block);
        figure.appendChild(picture);
        figure.appendChild(details);
        drawn.push({ source: source, picture: picture });
      });
    }).catch(function (error) {
      var note = document.createElement('p');
      note.className = 'diagram-error';
      note.textContent = 'This diagram could not be drawn: ' + (error && error.message ? error.message : error);
      if (pre.parentNode) pre.parentNode.insertBefore(note, pre.nextSibling);
    });
  }

  if ('IntersectionObserver' in window) {
    var watcher = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        watcher.unobserve(entry.target);
        show(entry.target);
      });
    }, { rootMargin: '400px 0px' });
    blocks.forEach(function (pre) { watcher.observe(pre); });
    // Paper gets the drawings, not their source: printing draws the ones not drawn yet (the
    // print stylesheet leaves a source still waiting off the paper).
    window.addEventListener('beforeprint', function () {
      blocks.forEach(function (pre) {
        if (!pre.isConnected || pre.closest('.diagram')) return;
        watcher.unobserve(pre);
        show(pre);
      });
    });
  } else {
    blocks.forEach(show);
  }

  function redraw() {
    load().then(function (mermaid) {
      drawn.reduce(function (done, d) {
        return done.then(function () { return draw(mermaid, d.source, d.picture); });
      }, Promise.resolve());
    });
  }
  new MutationObserver(redraw).observe(root, { attributes: true, attributeFilter: ['data-theme'] });
  if (window.matchMedia) {
    var scheme = window.matchMedia('(prefers-color-scheme: dark)');
    if (scheme.addEventListener) scheme.addEventListener('change', redraw);
  }
})();

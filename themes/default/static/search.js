/* prepbook: the search box. Arrow keys move through the hits and Enter opens one; each hit
   shows where it matched (a heading, linked to, or the description) with the terms marked. It works on a static host with no server: the first time a reader
   focuses the box or types, it loads the MiniSearch library and the site's search index (both
   from the site itself), then searches in the page. Pages that are never searched load
   neither. */
(function () {
  'use strict';
  var box = document.querySelector('[data-search]');
  if (!box || !window.fetch || !window.Promise) return;
  var input = box.querySelector('input[type="search"]');
  var results = box.querySelector('#search-results');
  var list = box.querySelector('[data-search-list]');
  var status = box.querySelector('[data-search-status]');
  var counter = box.querySelector('[data-search-count]');
  var engine = null;
  var loading = null;
  var timer = null;
  box.hidden = false;

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = src;
      script.async = true;
      script.onload = resolve;
      script.onerror = function () { reject(new Error('cannot load ' + src)); };
      document.head.appendChild(script);
    });
  }

  function load() {
    if (loading) return loading;
    loading = Promise.all([
      window.MiniSearch ? Promise.resolve() : loadScript(box.getAttribute('data-search-lib')),
      fetch(box.getAttribute('data-search-index')).then(function (response) {
        if (!response.ok) throw new Error('search index: HTTP ' + response.status);
        return response.json();
      })
    ]).then(function (loaded) {
      engine = new window.MiniSearch({
        idField: 'i',
        fields: ['t', 'h', 'g', 'd', 's', 'x'],
        storeFields: ['t', 'u', 'd', 's', 'h', 'a'],
        searchOptions: { boost: { t: 4, h: 2, g: 2, d: 1.5 }, prefix: true, fuzzy: 0.2, combineWith: 'AND' }
      });
      engine.addAll(loaded[1].docs || []);
      return engine;
    });
    loading.catch(function () {
      loading = null; // let a later keystroke try again
      say('Search could not be loaded.');
    });
    return loading;
  }

  function say(text) { if (status) status.textContent = text; }

  function clear() {
    list.textContent = '';
    results.hidden = true;
    if (counter) counter.textContent = '';
    say('');
  }

  // The query's terms, for highlighting: words of two letters or more.
  function terms(query) {
    return query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (t) { return t.length > 1; });
  }

  // `text` into `parent`, with the words that start with a term in <mark>.
  function marked(parent, text, words) {
    var pattern = words.length
      ? new RegExp('(' + words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }).join('|') + ')', 'giu')
      : null;
    var last = 0;
    if (pattern) {
      text.replace(pattern, function (match, _group, at) {
        parent.appendChild(document.createTextNode(text.slice(last, at)));
        var mark = document.createElement('mark');
        mark.textContent = match;
        parent.appendChild(mark);
        last = at + match.length;
        return match;
      });
    }
    parent.appendChild(document.createTextNode(text.slice(last)));
  }

  // Where a hit matched: the first heading holding a term (linked to it), else the
  // description, else the body words that matched.
  function snippet(hit, words) {
    var headings = (hit.h || '').split(' · ');
    var anchors = (hit.a || '').split(' ');
    for (var i = 0; i < headings.length; i++) {
      var lower = headings[i].toLowerCase();
      if (words.some(function (w) { return lower.indexOf(w) >= 0; })) {
        return { text: headings[i], anchor: anchors[i] || '', heading: true };
      }
    }
    var description = (hit.d || '').toLowerCase();
    if (hit.d && words.some(function (w) { return description.indexOf(w) >= 0; })) return { text: hit.d };
    var body = Object.keys(hit.match || {}).filter(function (term) {
      return (hit.match[term] || []).indexOf('x') >= 0;
    });
    if (body.length) return { text: 'Mentions ' + body.slice(0, 4).join(', ') };
    return { text: hit.d || '' };
  }

  var active = -1;
  function links() { return Array.prototype.slice.call(list.querySelectorAll('a')); }
  function select(index) {
    var all = links();
    if (!all.length) return;
    active = (index + all.length) % all.length;
    all.forEach(function (link, i) {
      link.classList.toggle('is-active', i === active);
      if (i === active) {
        link.scrollIntoView({ block: 'nearest' });
        say((i + 1) + ' of ' + all.length + ': ' + link.querySelector('.search-hit-title').textContent + '. Enter opens it.');
      }
    });
  }

  function show(query, hits) {
    list.textContent = '';
    active = -1;
    var words = terms(query);
    var count = hits.length === 1 ? '1 guide found' : hits.length + ' guides found';
    if (counter) counter.textContent = hits.length > 10 ? count + ', the first 10 shown' : count;
    hits.slice(0, 10).forEach(function (hit) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      var where = snippet(hit, words);
      link.href = hit.u + (where.anchor ? '#' + where.anchor : '');
      var title = document.createElement('span');
      title.className = 'search-hit-title';
      marked(title, hit.t, words);
      link.appendChild(title);
      var about = document.createElement('span');
      about.className = 'search-hit-desc';
      if (where.heading) about.appendChild(document.createTextNode((hit.s ? hit.s + ' · ' : '') + '§ '));
      else if (hit.s) about.appendChild(document.createTextNode(hit.s + ' · '));
      marked(about, where.text, words);
      link.appendChild(about);
      item.appendChild(link);
      list.appendChild(item);
    });
    if (!hits.length) {
      var none = document.createElement('li');
      none.className = 'search-none';
      none.textContent = 'No guide matches “' + query + '”.';
      list.appendChild(none);
    }
    results.hidden = false;
    say(count);
  }

  function run() {
    var query = input.value.trim();
    if (!query) { clear(); return; }
    load().then(function (search) {
      if (input.value.trim() !== query) return; // a newer query is on its way
      show(query, search.search(query));
    }, function () {});
  }

  input.addEventListener('focus', function () { load(); });
  input.addEventListener('input', function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(run, 120);
  });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (results.hidden) return;
      event.preventDefault();
      select(active + (event.key === 'ArrowDown' ? 1 : -1));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      var chosen = links()[active];
      if (chosen && !results.hidden) { window.location.href = chosen.href; return; }
      window.clearTimeout(timer);
      run();
    } else if (event.key === 'Escape') {
      input.value = '';
      clear();
    }
  });
  box.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && event.target !== input) { clear(); input.focus(); }
  });
  document.addEventListener('click', function (event) {
    if (!box.contains(event.target)) results.hidden = true;
  });
})();

/* prepbook: the search box. It works on a static host with no server: the first time a reader
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
        storeFields: ['t', 'u', 'd', 's'],
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
    say('');
  }

  function show(query, hits) {
    list.textContent = '';
    hits.slice(0, 10).forEach(function (hit) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = hit.u;
      link.textContent = hit.t;
      item.appendChild(link);
      var about = hit.s && hit.d ? hit.s + ' · ' + hit.d : hit.s || hit.d;
      if (about) {
        var text = document.createElement('span');
        text.className = 'search-hit-desc';
        text.textContent = about;
        item.appendChild(text);
      }
      list.appendChild(item);
    });
    if (!hits.length) {
      var none = document.createElement('li');
      none.className = 'search-none';
      none.textContent = 'No guide matches “' + query + '”.';
      list.appendChild(none);
    }
    results.hidden = false;
    say(hits.length === 1 ? '1 guide found' : hits.length + ' guides found');
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
    if (event.key === 'Enter') {
      event.preventDefault();
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

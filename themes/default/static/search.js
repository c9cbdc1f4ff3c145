/* prepbook: the search box. Arrow keys move through the hits and Enter opens one; each hit
   shows where it matched (a heading, linked to, or the description) with the terms marked. It
   works on a static host with no server: the first time a reader focuses the box or types, it
   loads the index's small manifest; each search then fetches only the shards of terms its
   words need, the metadata of the hits it shows, and, for a hit found in a guide's text
   alone, that guide's sentences, to show the one with the word; each file once. Pages that
   are never searched load nothing. */
(function () {
  'use strict';
  var box = document.querySelector('[data-search]');
  if (!box || !window.fetch || !window.Promise || !window.URL || !window.Map) return;
  var input = box.querySelector('input[type="search"]');
  var results = box.querySelector('#search-results');
  var list = box.querySelector('[data-search-list]');
  var status = box.querySelector('[data-search-status]');
  var counter = box.querySelector('[data-search-count]');
  var manifestUrl = new URL(box.getAttribute('data-search-index'), document.baseURI).href;
  // A match on a longer word than the one typed, or on a word one edit away, counts less.
  var PREFIX = 0.5;
  var FUZZY = 0.3;
  var SHOWN = 10;
  var files = {};
  var timer = null;
  box.hidden = false;

  // A JSON file of the index, fetched once; a failed fetch is tried again by a later search.
  // `fresh` revalidates it with the host.
  function json(url, fresh) {
    if (!files[url]) {
      files[url] = fetch(url, fresh ? { cache: 'no-cache' } : {}).then(function (response) {
        if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
        return response.json();
      });
      files[url].catch(function () { delete files[url]; });
    }
    return files[url];
  }

  function load(fresh) { return json(manifestUrl, fresh); }

  function dataUrl(manifest, name) { return new URL(manifest.dir + name, manifestUrl).href; }

  function say(text) { if (status) status.textContent = text; }

  function clear() {
    list.textContent = '';
    results.hidden = true;
    if (counter) counter.textContent = '';
    say('');
  }

  function words(query) {
    return query.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) { return w.length > 1; });
  }

  // The words a query searches for, as the index holds them: no stop words, each once.
  function terms(query, manifest) {
    return unique(words(query)).filter(function (w) { return manifest.stop.indexOf(w) < 0; });
  }

  // The shard whose range holds `term`: the last one whose first term is not after it (the
  // index sorts terms as JavaScript compares strings).
  function shardOf(shards, term) {
    var lo = 0;
    var hi = shards.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (shards[mid][0] <= term) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  // The shards a term needs: its own, then those holding longer words that start with it, as
  // many as the manifest's budget for a prefix allows (a short prefix spans many shards, and
  // the reader is still typing).
  function shardsFor(manifest, term) {
    var shards = manifest.shards;
    if (!shards.length) return [];
    var first = shardOf(shards, term);
    var picked = [first];
    var spent = 0;
    for (var i = first + 1; i < shards.length && shards[i][0].lastIndexOf(term, 0) === 0; i++) {
      spent += shards[i][2];
      if (spent > manifest.prefix_bytes) break;
      picked.push(i);
    }
    return picked;
  }

  // Whether two words are one insertion, deletion or substitution apart.
  function oneEditApart(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

  function weight(manifest, mask) {
    var sum = 0;
    manifest.weights.forEach(function (w, bit) { if (mask & (1 << bit)) sum += w; });
    return sum;
  }

  // Guides that have `term` (or a word starting with it, or one edit away from it when it has
  // five letters or more) in the loaded shards: guide number → its best score and the words.
  function matches(manifest, term, shards) {
    var found = new Map();
    var unit = Math.pow(2, manifest.mask_bits);
    shards.forEach(function (shard) {
      Object.keys(shard).forEach(function (word) {
        var factor = word === term ? 1
          : word.lastIndexOf(term, 0) === 0 ? PREFIX
          : term.length >= 5 && oneEditApart(word, term) ? FUZZY : 0;
        if (!factor) return;
        var codes = shard[word];
        var doc = 0;
        for (var i = 0; i < codes.length; i++) {
          var mask = codes[i] % unit;
          doc += (codes[i] - mask) / unit;
          var hit = found.get(doc);
          if (!hit) { hit = { score: 0, words: [], body: [] }; found.set(doc, hit); }
          hit.score = Math.max(hit.score, weight(manifest, mask) * factor);
          hit.words.push(word);
          if (mask & manifest.body) hit.body.push(word);
        }
      });
    });
    return found;
  }

  // The guides every term found, best first: the sum of each term's score.
  function rank(found) {
    found.sort(function (a, b) { return a.size - b.size; });
    var hits = [];
    found[0].forEach(function (first, doc) {
      var hit = { doc: doc, score: 0, words: [], body: [] };
      var all = found.every(function (byDoc) {
        var match = byDoc.get(doc);
        if (!match) return false;
        hit.score += match.score;
        hit.words = hit.words.concat(match.words);
        hit.body = hit.body.concat(match.body);
        return true;
      });
      if (all) hits.push(hit);
    });
    return hits.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
  }

  // The words to mark in a hit: those typed and the words of the index they matched (longer,
  // or one edit away), longest first, so that a longer one is marked whole.
  function marks(typed, matched) {
    return unique(typed.concat(matched)).sort(function (a, b) { return b.length - a.length; });
  }

  // A hit with what it shows, from the metadata chunk that holds its guide; for a hit found in
  // the text alone, the sentence of the text with the word, from the guide's sentences.
  function describe(manifest, hit, typed) {
    var chunk = Math.floor(hit.doc / manifest.per_chunk);
    return json(dataUrl(manifest, manifest.chunks[chunk])).then(function (docs) {
      var meta = docs[hit.doc % manifest.per_chunk];
      var shown = {
        t: meta.t, u: meta.u, d: meta.d || '', h: meta.h, a: meta.a,
        s: meta.s === undefined ? '' : manifest.sections[meta.s],
        words: marks(typed, hit.words), body: unique(hit.body)
      };
      shown.where = snippet(shown);
      if (!shown.where.body || !meta.b) return shown;
      return json(dataUrl(manifest, meta.b)).then(function (sentences) {
        var text = sentenceWith(sentences, shown.body);
        if (text) shown.where = { text: text };
        return shown;
      }, function () { return shown; });
    });
  }

  // A word as a regular expression that matches it literally.
  function literal(word) { return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'); }

  function unique(words) {
    return words.filter(function (w, i, all) { return all.indexOf(w) === i; });
  }

  // The first sentence with one of `words` as a word (or the start of one), cut to about 160
  // characters around it.
  function sentenceWith(sentences, words) {
    var pattern = new RegExp('(^|[^\\p{L}\\p{N}])(' + words.map(literal).join('|') + ')', 'iu');
    for (var i = 0; i < sentences.length; i++) {
      var found = pattern.exec(sentences[i]);
      if (!found) continue;
      var text = sentences[i];
      if (text.length <= 160) return text;
      var at = found.index + found[1].length;
      var start = Math.max(0, at - 60);
      var end = Math.min(text.length, start + 160);
      return (start > 0 ? '…' : '') + text.slice(start, end).trim() + (end < text.length ? '…' : '');
    }
    return '';
  }

  function search(query, fresh) {
    return load(fresh).then(function (manifest) {
      var wanted = terms(query, manifest);
      if (!wanted.length) return { hits: [], shown: [] };
      return Promise.all(wanted.map(function (term) {
        var shards = shardsFor(manifest, term).map(function (i) {
          return json(dataUrl(manifest, manifest.shards[i][1]));
        });
        return Promise.all(shards).then(function (loaded) { return matches(manifest, term, loaded); });
      })).then(function (found) {
        var hits = rank(found);
        var shown = hits.slice(0, SHOWN).map(function (hit) { return describe(manifest, hit, wanted); });
        return Promise.all(shown).then(function (shown) { return { hits: hits, shown: shown }; });
      });
    });
  }

  // A search; when a file of the index is missing (the site changed since the manifest was
  // fetched), once more with the manifest fetched again.
  function searchAgain(query) {
    return search(query).catch(function () {
      files = {};
      return search(query, true);
    });
  }

  // `text` into `parent`, with the words that start with a term in <mark>.
  function marked(parent, text, words) {
    var pattern = words.length
      ? new RegExp('(' + words.map(literal).join('|') + ')', 'giu')
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
  function snippet(hit) {
    var has = function (text) {
      var lower = text.toLowerCase();
      return hit.words.some(function (w) { return lower.indexOf(w) >= 0; });
    };
    for (var i = 0; i < hit.h.length; i++) {
      if (has(hit.h[i])) return { text: hit.h[i], anchor: hit.a[i] || '', heading: true };
    }
    if (hit.d && has(hit.d)) return { text: hit.d };
    if (hit.body.length) return { text: 'Mentions ' + hit.body.slice(0, 4).join(', '), body: true };
    return { text: hit.d };
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

  function show(query, found) {
    list.textContent = '';
    active = -1;
    var total = found.hits.length;
    var count = total === 1 ? '1 guide found' : total + ' guides found';
    if (counter) counter.textContent = total > SHOWN ? count + ', the first ' + SHOWN + ' shown' : count;
    found.shown.forEach(function (hit) {
      var words = hit.words;
      var where = hit.where;
      var item = document.createElement('li');
      var link = document.createElement('a');
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
    if (!total) {
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
    // One letter finds nearly everything: wait for more.
    if (!words(query).length) { clear(); return; }
    searchAgain(query).then(function (found) {
      if (input.value.trim() !== query) return; // a newer query is on its way
      show(query, found);
    }, function () {
      say('Search could not be loaded.');
    });
  }

  input.addEventListener('focus', function () { load().catch(function () {}); });
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

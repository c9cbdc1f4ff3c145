/* prepbook: the search box. Arrow keys move through the hits and Enter opens one; each hit
   shows where it matched (a heading, linked to, or the description) with the terms marked. It
   works on a static host with no server: the first time a reader focuses the box or types, it
   loads the index's small manifest; each search then fetches only the shards of terms its
   words need, the metadata of the hits it shows, and, for a hit found in a guide's text
   alone, the sentences of that guide's file, to show the one with the word; each file once.
   Pages that are never searched load nothing. The files' layout is described in
   src/render/search/ (postings.rs, segments.rs, shared.rs). */
(function () {
  'use strict';
  var root = document.documentElement;
  var box = document.querySelector('[data-search]');
  if (!box || !window.fetch || !window.Promise || !window.URL || !window.Map) return;
  // The box's contents are made here, not sent in every page: without this script it could
  // not search. The page's style keeps the box's place, so nothing moves.
  box.innerHTML = '<label for="search-input" class="visually-hidden">Search guides</label>' +
    '<input id="search-input" type="search" placeholder="Search guides" autocomplete="off" spellcheck="false" aria-controls="search-results" aria-describedby="search-status">' +
    '<button type="button" class="button search-close" data-search-close>Close</button>' +
    '<p id="search-status" class="visually-hidden" role="status" data-search-status></p>' +
    '<div id="search-results" class="search-results" hidden><p class="search-count" data-search-count></p><ul data-search-list></ul></div>';
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

  // On a phone the box is a button that opens search over the whole screen.
  var opener = document.querySelector('[data-search-open]');
  var closer = box.querySelector('[data-search-close]');
  function setOpen(open) {
    root.classList.toggle('search-open', open);
    if (open) input.focus();
    else if (opener && window.getComputedStyle(opener).display !== 'none') opener.focus();
  }
  if (opener) {
    opener.addEventListener('click', function () { setOpen(true); });
    opener.hidden = false;
  }
  if (closer) closer.addEventListener('click', function () { setOpen(false); });

  // A JSON file of the index, fetched once and given to `read`, if any; a failed fetch is
  // tried again by a later search. `fresh` revalidates it with the host.
  function json(url, fresh, read) {
    if (!files[url]) {
      files[url] = fetch(url, fresh ? { cache: 'no-cache' } : {}).then(function (response) {
        if (!response.ok) throw new Error(url + ': HTTP ' + response.status);
        return response.json();
      }).then(read);
      files[url].catch(function () { delete files[url]; });
    }
    return files[url];
  }

  function load(fresh) { return json(manifestUrl, fresh, readManifest); }

  // The manifest, with the score of each field mask worked out once.
  function readManifest(manifest) {
    manifest.scores = [];
    for (var mask = 0; mask < 64; mask++) {
      var sum = 0;
      manifest.weights.forEach(function (w, bit) { if (mask & (1 << bit)) sum += w; });
      manifest.scores.push(sum);
    }
    return manifest;
  }

  // A file is named by its segment's hash, its kind's letter and its number.
  function dataUrl(manifest, segment, letter, number) {
    return new URL(manifest.dir + segment + '-' + letter + number + '.json', manifestUrl).href;
  }

  function shardUrl(manifest, i) {
    return dataUrl(manifest, manifest.shard_segments[Math.floor(i / manifest.shards_per_segment)], 's', i);
  }

  // The file of `letter` holding guide `doc`, `per` guides a file.
  function guideUrl(manifest, letter, per, doc) {
    var segment = manifest.guide_segments[Math.floor(doc / manifest.guides_per_segment)];
    return dataUrl(manifest, segment, letter, Math.floor(doc / per));
  }

  // A text of a file that has several: in full the first time, then the number of that first
  // use among the file's texts in full.
  function shared(texts, entry) {
    if (typeof entry === 'number') return texts[entry];
    texts.push(entry);
    return entry;
  }

  // A file of guide metadata, its headings read in full.
  function readDocs(docs) {
    var texts = [];
    docs.forEach(function (doc) {
      doc.h = (doc.h || []).map(function (h) { return shared(texts, h); });
    });
    return docs;
  }

  // A file of guides' sentences, read in full.
  function readSentences(guides) {
    var texts = [];
    return guides.map(function (sentences) {
      return sentences.map(function (s) { return shared(texts, s); });
    });
  }

  // The anchor of a heading whose metadata writes none, by the build's rule (docs.rs): ASCII
  // letters lowercased, digits, `_` and `-` kept, each space a `-`, the rest dropped.
  function anchorOf(text) {
    var out = '';
    for (var i = 0; i < text.length; i++) {
      var c = text.charAt(i);
      if (c >= 'A' && c <= 'Z') out += c.toLowerCase();
      else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c === '_' || c === '-') out += c;
      else if (c === ' ') out += '-';
    }
    return out;
  }

  // Postings are base-32 numbers, a base64url character a digit, its bit 32 set when another
  // digit follows (postings.rs).
  var DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  var VALUE = [];
  for (var v = 0; v < 64; v++) VALUE[DIGITS.charCodeAt(v)] = v;

  // Calls each(guide, mask) for every guide of a term's groups. A group is its mask, its
  // length and layout (bit 1: a bitmap), its first guide, then each next guide's gap less one,
  // or a bitmap of six guides a digit from the first.
  function eachPosting(text, each) {
    var at = 0;
    function number() {
      var n = 0;
      var scale = 1;
      var digit;
      do {
        digit = VALUE[text.charCodeAt(at++)];
        n += (digit & 31) * scale;
        scale *= 32;
      } while (digit & 32);
      return n;
    }
    while (at < text.length) {
      var mask = number();
      var header = number();
      var length = Math.floor(header / 2);
      var doc = number();
      if (header & 1) {
        for (var i = 0; i < length; i++) {
          var bits = VALUE[text.charCodeAt(at++)];
          for (var b = 0; b < 6; b++) if (bits & (1 << b)) each(doc + i * 6 + b, mask);
        }
      } else {
        each(doc, mask);
        for (var k = 1; k < length; k++) {
          doc += number() + 1;
          each(doc, mask);
        }
      }
    }
  }

  function say(text) { if (status) status.textContent = text; }

  function clear() {
    list.textContent = '';
    results.hidden = true;
    if (counter) counter.textContent = '';
    say('');
  }

  // Words as the index splits text (`guide/words.rs`): runs of alphabetic characters (letters
  // with their combining marks, such as Devanagari's vowel signs) and digits, as Rust's
  // `char::is_alphanumeric` has them, each lowercased after the split (a dotted capital I
  // lowercases to an i and a combining dot, which is no letter), two characters (code points,
  // not UTF-16 units) or more.
  var NOT_WORD = /[^\p{Alphabetic}\p{N}]+/u;

  function words(query) {
    return query.split(NOT_WORD)
      .map(function (w) { return w.toLowerCase(); })
      .filter(function (w) { return Array.from(w).length > 1; });
  }

  // The words a query searches for, as the index holds them: no stop words, each once.
  function terms(query, manifest) {
    return unique(words(query)).filter(function (w) { return manifest.stop.indexOf(w) < 0; });
  }

  // The shards a term needs (the index sorts terms as JavaScript compares strings, and the
  // manifest has each shard's first term): the shard whose range holds it, or, for a term cut
  // in pieces, the shards its pieces open; then those holding longer words that start with it,
  // as many as the manifest allows for a prefix (a short prefix spans many shards, and the
  // reader is still typing).
  function shardsFor(manifest, term) {
    var firsts = manifest.shards;
    var n = firsts.length;
    if (!n) return [];
    var lo = 0;
    var hi = n;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (firsts[mid] < term) lo = mid + 1; else hi = mid;
    }
    var start = lo < n && firsts[lo] === term ? lo : Math.max(lo - 1, 0);
    var picked = [start];
    var i = start + 1;
    while (i < n && firsts[i] === term) picked.push(i++);
    for (var extra = 0; extra < manifest.prefix_shards && i < n && firsts[i].lastIndexOf(term, 0) === 0; extra++) {
      picked.push(i++);
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

  // Guides that have `term` (or a word starting with it, or one edit away from it when it has
  // five letters or more) in the loaded shards: guide number → its best score and the words.
  function matches(manifest, term, shards) {
    var found = new Map();
    shards.forEach(function (shard) {
      Object.keys(shard).forEach(function (word) {
        var factor = word === term ? 1
          : word.lastIndexOf(term, 0) === 0 ? PREFIX
          : term.length >= 5 && oneEditApart(word, term) ? FUZZY : 0;
        if (!factor) return;
        eachPosting(shard[word], function (doc, mask) {
          var hit = found.get(doc);
          if (!hit) { hit = { score: 0, words: [], body: [] }; found.set(doc, hit); }
          hit.score = Math.max(hit.score, manifest.scores[mask] * factor);
          hit.words.push(word);
          if (mask & manifest.body) hit.body.push(word);
        });
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

  // A hit with what it shows, from the file of metadata that holds its guide; for a hit found
  // in the text alone, the sentence of the text with the word, from the file of sentences
  // that holds the guide's.
  function describe(manifest, hit, typed) {
    var docs = guideUrl(manifest, 'd', manifest.docs_per_file, hit.doc);
    return json(docs, false, readDocs).then(function (docs) {
      var meta = docs[hit.doc % manifest.docs_per_file];
      var shown = {
        t: meta.t, u: meta.u, d: meta.d || '', h: meta.h,
        a: meta.h.map(function (h, i) { return (meta.a && meta.a[i]) || anchorOf(h); }),
        s: meta.s === undefined ? '' : manifest.sections[meta.s],
        words: marks(typed, hit.words), body: unique(hit.body)
      };
      shown.where = snippet(shown);
      if (!shown.where.body) return shown;
      var file = guideUrl(manifest, 't', manifest.sentences_per_file, hit.doc);
      return json(file, false, readSentences).then(function (guides) {
        var sentences = guides[hit.doc % manifest.sentences_per_file] || [];
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
    var pattern = new RegExp('(^|[^\\p{Alphabetic}\\p{N}])(' + words.map(literal).join('|') + ')', 'iu');
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
          return json(shardUrl(manifest, i));
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

  // The query whose hits are shown, and one whose top hit Enter asked to open when its hits
  // arrive.
  var shown = null;
  var openOnShow = null;

  function show(query, found) {
    shown = query;
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
      if (openOnShow === query) { openOnShow = null; visit(links()[0]); }
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
      // Enter opens the chosen hit, else the top one: once the hits of what is typed are
      // shown, or as soon as they are.
      event.preventDefault();
      var query = input.value.trim();
      if (!results.hidden && shown === query) { visit(links()[Math.max(active, 0)]); return; }
      openOnShow = query;
      window.clearTimeout(timer);
      run();
    } else if (event.key === 'Escape') {
      if (!input.value && root.classList.contains('search-open')) { setOpen(false); return; }
      input.value = '';
      clear();
    }
  });
  function visit(link) {
    if (link) window.location.href = link.href;
  }

  // `/` anywhere but in a field goes to the search box, as on most documentation sites.
  document.addEventListener('keydown', function (event) {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))) return;
    event.preventDefault();
    if (opener && window.getComputedStyle(opener).display !== 'none') setOpen(true);
    else input.focus();
  });
  box.addEventListener('keydown', function (event) {
    if (event.key === 'Escape' && event.target !== input) { clear(); input.focus(); }
  });
  document.addEventListener('click', function (event) {
    if (!box.contains(event.target)) results.hidden = true;
  });
})();

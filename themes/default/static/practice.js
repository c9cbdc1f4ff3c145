/* prepbook: practice and progress, kept in this browser (localStorage), nothing sent anywhere.
   - practice/ and practice/<guide>/: the FAQ questions as flash cards. The reader reveals the
     answer and marks it "knew it" or "review again"; a Leitner schedule decides when each card
     comes back (see INTERVALS). Cards load by need from small JSON files named by their content;
     the index names the lists of guides, each loaded with it.
   - my-prep/: checklist progress from the ticks the guide pages saved, what is left, practice
     progress, and export / import / clear (with undo) of everything saved for this site.
   - The home page: a link to my-prep/ once anything is saved.
   Without JavaScript the pages stay readable lists. */
(function () {
  'use strict';

  var PREFIX = 'prepbook:';
  var DAY = 24 * 60 * 60 * 1000;
  // Leitner boxes 1 to 5: a card in box n comes back INTERVALS[n] days after it was marked.
  // "Knew it" moves a card up one box (a new card goes to box 2), "review again" back to box 1,
  // which is due at once: it comes first in the next session.
  var INTERVALS = [0, 0, 1, 3, 7, 14];
  var TOP_BOX = 5;
  var EXPORT_FORMAT = 'prepbook-saved-state';

  // ---- storage -------------------------------------------------------------------------------
  function practiceKey(base) { return PREFIX + 'practice:' + base; }
  function checklistKey(store) { return PREFIX + 'checklist:' + store; }

  function readObject(key) {
    try {
      var value = JSON.parse(window.localStorage.getItem(key) || 'null');
      return value && typeof value === 'object' && !Array.isArray(value) ? value : null;
    } catch (e) {
      return null; // storage blocked or corrupt: nothing saved
    }
  }

  function writeObject(key, value) {
    try {
      if (value && Object.keys(value).length) window.localStorage.setItem(key, JSON.stringify(value));
      else window.localStorage.removeItem(key);
    } catch (e) {
      /* private mode or full storage: this visit only */
    }
  }

  function storedKeys() {
    var keys = [];
    try {
      for (var i = 0; i < window.localStorage.length; i++) keys.push(window.localStorage.key(i));
    } catch (e) { /* storage blocked */ }
    return keys;
  }

  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  // ---- the schedule --------------------------------------------------------------------------
  function marked(entry, knew, now) {
    var box = knew ? Math.min(((entry && entry.box) || 1) + 1, TOP_BOX) : 1;
    return { box: box, due: now + INTERVALS[box] * DAY };
  }

  // Due cards first (lowest box, then longest overdue), then cards never seen (in site order),
  // then the rest by when they come due.
  function scheduled(keys, state, now) {
    var due = [], fresh = [], later = [];
    keys.forEach(function (key) {
      var entry = state[key];
      if (!entry) fresh.push(key);
      else (entry.due <= now ? due : later).push(key);
    });
    due.sort(function (a, b) { return state[a].box - state[b].box || state[a].due - state[b].due; });
    later.sort(function (a, b) { return state[a].due - state[b].due; });
    return { due: due, fresh: fresh, later: later };
  }

  function shuffled(list) {
    var copy = list.slice();
    for (var i = copy.length - 1; i > 0; i--) {
      var j = Math.floor(Math.random() * (i + 1));
      var t = copy[i]; copy[i] = copy[j]; copy[j] = t;
    }
    return copy;
  }

  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }

  var loaded = {};
  function fetchJson(url) {
    if (!loaded[url]) {
      loaded[url] = fetch(url).then(function (response) {
        if (!response.ok) throw new Error(url + ': ' + response.status);
        return response.json();
      });
      loaded[url].catch(function () { delete loaded[url]; });
    }
    return loaded[url];
  }

  // The index and every list of guides it names, as one: {sections, chunks, guides}.
  function fetchIndex(url) {
    return fetchJson(url).then(function (index) {
      return Promise.all((index.lists || []).map(fetchJson)).then(function (lists) {
        return {
          sections: index.sections || [],
          chunks: index.chunks || [],
          guides: Array.prototype.concat.apply([], lists),
        };
      });
    });
  }

  function el(name, text, className) {
    var node = document.createElement(name);
    if (text != null) node.textContent = text;
    if (className) node.className = className;
    return node;
  }

  // ---- practice --------------------------------------------------------------------------------
  function Practice(root) {
    this.root = root;
    this.base = root.getAttribute('data-practice-storage') || '/';
    this.state = readObject(practiceKey(this.base)) || {};
    this.cards = {};       // key → {question, answer, url, guide}
    this.guides = [];      // from the index, or this page's one guide
    this.chunks = [];   // the data files, each of some guides of one section
    this.deck = [];
    this.due = 0;
    this.position = 0;
    this.part = function (name) { return root.querySelector('[data-practice-' + name + ']'); };
  }

  Practice.prototype.start = function () {
    var self = this;
    var index = this.root.getAttribute('data-practice-index');
    var ready = index ? fetchIndex(index).then(function (data) {
      self.chunks = data.chunks || [];
      self.guides = data.guides || [];
    }) : Promise.resolve(this.fromPage());
    ready.then(function () {
      self.wire();
      self.rebuild();
      self.root.hidden = false;
      var list = document.querySelector('[data-practice-list]');
      if (list) list.hidden = true;
    }).catch(function () {
      /* the data could not load: the page stays the plain list */
    });
  };

  // A guide's own practice page carries its cards, answers included.
  Practice.prototype.fromPage = function () {
    var self = this;
    var title = document.querySelector('h1');
    var guide = { title: title ? title.textContent : '', cards: [], tags: [], section: 0 };
    document.querySelectorAll('[data-card]').forEach(function (item) {
      var key = item.getAttribute('data-card');
      var question = item.querySelector('.practice-item-question');
      var answer = item.querySelector('.practice-item-answer');
      self.cards[key] = {
        question: question ? question.textContent : '',
        answer: answer ? answer.innerHTML : '',
        url: item.getAttribute('data-url'),
      };
      guide.cards.push(key);
    });
    this.guides = [guide];
  };

  Practice.prototype.wire = function () {
    var self = this;
    var reveal = this.part('reveal');
    reveal.addEventListener('click', function () { self.showAnswer(reveal.getAttribute('aria-expanded') !== 'true'); });
    this.root.querySelectorAll('[data-practice-mark]').forEach(function (button) {
      button.addEventListener('click', function () { self.mark(button.getAttribute('data-practice-mark') === 'knew'); });
    });
    this.part('prev').addEventListener('click', function () { self.go(self.position - 1); });
    this.part('next').addEventListener('click', function () { self.go(self.position + 1); });
    this.part('shuffle').addEventListener('click', function () { self.rebuild(true); });
    this.root.querySelectorAll('[data-filter]').forEach(function (select) {
      select.addEventListener('change', function () { self.rebuild(); });
    });
    var form = this.part('filters');
    if (form) form.addEventListener('submit', function (event) { event.preventDefault(); });
  };

  Practice.prototype.filter = function () {
    var wanted = {};
    this.root.querySelectorAll('[data-filter]').forEach(function (select) {
      if (select.value !== '') wanted[select.getAttribute('data-filter')] = select.value;
    });
    return this.guides.filter(function (g) {
      return (!has(wanted, 'section') || String(g.section) === wanted.section)
        && (!has(wanted, 'tag') || (g.tags || []).indexOf(wanted.tag) >= 0)
        && (!has(wanted, 'role') || g.role === wanted.role)
        && (!has(wanted, 'level') || g.level === wanted.level);
    });
  };

  Practice.prototype.rebuild = function (shuffle) {
    var self = this;
    this.owner = {};
    var keys = [];
    this.filter().forEach(function (guide) {
      (guide.cards || []).forEach(function (key) { keys.push(key); self.owner[key] = guide; });
    });
    var parts = scheduled(keys, this.state, Date.now());
    if (shuffle) parts = { due: shuffled(parts.due), fresh: shuffled(parts.fresh), later: shuffled(parts.later) };
    this.deck = parts.due.concat(parts.fresh, parts.later);
    this.due = parts.due.length;
    this.fresh = parts.fresh.length;
    this.go(0);
  };

  // The card's data: in the page, or in its guide's cards file.
  Practice.prototype.card = function (key) {
    if (this.cards[key]) return Promise.resolve(this.cards[key]);
    var guide = this.owner[key];
    var chunk = guide && this.chunks[guide.chunk];
    if (!chunk || !chunk.cards) return Promise.reject(new Error('no cards for ' + key));
    var self = this;
    return fetchJson(chunk.cards).then(function (cards) {
      Object.keys(cards).forEach(function (k) { self.cards[k] = cards[k]; });
      if (!self.cards[key]) throw new Error('no card ' + key);
      return self.cards[key];
    });
  };

  Practice.prototype.go = function (position) {
    var self = this;
    var total = this.deck.length;
    var cardNode = this.part('card');
    this.part('prev').disabled = position <= 0;
    this.part('next').disabled = position >= total - 1;
    this.part('shuffle').disabled = total < 2;
    if (!total) {
      cardNode.hidden = true;
      this.part('status').textContent = 'No questions match these filters.';
      return;
    }
    this.position = Math.max(0, Math.min(position, total - 1));
    var key = this.deck[this.position];
    this.card(key).then(function (card) {
      if (self.deck[self.position] !== key) return; // moved on meanwhile
      var guide = self.owner[key];
      cardNode.setAttribute('data-key', key);
      self.part('question').textContent = card.question;
      self.part('answer').innerHTML = card.answer;
      var source = self.part('source');
      source.textContent = '';
      if (guide && guide.url) {
        source.appendChild(document.createTextNode('From '));
        var link = el('a', guide.title);
        link.href = card.url || guide.url;
        source.appendChild(link);
      }
      var entry = self.state[key];
      cardNode.setAttribute('data-box', entry ? entry.box : 0);
      self.showAnswer(false);
      cardNode.hidden = false;
      self.status();
      var next = self.deck[self.position + 1];
      if (next) self.card(next).catch(function () {});
    }).catch(function () {
      self.part('status').textContent = 'This card could not be loaded.';
    });
  };

  Practice.prototype.status = function () {
    var parts = ['Card ' + (this.position + 1) + ' of ' + this.deck.length];
    if (this.due) parts.push(this.due + ' due for review');
    if (this.fresh) parts.push(this.fresh + ' new');
    this.part('status').textContent = parts.join(' · ');
  };

  Practice.prototype.showAnswer = function (shown) {
    var reveal = this.part('reveal');
    reveal.setAttribute('aria-expanded', shown ? 'true' : 'false');
    reveal.textContent = shown ? 'Hide answer' : 'Show answer';
    this.part('answer').hidden = !shown;
    this.part('marks').hidden = !shown;
  };

  Practice.prototype.mark = function (knew) {
    var key = this.deck[this.position];
    if (!key) return;
    var wasDue = this.state[key] && this.state[key].due <= Date.now();
    var wasNew = !this.state[key];
    this.state[key] = marked(this.state[key], knew, Date.now());
    writeObject(practiceKey(this.base), this.state);
    if (wasDue && this.due) this.due--;
    if (wasNew && this.fresh) this.fresh--;
    if (this.position < this.deck.length - 1) {
      this.go(this.position + 1);
    } else {
      this.showAnswer(false);
      this.part('status').textContent = 'Done: every card of this deck is marked. Reload to start again with what is due.';
    }
    this.part('reveal').focus();
  };

  // ---- my prep -------------------------------------------------------------------------------
  function MyPrep(root) {
    this.root = root;
    this.base = root.getAttribute('data-practice-storage') || '/';
    this.part = function (name) { return root.querySelector('[data-my-prep-' + name + ']'); };
    this.undo = null;
  }

  MyPrep.prototype.start = function () {
    var self = this;
    fetchIndex(this.root.getAttribute('data-practice-index')).then(function (data) {
      self.index = data;
      var nojs = self.part('nojs');
      if (nojs) nojs.hidden = true;
      self.wire();
      return self.draw();
    }).catch(function () {
      self.part('status').textContent = 'Your progress could not be loaded.';
    });
  };

  // Every storage key that belongs to this site, and its saved value.
  MyPrep.prototype.saved = function () {
    var saved = {};
    var keys = [practiceKey(this.base)].concat(this.index.guides.map(function (g) { return checklistKey(g.store); }));
    keys.forEach(function (key) {
      var value = readObject(key);
      if (value && Object.keys(value).length) saved[key] = value;
    });
    return saved;
  };

  MyPrep.prototype.draw = function () {
    var self = this;
    var guides = this.index.guides;
    var started = guides.filter(function (g) { return g.tasks && readObject(checklistKey(g.store)); });
    var untouched = guides.filter(function (g) { return g.tasks && started.indexOf(g) < 0; });
    var needed = {};
    started.forEach(function (g) {
      var chunk = self.index.chunks[g.chunk];
      if (chunk && chunk.tasks) needed[chunk.tasks] = true;
    });
    this.drawPractice();
    return Promise.all(Object.keys(needed).map(fetchJson)).then(function (files) {
      var items = {};
      files.forEach(function (file) { Object.keys(file).forEach(function (k) { items[k] = file[k]; }); });
      self.drawStarted(started, items);
      self.drawUntouched(untouched);
      var total = guides.filter(function (g) { return g.tasks; }).length;
      self.part('status').textContent = total
        ? plural(started.length, 'checklist') + ' started of ' + total + '.'
        : 'No guide has a checklist.';
      self.part('tools').hidden = false;
    });
  };

  MyPrep.prototype.drawPractice = function () {
    var state = readObject(practiceKey(this.base)) || {};
    var now = Date.now();
    var total = 0, known = 0, due = 0, seen = 0;
    this.index.guides.forEach(function (g) {
      (g.cards || []).forEach(function (key) {
        total++;
        var entry = state[key];
        if (!entry) return;
        seen++;
        if (entry.box >= 2) known++;
        if (entry.due <= now) due++;
      });
    });
    var part = this.part('practice');
    part.hidden = !total;
    var line = this.part('cards');
    line.textContent = plural(total, 'card') + ': ' + known + ' known, ' + due + ' due for review, '
      + (total - seen) + ' not seen yet. ';
    line.setAttribute('data-known', known);
    line.setAttribute('data-due', due);
    var practice = this.root.getAttribute('data-practice-url');
    if (practice) {
      var link = el('a', 'Practise now');
      link.href = practice;
      line.appendChild(link);
    }
  };

  MyPrep.prototype.drawStarted = function (started, items) {
    var list = this.part('guides');
    list.textContent = '';
    started.forEach(function (g) {
      var ticks = readObject(checklistKey(g.store)) || {};
      var all = items[g.store] || [];
      var left = all.filter(function (item) {
        return !(has(ticks, item[0]) ? ticks[item[0]] === true : item[2] === true);
      });
      var done = all.length - left.length;
      var li = el('li', null, 'my-prep-guide');
      li.setAttribute('data-guide', g.store);
      var heading = el('h3');
      var link = el('a', g.title);
      link.href = g.url;
      heading.appendChild(link);
      li.appendChild(heading);
      var bar = el('progress');
      bar.max = all.length;
      bar.value = done;
      var label = el('span', done + ' of ' + all.length + ' done', 'my-prep-count');
      label.setAttribute('data-my-prep-count', '');
      bar.setAttribute('aria-label', g.title + ': ' + label.textContent);
      var line = el('p', null, 'my-prep-progress');
      line.appendChild(bar);
      line.appendChild(label);
      li.appendChild(line);
      if (left.length) {
        var todo = el('ul', null, 'my-prep-left');
        left.forEach(function (item) {
          var entry = el('li');
          var to = el('a', item[1]);
          to.href = g.url + '#task-' + item[0];
          entry.appendChild(to);
          todo.appendChild(entry);
        });
        li.appendChild(todo);
      }
      list.appendChild(li);
    });
    this.part('checklists').hidden = !started.length;
  };

  MyPrep.prototype.drawUntouched = function (untouched) {
    var list = this.part('untouched');
    list.textContent = '';
    untouched.forEach(function (g) {
      var li = el('li');
      var link = el('a', g.title);
      link.href = g.url;
      li.appendChild(link);
      li.appendChild(document.createTextNode(' · ' + plural(g.tasks, 'item')));
      list.appendChild(li);
    });
    this.part('not-started').hidden = !untouched.length;
  };

  MyPrep.prototype.note = function (text) { this.part('note').textContent = text; };

  MyPrep.prototype.wire = function () {
    var self = this;
    this.part('export').addEventListener('click', function () { self.exportState(); });
    this.part('import').addEventListener('change', function (event) {
      var file = event.target.files && event.target.files[0];
      if (!file) return;
      file.text().then(function (text) { self.importState(text); }, function () {
        self.note('That file could not be read.');
      });
      event.target.value = '';
    });
    this.part('clear').addEventListener('click', function () { self.clear(); });
    this.part('undo').addEventListener('click', function () { self.restore(); });
  };

  MyPrep.prototype.exportState = function () {
    var data = { format: EXPORT_FORMAT, version: 1, site: this.base, saved: this.saved() };
    var blob = new Blob([JSON.stringify(data, null, 2) + '\n'], { type: 'application/json' });
    var old = this.root.querySelector('[data-my-prep-download]');
    if (old) { URL.revokeObjectURL(old.href); old.remove(); }
    var link = el('a', 'Download your saved state (prep-state.json)');
    link.href = URL.createObjectURL(blob);
    link.download = 'prep-state.json';
    link.setAttribute('data-my-prep-download', '');
    this.part('note').after(link);
    link.click();
    this.note('Exported ' + plural(Object.keys(data.saved).length, 'saved list') + '.');
  };

  MyPrep.prototype.importState = function (text) {
    var data;
    try { data = JSON.parse(text); } catch (e) { data = null; }
    if (!data || data.format !== EXPORT_FORMAT || !data.saved || typeof data.saved !== 'object') {
      this.note('That file is not a saved state exported from My prep.');
      return;
    }
    var own = this.keysOfSite();
    var entries = Object.keys(data.saved).filter(function (key) { return own(key); });
    if (!entries.length && Object.keys(data.saved).length) {
      this.note('That file holds the saved state of another site.');
      return;
    }
    var current = this.saved();
    Object.keys(current).forEach(function (key) { writeObject(key, null); });
    entries.forEach(function (key) { writeObject(key, data.saved[key]); });
    this.note('Imported ' + plural(entries.length, 'saved list') + '.');
    this.draw();
  };

  // Whether a storage key is one this site's pages use.
  MyPrep.prototype.keysOfSite = function () {
    var keys = {};
    keys[practiceKey(this.base)] = true;
    this.index.guides.forEach(function (g) { keys[checklistKey(g.store)] = true; });
    return function (key) { return has(keys, key); };
  };

  MyPrep.prototype.clear = function () {
    var saved = this.saved();
    if (!Object.keys(saved).length) { this.note('Nothing is saved.'); return; }
    Object.keys(saved).forEach(function (key) { writeObject(key, null); });
    this.undo = saved;
    this.part('undo').hidden = false;
    this.note('Cleared everything saved for this site. Undo brings it back.');
    this.draw();
    this.part('undo').focus();
  };

  MyPrep.prototype.restore = function () {
    var saved = this.undo;
    if (!saved) return;
    Object.keys(saved).forEach(function (key) { writeObject(key, saved[key]); });
    this.undo = null;
    this.part('undo').hidden = true;
    this.note('Restored.');
    this.draw();
    this.part('clear').focus();
  };

  // ---- the home page's link --------------------------------------------------------------------
  function showLink(link) {
    var base = link.getAttribute('data-practice-storage') || '/';
    var own = checklistKey(base);
    var practice = practiceKey(base);
    link.hidden = !storedKeys().some(function (key) { return key === practice || key.indexOf(own) === 0; });
  }

  document.querySelectorAll('[data-practice]').forEach(function (root) { new Practice(root).start(); });
  document.querySelectorAll('[data-my-prep]').forEach(function (root) { new MyPrep(root).start(); });
  document.querySelectorAll('[data-my-prep-link]').forEach(showLink);
})();

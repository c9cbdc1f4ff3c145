/* prepbook: practice and progress, kept in this browser (localStorage), nothing sent anywhere.
   - practice/ and practice/<guide>/: the FAQ questions as flash cards. The reader reveals the
     answer and marks it "knew it" or "review again"; a Leitner schedule decides when each card
     comes back (see INTERVALS). Cards load by need from small JSON files named by their content:
     the index sums up the lists of guides, and a list is loaded only when the filters, the
     reader's due cards or their place in the deck need it.
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
  // A card's saved entry also names its guide (`g`, the guide's storage key), so that the next
  // session knows which list of guides holds it without loading every list.
  function marked(entry, knew, now, guide) {
    var box = knew ? Math.min(((entry && entry.box) || 1) + 1, TOP_BOX) : 1;
    var next = { box: box, due: now + INTERVALS[box] * DAY };
    var store = guide || (entry && entry.g);
    if (store) next.g = store;
    return next;
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

  // A list of guides from the index ({url, section, folders, cards, checklists, tags, roles,
  // levels}); each guide learns its list's section.
  function fetchList(list) {
    return fetchJson(list.url).then(function (guides) {
      guides.forEach(function (g) { g.section = list.section; });
      return guides;
    });
  }

  function fetchLists(lists) {
    return Promise.all(lists.map(fetchList)).then(function (all) { return Array.prototype.concat.apply([], all); });
  }

  // A storage key's folder, cut as the build cuts it: everything up to the last '/'.
  function folderOf(store) { return store.slice(0, store.lastIndexOf('/') + 1); }

  // The lists, of `lists`, that hold a guide with one of the storage keys `stores`.
  function listsHolding(lists, stores) {
    var folders = {};
    stores.forEach(function (store) { folders[folderOf(store)] = true; });
    return lists.filter(function (list) {
      return (list.folders || []).some(function (folder) { return has(folders, folder); });
    });
  }

  // Whether a guide, or a list (by what its guides have), is one the filters ask for.
  function wantedBy(wanted, section, tags, role, level) {
    var one = function (name, values) { return !has(wanted, name) || values.indexOf(wanted[name]) >= 0; };
    return one('section', [section]) && one('tag', tags || [])
      && one('role', role) && one('level', level);
  }
  function listWanted(list, wanted) {
    return wantedBy(wanted, list.section, list.tags, list.roles || [], list.levels || []);
  }
  function guideWanted(g, wanted) {
    return wantedBy(wanted, g.section, g.tags, g.role ? [g.role] : [], g.level ? [g.level] : []);
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
    this.cards = {};       // key → {question, answer, url}
    this.lists = [];       // the index's lists of guides
    this.one = null;       // the storage key of the one guide whose cards to deal (?guide=)
    this.chunks = [];      // the data files, each of some guides of one section
    this.waiting = [];     // lists the filters want whose cards are not in the deck yet
    this.generation = 0;   // bumped by each rebuild: a list loaded for an older deck is dropped
    this.deck = [];
    this.due = 0;
    this.position = 0;
    this.part = function (name) { return root.querySelector('[data-practice-' + name + ']'); };
  }

  Practice.prototype.start = function () {
    var self = this;
    var index = this.root.getAttribute('data-practice-index');
    // `?guide=<storage key>`: a guide page's "Practise these questions" deals that guide's
    // cards alone, from the same data as the whole deck.
    try { this.one = new URLSearchParams(location.search).get('guide') || null; } catch (e) { this.one = null; }
    if (this.one) {
      var filters = this.part('filters');
      if (filters) filters.hidden = true;
    }
    fetchJson(index).then(function (data) {
      self.chunks = data.chunks || [];
      self.lists = data.lists || [];
    }).then(function () {
      self.wire();
      return self.rebuild();
    }).then(function () {
      self.root.hidden = false;
      var list = document.querySelector('[data-practice-list]');
      if (list) list.hidden = true;
    }).catch(function () {
      /* the data could not load: the page stays the plain list */
    });
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

  Practice.prototype.wanted = function () {
    var wanted = {};
    this.root.querySelectorAll('[data-filter]').forEach(function (select) {
      if (select.value !== '') wanted[select.getAttribute('data-filter')] = select.value;
    });
    return wanted;
  };

  // A new deck for the filters, in three queues: due cards (lowest box first), new cards in
  // site order, the rest by when they come due. The lists holding the reader's due cards load
  // first, for those cards only; then list after list in site order, each adding its new and
  // later cards, whenever the reader nears the end of the due and new cards loaded so far.
  Practice.prototype.rebuild = function (shuffle) {
    var self = this;
    var wanted = this.wanted();
    var generation = ++this.generation;
    this.shuffle = !!shuffle;
    this.owner = {};
    this.queues = { due: [], fresh: [], later: [] };
    this.deck = [];
    this.due = 0;
    this.fresh = 0;
    this.shown = false;
    this.waiting = this.one ? listsHolding(this.lists, [this.one])
      : this.lists.filter(function (list) { return listWanted(list, wanted); });
    var state = this.state, now = Date.now();
    // The guides of the due cards, as their marks name them (marks saved before guides were
    // named, or edited by hand, name none: their cards come when their list does).
    var due = Object.keys(state).filter(function (key) {
      var entry = state[key];
      return entry && typeof entry.g === 'string' && entry.due <= now;
    }).map(function (key) { return state[key].g; });
    return fetchLists(listsHolding(this.waiting, due)).then(function (guides) {
      if (generation !== self.generation) return null;
      self.add(guides, wanted, true);
      return self.fill(generation, 0);
    }).then(function () {
      if (generation !== self.generation) return;
      self.shown = true;
      self.go(0);
    });
  };

  // Adds the cards of `guides` that the filters want to their queues (only the due ones when
  // `dueOnly`). A due card found once the deck is shown (its mark names no guide) joins the new
  // ones, so that no card before the reader's place moves.
  Practice.prototype.add = function (guides, wanted, dueOnly) {
    var self = this;
    var keys = [], owners = {};
    guides.filter(function (g) {
      return self.one ? g.store === self.one : guideWanted(g, wanted);
    }).forEach(function (guide) {
      if (self.one) self.showOne(guide);
      (guide.cards || []).forEach(function (key) {
        if (has(self.owner, key) || has(owners, key)) return;
        keys.push(key);
        owners[key] = guide;
      });
    });
    var parts = scheduled(keys, this.state, Date.now());
    ['due', 'fresh', 'later'].forEach(function (name) {
      if (dueOnly && name !== 'due') return;
      var part = self.shuffle ? shuffled(parts[name]) : parts[name];
      part.forEach(function (key) { self.owner[key] = owners[key]; });
      var queue = name === 'due' && self.shown ? 'fresh' : name;
      self.queues[queue] = self.queues[queue].concat(part);
    });
    this.due += parts.due.length;
    if (!dueOnly) this.fresh += parts.fresh.length;
    this.deck = this.queues.due.concat(this.queues.fresh, this.queues.later);
  };

  // Loads waiting lists, one at a time, until two due or new cards lie past `position` (or
  // no list waits).
  Practice.prototype.fill = function (generation, position) {
    var self = this;
    var ahead = this.queues.due.length + this.queues.fresh.length;
    if (!this.waiting.length || ahead > position + 2) return Promise.resolve();
    var next = this.waiting.shift();
    var wanted = this.wanted();
    return fetchList(next).then(function (guides) {
      if (generation !== self.generation) return null;
      self.add(guides, wanted, false);
      return self.fill(generation, position);
    });
  };

  // Names the one guide being practised, with a link back to it.
  Practice.prototype.showOne = function (guide) {
    var line = this.part('one'), link = this.root.querySelector('[data-practice-one-link]');
    if (!line || !link) return;
    link.textContent = guide.title;
    link.href = guide.url;
    line.hidden = false;
  };

  // The card's data, from its guide's cards file.
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
    if (position >= this.deck.length && this.waiting.length) {
      var generation = this.generation;
      this.fill(generation, position).then(function () {
        if (generation === self.generation) self.go(Math.min(position, self.deck.length - 1));
      });
      return;
    }
    var total = this.deck.length;
    var cardNode = this.part('card');
    this.part('prev').disabled = position <= 0;
    this.part('next').disabled = position >= total - 1 && !this.waiting.length;
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
      var generation = self.generation;
      self.fill(generation, self.position).then(function () {
        if (generation !== self.generation) return;
        self.part('next').disabled = self.position >= self.deck.length - 1 && !self.waiting.length;
        self.status();
        var next = self.deck[self.position + 1];
        if (next) self.card(next).catch(function () {});
      });
    }).catch(function () {
      self.part('status').textContent = 'This card could not be loaded.';
    });
  };

  Practice.prototype.status = function () {
    var parts = ['Card ' + (this.position + 1) + ' of ' + this.deck.length
      + (this.waiting.length ? ' so far (more load as you go)' : '')];
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
    var guide = this.owner[key];
    this.state[key] = marked(this.state[key], knew, Date.now(), guide && guide.store);
    writeObject(practiceKey(this.base), this.state);
    if (wasDue && this.due) this.due--;
    if (wasNew && this.fresh) this.fresh--;
    if (this.position < this.deck.length - 1 || this.waiting.length) {
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
    this.shown = [];  // lists of guides not started that the reader asked to see
  }

  // On a site of this many lists or fewer, every guide is listed at once.
  var LISTS_AT_ONCE = 2;

  MyPrep.prototype.start = function () {
    var self = this;
    fetchJson(this.root.getAttribute('data-practice-index')).then(function (data) {
      self.index = { chunks: data.chunks || [], lists: data.lists || [] };
      var nojs = self.part('nojs');
      if (nojs) nojs.hidden = true;
      self.wire();
      return self.draw();
    }).catch(function () {
      self.part('status').textContent = 'Your progress could not be loaded.';
    });
  };

  // Whether a storage key is one this site's pages use: its practice state, or the ticks of
  // one of its guides (their keys start with the site's base path).
  MyPrep.prototype.ownKey = function (key) {
    return key === practiceKey(this.base) || key.indexOf(checklistKey(this.base)) === 0;
  };

  // Every storage key that belongs to this site, and its saved value.
  MyPrep.prototype.saved = function () {
    var saved = {};
    storedKeys().filter(this.ownKey, this).forEach(function (key) {
      var value = readObject(key);
      if (value && Object.keys(value).length) saved[key] = value;
    });
    return saved;
  };

  // The storage keys of the guides whose checklists the reader has ticked.
  MyPrep.prototype.startedStores = function () {
    var prefix = checklistKey(this.base);
    var own = checklistKey('');
    return storedKeys().filter(function (key) { return key.indexOf(prefix) === 0 && readObject(key); })
      .map(function (key) { return key.slice(own.length); });
  };

  // Loads the lists of the guides started (all lists on a small site, and those the reader
  // asked to see), then each started guide's checklist items, and draws them.
  MyPrep.prototype.draw = function () {
    var self = this;
    var lists = this.index.lists;
    var stores = this.startedStores();
    var isStarted = {};
    stores.forEach(function (store) { isStarted[store] = true; });
    var needed = lists.length <= LISTS_AT_ONCE ? lists : listsHolding(lists, stores);
    needed = lists.filter(function (list) { return needed.indexOf(list) >= 0 || self.shown.indexOf(list) >= 0; });
    this.drawPractice();
    return fetchLists(needed).then(function (guides) {
      var started = guides.filter(function (g) { return g.tasks && has(isStarted, g.store); });
      var untouched = guides.filter(function (g) { return g.tasks && !has(isStarted, g.store); });
      var files = {};
      started.forEach(function (g) {
        var chunk = self.index.chunks[g.chunk];
        if (chunk && chunk.tasks) files[chunk.tasks] = true;
      });
      return Promise.all(Object.keys(files).map(fetchJson)).then(function (loaded) {
        var items = {};
        loaded.forEach(function (file) { Object.keys(file).forEach(function (k) { items[k] = file[k]; }); });
        self.drawStarted(started, items);
        self.drawUntouched(untouched, lists.filter(function (list) { return needed.indexOf(list) < 0; }));
        var total = lists.reduce(function (sum, list) { return sum + (list.checklists || 0); }, 0);
        self.part('status').textContent = total
          ? plural(started.length, 'checklist') + ' started of ' + total + '.'
          : 'No guide has a checklist.';
        self.part('tools').hidden = false;
      });
    });
  };

  MyPrep.prototype.drawPractice = function () {
    var state = readObject(practiceKey(this.base)) || {};
    var now = Date.now();
    // From the index's counts and the saved marks, without loading any list: a mark of a
    // question since removed from its guide still counts until it is cleared.
    var total = this.index.lists.reduce(function (sum, list) { return sum + (list.cards || 0); }, 0);
    var known = 0, due = 0, seen = 0;
    Object.keys(state).forEach(function (key) {
      var entry = state[key];
      if (!entry || typeof entry !== 'object') return;
      seen++;
      if (entry.box >= 2) known++;
      if (entry.due <= now) due++;
    });
    seen = Math.min(seen, total);
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

  // The guides with a checklist not started: those of the lists loaded by name, and for each
  // list not loaded, its section and count with a button that loads it.
  MyPrep.prototype.drawUntouched = function (untouched, unloaded) {
    var self = this;
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
    var more = 0;
    unloaded.filter(function (l) { return l.checklists; }).forEach(function (l) {
      more += l.checklists;
      var li = el('li', null, 'my-prep-more');
      li.appendChild(document.createTextNode(l.section + ': ' + plural(l.checklists, 'guide') + ' with a checklist '));
      var button = el('button', 'Show them');
      button.type = 'button';
      button.addEventListener('click', function () {
        self.shown.push(l);
        self.draw();
      });
      li.appendChild(button);
      list.appendChild(li);
    });
    this.part('not-started').hidden = !untouched.length && !more;
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
    var entries = Object.keys(data.saved).filter(this.ownKey, this);
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

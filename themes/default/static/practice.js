/* prepbook: practice and progress, kept in this browser (localStorage), nothing sent anywhere.
   - practice/ and practice/<guide>/: the FAQ questions as flash cards. The reader reveals the
     answer and grades it Again, Hard, Good or Easy; SM-2 decides when each card comes back
     (see `graded`), capped by the reader's interview date when one is set. Cards load by need
     from small JSON files named by their content: the index sums up the lists of guides, and a
     list is loaded only when the filters, the reader's due cards or their place in the deck
     need it.
   - my-prep/: checklist progress from the ticks the guide pages saved, what is left, practice
     progress, and export / import (merge or replace) / clear (with undo) of everything saved
     for this site.
   - The home page: a link to my-prep/ once anything is saved.
   Without JavaScript the pages stay readable lists. */
(function () {
  'use strict';

  var PREFIX = 'prepbook:';
  var DAY = 24 * 60 * 60 * 1000;
  var EXPORT_FORMAT = 'prepbook-saved-state';
  // The practice state's shape: { version, cards: { key → card }, interview: 'YYYY-MM-DD' }.
  // Version 1 (no `version` key) was a map of Leitner boxes, key → { box, due, g }.
  var STATE_VERSION = 2;
  // A Leitner box's interval in days, to carry version 1 marks over.
  var LEITNER_DAYS = [0, 0, 1, 3, 7, 14];
  // Grades 0 to 3; SM-2's quality of each (0 to 5, 3 or more a pass).
  var GRADES = ['again', 'hard', 'good', 'easy'];
  var QUALITY = [2, 3, 4, 5];
  var START_EASE = 2.5;
  var MIN_EASE = 1.3;
  // A card graded Again comes back after this many other cards of the same sitting.
  var AGAIN_AFTER = 3;

  // ---- time ----------------------------------------------------------------------------------
  // Every reading of the clock goes through Date.now, so a page (or a test) sees one clock.
  function now() { return Date.now(); }

  // Local midnight of the day of `time`, and the midnight `days` later (by the calendar, so a
  // change of summer time does not move it).
  function dayStart(time) {
    var d = new Date(time);
    return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  }
  function addDays(day, days) {
    var d = new Date(day);
    return new Date(d.getFullYear(), d.getMonth(), d.getDate() + days).getTime();
  }
  function daysBetween(from, to) { return Math.round((dayStart(to) - dayStart(from)) / DAY); }

  // 'YYYY-MM-DD' (an `<input type=date>`'s value) as its local midnight, or null.
  function parseDay(text) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text || '');
    if (!m) return null;
    var day = new Date(+m[1], +m[2] - 1, +m[3]).getTime();
    return isNaN(day) ? null : day;
  }

  function shownDay(time) {
    try {
      return new Date(time).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short' });
    } catch (e) {
      return new Date(time).toDateString();
    }
  }

  // ---- Anki's text import format -------------------------------------------------------------
  // As src/render/anki.rs writes it: a field with a tab, a line break or a double quote goes in
  // double quotes, each quote doubled; tags and the deck name lose their whitespace.
  function ankiField(value) {
    value = String(value);
    return /[\t\n\r"]/.test(value) ? '"' + value.replace(/"/g, '""') + '"' : value;
  }
  function ankiTag(value) { return value.split(/\s+/).filter(Boolean).join('_'); }
  function oneLine(value) { return value.split(/\s+/).filter(Boolean).join(' '); }

  // ---- the interview date --------------------------------------------------------------------
  // Days from today to the interview (1 when it is tomorrow), or 0 when none is set or it is
  // today or past: the schedule then has no deadline.
  function daysLeft(interview, time) {
    var day = parseDay(interview);
    if (day === null) return 0;
    var left = daysBetween(time, day);
    return left > 0 ? left : 0;
  }

  // The latest a card may come due: the day before the interview, so that every card is seen
  // once more before it; and never today, which would deal it again at once (the day before
  // the interview, its cards come back on the day itself). Infinity with no interview ahead.
  function deadline(interview, time) {
    var left = daysLeft(interview, time);
    if (!left) return Infinity;
    var today = dayStart(time);
    return Math.max(addDays(today, left - 1), addDays(today, 1));
  }

  // How many cards never seen may be dealt today: with an interview ahead, those left spread
  // evenly over the days left, ceil((unseen + introduced today) / days left) a day, less those
  // already introduced today; with none, all of them.
  function newToday(state, unseen, time) {
    var introduced = introducedToday(state, time);
    return Math.max(0, newPerDay(state, unseen + introduced, time) - introduced);
  }
  function newPerDay(state, unseenThisMorning, time) {
    var left = daysLeft(state.interview, time);
    return left ? Math.ceil(unseenThisMorning / left) : Infinity;
  }
  function introducedToday(state, time) {
    var today = dayStart(time), introduced = 0;
    Object.keys(state.cards).forEach(function (key) {
      if (state.cards[key].seen >= today) introduced++;
    });
    return introduced;
  }

  // ---- the state -----------------------------------------------------------------------------
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

  function finite(value, fallback) { return typeof value === 'number' && isFinite(value) ? value : fallback; }

  // A saved card as this version keeps it: repetitions passed in a row, ease, interval in
  // days, when it is due, when it was last and first graded, and its guide's storage key (`g`,
  // so that the next session knows which list holds it without loading every list).
  function card(entry, time) {
    var next = {
      reps: Math.max(0, Math.floor(finite(entry.reps, 0))),
      ease: Math.max(MIN_EASE, finite(entry.ease, START_EASE)),
      ivl: Math.max(0, finite(entry.ivl, 0)),
      due: finite(entry.due, time),
      last: finite(entry.last, 0),
      seen: finite(entry.seen, 0)
    };
    if (typeof entry.g === 'string') next.g = entry.g;
    return next;
  }

  // Any saved practice state, of any version, as this version's: nothing is dropped. A
  // Leitner mark keeps its due date; its box gives the interval and repetitions (box n is n-1
  // passes), and its last review is worked back from them.
  function migrated(raw, time) {
    var state = { version: STATE_VERSION, cards: {} };
    if (!raw || typeof raw !== 'object') return state;
    // Any state with `cards` is read as this version's shape (a later version's too, as far
    // as it goes), never as a map of Leitner marks.
    if (typeof raw.version === 'number' && raw.cards && typeof raw.cards === 'object') {
      Object.keys(raw.cards).forEach(function (key) {
        if (raw.cards[key] && typeof raw.cards[key] === 'object') state.cards[key] = card(raw.cards[key], time);
      });
      if (parseDay(raw.interview) !== null) state.interview = raw.interview;
      return state;
    }
    Object.keys(raw).forEach(function (key) {
      var entry = raw[key];
      if (!entry || typeof entry !== 'object') return;
      var box = Math.min(Math.max(Math.floor(finite(entry.box, 1)), 1), LEITNER_DAYS.length - 1);
      var due = finite(entry.due, time);
      var ivl = LEITNER_DAYS[box];
      var last = due - ivl * DAY;
      state.cards[key] = card({ reps: box - 1, ease: START_EASE, ivl: ivl, due: due, last: last, seen: last, g: entry.g }, time);
    });
    return state;
  }

  function loadState(base) { return migrated(readObject(practiceKey(base)), now()); }

  // ---- the schedule: SM-2 --------------------------------------------------------------------
  // The card after a grade (0 Again … 3 Easy) at `time`, due no later than `latest`.
  // SM-2: a pass (Hard, Good, Easy: quality 3, 4, 5) comes back after 1 day, then 6, then the
  // last interval times the ease; Again starts the repetitions over and comes back in this
  // sitting (due at once). Every grade moves the ease by 0.1 - (5-q)(0.08 + (5-q)0.02), to no
  // less than 1.3. A card graded before it is due (studied ahead) and passed keeps its
  // interval, ease and due date: answering early proves nothing about the interval.
  function graded(entry, grade, time, latest) {
    var old = entry ? card(entry, time) : null;
    if (old && old.due > time && grade > 0) {
      var kept = card(old, time);
      kept.last = time;
      return kept;
    }
    var next = old ? card(old, time) : card({ seen: time }, time);
    if (!next.seen) next.seen = time;
    var q = QUALITY[grade];
    next.ease = Math.max(MIN_EASE, next.ease + 0.1 - (5 - q) * (0.08 + (5 - q) * 0.02));
    next.last = time;
    if (grade === 0) {
      next.reps = 0;
      next.ivl = 0;
      next.due = time;
      return next;
    }
    var ivl = next.reps === 0 ? 1 : next.reps === 1 ? 6 : Math.round(next.ivl * (old ? old.ease : START_EASE));
    next.reps++;
    var today = dayStart(time);
    var due = Math.min(addDays(today, ivl), latest);
    next.ivl = Math.max(1, daysBetween(today, due));
    next.due = due;
    return next;
  }

  // When a card graded at `time` comes back, in words.
  function backIn(entry, time) {
    if (entry.due <= time) return 'again in this sitting';
    var days = daysBetween(time, entry.due);
    return 'in ' + plural(days, 'day') + ', ' + shownDay(entry.due);
  }

  // Due cards first (most overdue first), then cards never seen (in site order), then the rest
  // by when they come due.
  function scheduled(keys, cards, time) {
    var due = [], fresh = [], later = [];
    keys.forEach(function (key) {
      var entry = cards[key];
      if (!entry) fresh.push(key);
      else (entry.due <= time ? due : later).push(key);
    });
    due.sort(function (a, b) { return cards[a].due - cards[b].due; });
    later.sort(function (a, b) { return cards[a].due - cards[b].due; });
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
    this.state = loadState(this.base);
    this.cards = {};       // key → {question, answer, url}
    this.lists = [];       // the index's lists of guides
    this.one = null;       // the storage key of the one guide whose cards to deal (?guide=)
    this.chunks = [];      // the data files, each of some guides of one section
    this.waiting = [];     // lists the filters want whose cards are not in the deck yet
    this.generation = 0;   // bumped by each rebuild: a list loaded for an older deck is dropped
    this.deck = [];        // the sitting: due cards, then new ones, then any studied ahead
    this.position = 0;
    this.part = function (name) { return root.querySelector('[data-practice-' + name + ']'); };
  }

  Practice.prototype.save = function () { writeObject(practiceKey(this.base), this.state); };

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
    reveal.addEventListener('click', function () { self.flip(); });
    this.root.querySelectorAll('[data-practice-grade]').forEach(function (button) {
      button.addEventListener('click', function () { self.mark(GRADES.indexOf(button.getAttribute('data-practice-grade'))); });
    });
    this.part('prev').addEventListener('click', function () { self.go(self.position - 1); });
    this.part('next').addEventListener('click', function () { self.go(self.position + 1); });
    this.part('shuffle').addEventListener('click', function () { self.rebuild(true); });
    this.part('ahead').addEventListener('click', function () { self.studyAhead(); });
    this.part('anki').addEventListener('click', function () { self.downloadAnki(); });
    this.root.querySelectorAll('[data-filter]').forEach(function (select) {
      select.addEventListener('change', function () { self.rebuild(); });
    });
    var form = this.part('filters');
    if (form) form.addEventListener('submit', function (event) { event.preventDefault(); });
    var date = this.part('interview-date');
    date.value = this.state.interview || '';
    date.addEventListener('change', function () { self.setInterview(date.value); });
    this.part('interview-clear').addEventListener('click', function () {
      date.value = '';
      self.setInterview('');
    });
    // Space flips the card, 1 to 4 grade it once it is flipped. Typing in a field is left
    // alone, and so is Space on a button or link, which presses it (on "Show answer" that
    // flips the card too).
    document.addEventListener('keydown', function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || self.part('card').hidden) return;
      var target = event.target;
      var tag = target && target.tagName;
      if (/^(INPUT|SELECT|TEXTAREA)$/.test(tag) || (target && target.isContentEditable)) return;
      if (event.key === ' ' && !/^(BUTTON|A|SUMMARY)$/.test(tag)) {
        event.preventDefault();
        self.flip();
      } else if (/^[1-4]$/.test(event.key) && !self.part('marks').hidden) {
        event.preventDefault();
        self.mark(Number(event.key) - 1);
      }
    });
  };

  Practice.prototype.setInterview = function (value) {
    if (parseDay(value) !== null) this.state.interview = value;
    else delete this.state.interview;
    this.save();
    this.rebuild();
  };

  Practice.prototype.wanted = function () {
    var wanted = {};
    this.root.querySelectorAll('[data-filter]').forEach(function (select) {
      if (select.value !== '') wanted[select.getAttribute('data-filter')] = select.value;
    });
    return wanted;
  };

  // How many of the site's cards were never graded, from the index's counts.
  Practice.prototype.unseen = function () {
    var total = this.lists.reduce(function (sum, list) { return sum + (list.cards || 0); }, 0);
    return Math.max(0, total - Object.keys(this.state.cards).length);
  };

  // A new sitting for the filters: the due cards (most overdue first), then new cards in site
  // order, as many as today allows. Cards not due yet wait for "Study ahead". The lists holding
  // the reader's due cards load first, for those cards only; then list after list in site
  // order, each adding its new cards, whenever the reader nears the end of those loaded so far.
  Practice.prototype.rebuild = function (shuffle) {
    var self = this;
    var wanted = this.wanted();
    var generation = ++this.generation;
    var time = now();
    this.shuffle = !!shuffle;
    this.owner = {};
    this.deck = [];
    this.dueEnd = 0;        // where the due cards found before the deck is shown end
    this.later = [];        // cards not due yet, for "Study ahead"
    this.over = [];         // new cards past today's allowance, for "Study ahead"
    this.freshTaken = 0;
    this.freshAllowed = newToday(this.state, this.unseen(), time);
    this.ahead = false;
    this.shown = false;
    this.part('after').textContent = '';
    this.waiting = this.one ? listsHolding(this.lists, [this.one])
      : this.lists.filter(function (list) { return listWanted(list, wanted); });
    this.total = this.waiting.reduce(function (sum, list) { return sum + (list.cards || 0); }, 0);
    var cards = this.state.cards;
    // The guides of the due cards, as their marks name them (marks saved before guides were
    // named, or edited by hand, name none: their cards come when their list does).
    var due = Object.keys(cards).filter(function (key) {
      return typeof cards[key].g === 'string' && cards[key].due <= time;
    }).map(function (key) { return cards[key].g; });
    this.plan();
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

  // Adds the cards of `guides` that the filters want (only the due ones when `dueOnly`): due
  // cards to the due part of the sitting (or its end once it is shown, so that no card before
  // the reader's place moves), new ones up to today's allowance, the rest aside.
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
    var parts = scheduled(keys, this.state.cards, now());
    var own = function (list) {
      list = self.shuffle ? shuffled(list) : list;
      list.forEach(function (key) { self.owner[key] = owners[key]; });
      return list;
    };
    var due = own(parts.due);
    if (this.shown) this.deck = this.deck.concat(due);
    else {
      this.deck.splice.apply(this.deck, [this.dueEnd, 0].concat(due));
      this.dueEnd += due.length;
    }
    if (dueOnly) return;
    var fresh = own(parts.fresh);
    var take = Math.max(0, Math.min(fresh.length, this.freshAllowed - this.freshTaken));
    this.deck = this.deck.concat(fresh.slice(0, take));
    this.over = this.over.concat(fresh.slice(take));
    this.freshTaken += take;
    this.later = this.later.concat(own(parts.later));
  };

  // Whether today's new cards are all dealt: the lists still waiting hold only cards for
  // "Study ahead" (and the due cards of marks that name no guide, which wait for it too).
  Practice.prototype.filled = function () { return this.freshTaken >= this.freshAllowed; };

  // Loads waiting lists, one at a time, until two cards lie past `position` (or no list
  // waits, or today's new cards are all dealt).
  Practice.prototype.fill = function (generation, position) {
    var self = this;
    if (!this.waiting.length || this.deck.length > position + 2 || this.filled()) return Promise.resolve();
    var next = this.waiting.shift();
    var wanted = this.wanted();
    return fetchList(next).then(function (guides) {
      if (generation !== self.generation) return null;
      self.add(guides, wanted, false);
      return self.fill(generation, position);
    });
  };

  // "Study ahead": every card of the filters not in the sitting (those not due yet, soonest
  // first, then new ones past today's allowance) joins its end. Grading them keeps their
  // intervals (see `graded`).
  Practice.prototype.studyAhead = function () {
    var self = this;
    var generation = this.generation;
    var wanted = this.wanted();
    var lists = this.waiting;
    this.waiting = [];
    this.ahead = true;
    return fetchLists(lists).then(function (guides) {
      if (generation !== self.generation) return;
      self.add(guides, wanted, false);
      var cards = self.state.cards;
      var later = self.later.filter(function (key) { return cards[key]; });
      later.sort(function (a, b) { return cards[a].due - cards[b].due; });
      var start = self.deck.length;
      self.deck = self.deck.concat(later, self.over);
      self.later = [];
      self.over = [];
      self.go(start);
    });
  };

  // "Download for Anki": the cards the filters (or the one guide) cover, as the file
  // `prepbook export anki` writes for the whole site (see src/render/anki.rs): the same header,
  // GUIDs, fields, quoting and tags, made here from the data this page loads.
  Practice.prototype.downloadAnki = function () {
    var self = this;
    var wanted = this.wanted();
    var lists = this.one ? listsHolding(this.lists, [this.one])
      : this.lists.filter(function (list) { return listWanted(list, wanted); });
    var note = this.part('anki-note');
    note.textContent = 'Preparing the file…';
    return fetchLists(lists).then(function (guides) {
      guides = guides.filter(function (g) {
        return (self.one ? g.store === self.one : guideWanted(g, wanted)) && g.cards && g.cards.length;
      });
      var files = [];
      guides.forEach(function (g) {
        var chunk = self.chunks[g.chunk];
        if (chunk && chunk.cards && files.indexOf(chunk.cards) < 0) files.push(chunk.cards);
      });
      return Promise.all(files.map(fetchJson)).then(function (loaded) {
        var cards = {};
        loaded.forEach(function (file) { Object.keys(file).forEach(function (k) { cards[k] = file[k]; }); });
        var title = oneLine(self.root.getAttribute('data-practice-title') || '');
        var text = '#separator:tab\n#html:true\n#guid column:1\n#notetype:Basic\n#deck:' + title + '\n#tags column:4\n';
        var count = 0;
        guides.forEach(function (g) {
          var tags = (g.tags || []).map(ankiTag);
          var section = ankiTag(g.section || '');
          if (tags.indexOf(section) < 0) tags.push(section);
          g.cards.forEach(function (key) {
            var card = cards[key];
            if (!card) return;
            text += [key, card.question, card.answer, tags.join(' ')].map(ankiField).join('\t') + '\n';
            count++;
          });
        });
        var old = self.root.querySelector('[data-practice-anki-file]');
        if (old) { URL.revokeObjectURL(old.href); old.remove(); }
        var link = el('a', 'Download the Anki file again');
        link.href = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
        link.download = 'prepbook-anki.txt';
        link.setAttribute('data-practice-anki-file', '');
        note.textContent = plural(count, 'note') + ' for Anki (File › Import): importing a newer file updates them. ';
        note.appendChild(link);
        link.click();
      });
    }).catch(function () {
      note.textContent = 'The Anki file could not be made.';
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
    if (position >= this.deck.length && this.waiting.length && !this.filled()) {
      var generation = this.generation;
      this.fill(generation, position).then(function () {
        if (generation === self.generation) self.go(Math.min(position, self.deck.length));
      });
      return;
    }
    var total = this.deck.length;
    var cardNode = this.part('card');
    this.position = Math.max(0, Math.min(position, total));
    this.part('prev').disabled = this.position <= 0;
    this.part('next').disabled = this.position >= total;
    this.part('shuffle').disabled = total < 2;
    // "Study ahead" is offered once the sitting is over, when cards wait aside (or in lists
    // not loaded).
    var aside = this.later.length + this.over.length + this.waiting.length;
    this.part('ahead').hidden = this.ahead || !aside || this.position < total;
    if (this.position >= total) {
      cardNode.hidden = true;
      this.status();
      return;
    }
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
      var entry = self.state.cards[key];
      var time = now();
      self.part('when').textContent = !entry ? 'New card'
        : entry.due <= time ? (entry.reps ? 'Due for review' : 'To relearn')
          : 'Studying ahead: due ' + shownDay(entry.due);
      self.showAnswer(false);
      cardNode.hidden = false;
      self.status();
      var generation = self.generation;
      self.fill(generation, self.position).then(function () {
        if (generation !== self.generation) return;
        self.part('next').disabled = self.position >= self.deck.length;
        self.status();
        var next = self.deck[self.position + 1];
        if (next) self.card(next).catch(function () {});
      });
    }).catch(function () {
      self.part('status').textContent = 'This card could not be loaded.';
    });
  };

  // What is left of the sitting: due cards and new ones (those of lists not loaded yet
  // counted from the index), and how many cards the filters cover.
  Practice.prototype.status = function () {
    var cards = this.state.cards, time = now();
    var due = 0, fresh = 0;
    var counted = {};
    this.deck.slice(this.position).forEach(function (key) {
      if (has(counted, key)) return; // a card graded Again is in the rest twice
      counted[key] = true;
      if (!cards[key]) fresh++;
      else if (cards[key].due <= time) due++;
    });
    if (this.waiting.length && !this.ahead) {
      var folders = {};
      Object.keys(cards).forEach(function (key) { if (cards[key].g) folders[folderOf(cards[key].g)] = (folders[folderOf(cards[key].g)] || 0) + 1; });
      var unseen = this.waiting.reduce(function (sum, list) {
        var seen = (list.folders || []).reduce(function (n, f) { return n + (folders[f] || 0); }, 0);
        return sum + Math.max(0, (list.cards || 0) - seen);
      }, 0);
      fresh += Math.min(unseen, this.freshAllowed - this.freshTaken);
    }
    var total = this.waiting.length ? this.total : Object.keys(this.owner).length;
    var parts = [due + ' due', fresh + ' new', plural(total, 'card') + ' in all'];
    var done = this.position >= this.deck.length;
    var text = !total ? 'No questions match these filters.'
      : done ? 'Done for today. ' + parts.join(' · ') + '.'
        : parts.join(' · ');
    var status = this.part('status');
    status.textContent = text;
    status.setAttribute('data-due', due);
    status.setAttribute('data-new', fresh);
    status.setAttribute('data-total', total);
  };

  // The interview line: the date's days left and today's load.
  Practice.prototype.plan = function () {
    var line = this.part('plan');
    var time = now();
    var left = daysLeft(this.state.interview, time);
    line.hidden = !this.state.interview;
    if (!this.state.interview) return;
    if (!left) {
      line.textContent = 'The interview date has come: cards follow their own schedule again.';
      return;
    }
    line.textContent = plural(left, 'day') + ' left: every card comes back by '
      + shownDay(deadline(this.state.interview, time)) + ', and '
      + plural(newPerDay(this.state, this.unseen() + introducedToday(this.state, time), time), 'new card')
      + ' a day.';
  };

  Practice.prototype.flip = function () {
    if (this.part('card').hidden) return;
    this.showAnswer(this.part('reveal').getAttribute('aria-expanded') !== 'true');
  };

  Practice.prototype.showAnswer = function (shown) {
    var reveal = this.part('reveal');
    reveal.setAttribute('aria-expanded', shown ? 'true' : 'false');
    reveal.textContent = shown ? 'Hide answer' : 'Show answer';
    this.part('answer').hidden = !shown;
    this.part('marks').hidden = !shown;
    if (!shown) return;
    // Each grade's button says when the card would come back.
    var key = this.deck[this.position], time = now();
    var latest = deadline(this.state.interview, time);
    var entry = this.state.cards[key];
    this.root.querySelectorAll('[data-practice-grade]').forEach(function (button) {
      var next = graded(entry, GRADES.indexOf(button.getAttribute('data-practice-grade')), time, latest);
      var when = button.querySelector('[data-practice-in]');
      if (when) when.textContent = next.due <= time ? 'soon' : plural(daysBetween(time, next.due), 'day');
    });
  };

  Practice.prototype.mark = function (grade) {
    var key = this.deck[this.position];
    if (!key || grade < 0) return;
    var time = now();
    var guide = this.owner[key];
    var entry = this.state.cards[key];
    var next = graded(entry, grade, time, deadline(this.state.interview, time));
    var store = (guide && guide.store) || (entry && entry.g);
    if (store) next.g = store;
    this.state.cards[key] = next;
    this.save();
    // Again: the card comes back after a few others of this sitting.
    if (grade === 0) this.deck.splice(Math.min(this.position + 1 + AGAIN_AFTER, this.deck.length), 0, key);
    var question = this.cards[key] ? this.cards[key].question : 'The card';
    var after = this.part('after');
    after.textContent = '“' + question + '” comes back ' + backIn(next, time) + '.';
    after.setAttribute('data-key', key);
    after.setAttribute('data-due', next.due);
    this.go(this.position + 1);
    // At the end of the sitting the card is gone: the focus goes to what comes next.
    var ahead = this.part('ahead');
    if (!this.part('card').hidden) this.part('reveal').focus();
    else if (!ahead.hidden) ahead.focus();
    else this.part('prev').focus();
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
    var state = loadState(this.base);
    var time = now();
    // From the index's counts and the saved cards, without loading any list: a card of a
    // question since removed from its guide still counts until it is cleared.
    var total = this.index.lists.reduce(function (sum, list) { return sum + (list.cards || 0); }, 0);
    var known = 0, due = 0, seen = 0;
    Object.keys(state.cards).forEach(function (key) {
      var entry = state.cards[key];
      seen++;
      if (entry.reps >= 1) known++;
      if (entry.due <= time) due++;
    });
    seen = Math.min(seen, total);
    var fresh = Math.min(total - seen, newToday(state, total - seen, time));
    var part = this.part('practice');
    part.hidden = !total;
    var line = this.part('cards');
    line.textContent = plural(total, 'card') + ': ' + known + ' known, ' + (total - seen) + ' not seen yet. Today: '
      + due + ' due for review and ' + fresh + ' new. ';
    line.setAttribute('data-known', known);
    line.setAttribute('data-due', due);
    line.setAttribute('data-new', fresh);
    var practice = this.root.getAttribute('data-practice-url');
    if (practice) {
      var link = el('a', 'Practise now');
      link.href = practice;
      line.appendChild(link);
    }
    var interview = this.part('interview');
    var left = daysLeft(state.interview, time);
    interview.hidden = !state.interview;
    interview.textContent = !state.interview ? ''
      : left ? 'Your interview is on ' + shownDay(parseDay(state.interview)) + ': ' + plural(left, 'day') + ' left.'
        : 'Your interview date, ' + shownDay(parseDay(state.interview)) + ', has come.';
    interview.setAttribute('data-days-left', left);
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
        // What is left, folded: a page of started checklists reads as a list of guides.
        var box = el('details', null, 'my-prep-left-box');
        box.appendChild(el('summary', 'Show ' + plural(left.length, 'item') + ' left'));
        var todo = el('ul', null, 'my-prep-left');
        left.forEach(function (item) {
          var entry = el('li');
          var to = el('a', item[1]);
          to.href = g.url + '#task-' + item[0];
          entry.appendChild(to);
          todo.appendChild(entry);
        });
        box.appendChild(todo);
        li.appendChild(box);
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
      var button = el('button', 'Show them', 'button');
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
      file.text().then(function (text) { self.readImport(text); }, function () {
        self.note('That file could not be read.');
      });
      event.target.value = '';
    });
    this.part('merge').addEventListener('click', function () { self.applyImport(true); });
    this.part('replace').addEventListener('click', function () { self.applyImport(false); });
    this.part('cancel').addEventListener('click', function () {
      self.pending = null;
      self.part('plan').hidden = true;
      self.note('Nothing imported.');
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

  // Ticks as a checklist keeps them: item key → ticked (false unticks an item ticked in the
  // guide's source).
  function ticked(ticks) {
    return Object.keys(ticks || {}).filter(function (k) { return ticks[k] === true; }).length;
  }

  // `here` and `file` (storage key → saved value, this site's keys only) merged: each card as
  // its newer review left it, ticks as a union, the interview date of this browser unless it
  // has none; with counts of what changes here.
  MyPrep.prototype.merged = function (here, file) {
    var practice = practiceKey(this.base), time = now();
    var result = {}, counts = { added: 0, newer: 0, older: 0, ticks: 0, interview: false };
    Object.keys(here).forEach(function (key) { result[key] = here[key]; });
    Object.keys(file).forEach(function (key) {
      if (key === practice) {
        var mine = migrated(here[key], time), theirs = migrated(file[key], time);
        Object.keys(theirs.cards).forEach(function (card) {
          var a = mine.cards[card], b = theirs.cards[card];
          if (!a) { mine.cards[card] = b; counts.added++; }
          else if (b.last > a.last) { mine.cards[card] = b; counts.newer++; }
          else if (b.last < a.last) counts.older++;
        });
        if (!mine.interview && theirs.interview) { mine.interview = theirs.interview; counts.interview = true; }
        result[key] = mine;
        return;
      }
      var ticks = {}, own = here[key] || {}, other = file[key] || {};
      Object.keys(own).forEach(function (k) { ticks[k] = own[k]; });
      Object.keys(other).forEach(function (k) {
        if (other[k] === true && ticks[k] !== true) { ticks[k] = true; counts.ticks++; }
        else if (!has(ticks, k)) ticks[k] = other[k];
      });
      result[key] = ticks;
    });
    return { saved: result, counts: counts };
  };

  // What a saved state holds, in words: its cards and ticks.
  MyPrep.prototype.describe = function (saved) {
    var practice = practiceKey(this.base), cards = 0, ticks = 0;
    Object.keys(saved).forEach(function (key) {
      if (key === practice) cards += Object.keys(migrated(saved[key], now()).cards).length;
      else ticks += ticked(saved[key]);
    });
    return plural(cards, 'card') + ' practised and ' + plural(ticks, 'checklist tick');
  };

  // Reads an exported file and says what importing it would change, merged (the default) or
  // replacing; nothing is written before the reader picks one.
  MyPrep.prototype.readImport = function (text) {
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
    var file = {};
    entries.forEach(function (key) {
      var value = data.saved[key];
      if (value && typeof value === 'object' && !Array.isArray(value)) file[key] = value;
    });
    var here = this.saved();
    var merge = this.merged(here, file);
    var c = merge.counts;
    this.pending = { file: file, merged: merge.saved };
    this.part('plan-text').textContent = 'The file has ' + this.describe(file) + '; this browser has '
      + this.describe(here) + '. Merging adds ' + plural(c.added, 'card') + ' new here, takes '
      + c.newer + ' reviewed more recently in the file, keeps ' + c.older + ' reviewed more recently here, and adds '
      + plural(c.ticks, 'tick') + (c.interview ? ' and the interview date' : '')
      + '. Replacing drops what this browser has for the file’s.';
    var plan = this.part('plan');
    plan.setAttribute('data-added', c.added);
    plan.setAttribute('data-newer', c.newer);
    plan.setAttribute('data-ticks', c.ticks);
    plan.hidden = false;
    this.note('');
    this.part('merge').focus();
  };

  MyPrep.prototype.applyImport = function (merge) {
    var pending = this.pending;
    if (!pending) return;
    this.pending = null;
    this.part('plan').hidden = true;
    var before = this.saved();
    var next = merge ? pending.merged : pending.file;
    this.replaceSaved(next);
    this.offerUndo(before, 'Undo import');
    this.note((merge ? 'Merged: ' : 'Replaced: ') + 'this browser now has ' + this.describe(next) + '. Undo brings back what it had.');
    this.draw();
  };

  // Makes `saved` (storage key → value) all this browser keeps for this site.
  MyPrep.prototype.replaceSaved = function (saved) {
    Object.keys(this.saved()).forEach(function (key) { writeObject(key, null); });
    Object.keys(saved).forEach(function (key) { writeObject(key, saved[key]); });
  };

  MyPrep.prototype.offerUndo = function (saved, label) {
    this.undo = saved;
    var undo = this.part('undo');
    undo.textContent = label;
    undo.hidden = false;
  };

  MyPrep.prototype.clear = function () {
    var saved = this.saved();
    if (!Object.keys(saved).length) { this.note('Nothing is saved.'); return; }
    this.replaceSaved({});
    this.offerUndo(saved, 'Undo clear');
    this.note('Cleared everything saved for this site. Undo brings it back.');
    this.draw();
    this.part('undo').focus();
  };

  MyPrep.prototype.restore = function () {
    var saved = this.undo;
    if (!saved) return;
    this.replaceSaved(saved);
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

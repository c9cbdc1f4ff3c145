/* prepbook: checklists a reader can tick. The page renders task items as disabled checkboxes
   (a plain list without JavaScript); this enables them and keeps each tick in localStorage,
   under the guide's key and the item's key (a hash of its text), so ticks survive rebuilds
   that leave the item alone. An item whose text repeats (a closing summary listing earlier
   steps again) is one step: its copies tick together and count once. Reset clears every tick
   and can be undone until the next tick. Beside the ticks it keeps the count (`progress`, with
   the version of the checklist it counted), which the guide's cards on list pages show. */
(function () {
  'use strict';
  var root = document.querySelector('[data-checklist]');
  if (!root) return;
  var boxes = Array.prototype.slice.call(root.querySelectorAll('input.task[data-task]'));
  if (!boxes.length) return;
  var storageKey = 'prepbook:checklist:' + root.getAttribute('data-checklist');
  var version = root.getAttribute('data-checklist-version') || '';
  // The count kept beside the ticks; no tick's key (a hash of hex digits) can be this.
  var SUMMARY = 'progress';
  var ticks = function (saved) { return Object.keys(saved).filter(function (key) { return key !== SUMMARY; }); };
  // The panel under the checklist's heading is an empty box in the page: its controls are
  // made here, since nothing in it works without this script.
  Array.prototype.forEach.call(root.querySelectorAll('[data-checklist-status]:empty'), function (panel) {
    panel.innerHTML = '<progress class="checklist-meter" max="1" value="0" aria-label="Checklist progress"></progress>'
      + '<span class="checklist-count" data-checklist-count></span>'
      + '<button type="button" class="button" data-checklist-reset>Reset</button>'
      + '<span class="checklist-undo" data-checklist-undo hidden><span role="status" data-checklist-undo-text></span> '
      + '<button type="button" class="button" data-checklist-undo-button>Undo</button></span>';
  });
  var all = function (selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); };
  var counts = all('[data-checklist-count]');
  var meters = all('progress.checklist-meter');
  var resets = all('[data-checklist-reset]');
  var undoBox = root.querySelector('[data-checklist-undo]');
  var undoText = root.querySelector('[data-checklist-undo-text]');
  var undoButton = root.querySelector('[data-checklist-undo-button]');
  var undoState = null;

  // Keys are the hash of the item's text, with -2, -3… for repeats: the hash names the step.
  var step = function (box) { return box.getAttribute('data-task').replace(/-\d+$/, ''); };
  var steps = [];
  boxes.forEach(function (box) { if (steps.indexOf(step(box)) < 0) steps.push(step(box)); });

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(storageKey) || '{}');
      return saved && typeof saved === 'object' ? saved : {};
    } catch (e) {
      return {}; // storage blocked or corrupt: start afresh
    }
  }

  var state = load();

  // Saves the ticks with their count, when either changed.
  function save(done) {
    if (ticks(state).length) state[SUMMARY] = { of: version, done: done, total: steps.length };
    else delete state[SUMMARY];
    try {
      var text = ticks(state).length ? JSON.stringify(state) : null;
      if (text === window.localStorage.getItem(storageKey)) return;
      if (text) window.localStorage.setItem(storageKey, text);
      else window.localStorage.removeItem(storageKey);
    } catch (e) {
      /* private mode or full storage: ticks last for this visit only */
    }
  }

  // What the page shows for each step: the saved tick, else the source's `[x]`.
  function apply() {
    boxes.forEach(function (box) {
      var key = step(box);
      box.checked = Object.prototype.hasOwnProperty.call(state, key)
        ? state[key] === true
        : boxes.some(function (b) { return step(b) === key && b.defaultChecked; });
    });
  }

  function update() {
    var done = steps.filter(function (key) {
      return boxes.some(function (box) { return step(box) === key && box.checked; });
    }).length;
    var text = done + ' of ' + steps.length + ' done';
    counts.forEach(function (count) { count.textContent = text; });
    meters.forEach(function (meter) {
      meter.max = steps.length;
      meter.value = done;
      meter.textContent = text;
    });
    resets.forEach(function (reset) { reset.disabled = done === 0 && !ticks(state).length; });
    save(done);
  }

  function offerUndo(previous) {
    undoState = previous;
    if (!undoBox) return;
    if (undoText) undoText.textContent = previous ? 'Checklist cleared.' : '';
    undoBox.hidden = !previous;
  }

  boxes.forEach(function (box) {
    box.disabled = false;
    box.addEventListener('change', function () {
      state[step(box)] = box.checked;
      apply();
      offerUndo(null);
      update();
    });
  });

  resets.forEach(function (reset) {
    reset.addEventListener('click', function () {
      var previous = state;
      state = {};
      apply();
      update();
      offerUndo(ticks(previous).length ? previous : null);
      if (undoButton && undoState) undoButton.focus();
    });
  });
  if (undoButton) {
    undoButton.addEventListener('click', function () {
      if (!undoState) return;
      state = undoState;
      apply();
      offerUndo(null);
      update();
      if (resets.length) resets[resets.length - 1].focus();
    });
  }

  // Migrate ticks saved under a repeat's own key (`<hash>-2`) to the step's key.
  ticks(state).forEach(function (key) {
    var base = key.replace(/-\d+$/, '');
    if (base !== key) {
      if (!Object.prototype.hasOwnProperty.call(state, base)) state[base] = state[key];
      delete state[key];
    }
  });
  apply();
  all('[data-checklist-progress], [data-checklist-status]').forEach(function (el) { el.hidden = false; });
  update();
})();

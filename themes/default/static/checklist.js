/* prepbook: checklists a reader can tick. The page renders task items as disabled checkboxes
   (a plain list without JavaScript); this enables them and keeps each tick in localStorage,
   under the guide's key and the item's key (a hash of its text), so ticks survive rebuilds
   that leave the item alone. */
(function () {
  'use strict';
  var root = document.querySelector('[data-checklist]');
  if (!root) return;
  var boxes = Array.prototype.slice.call(root.querySelectorAll('input.task[data-task]'));
  if (!boxes.length) return;
  var storageKey = 'prepbook:checklist:' + root.getAttribute('data-checklist');
  var progress = root.querySelector('[data-checklist-progress]');
  var count = root.querySelector('[data-checklist-count]');
  var reset = root.querySelector('[data-checklist-reset]');

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(storageKey) || '{}');
      return saved && typeof saved === 'object' ? saved : {};
    } catch (e) {
      return {}; // storage blocked or corrupt: start afresh
    }
  }

  var state = load();

  function save() {
    try {
      if (Object.keys(state).length) window.localStorage.setItem(storageKey, JSON.stringify(state));
      else window.localStorage.removeItem(storageKey);
    } catch (e) {
      /* private mode or full storage: ticks last for this visit only */
    }
  }

  function update() {
    var done = boxes.filter(function (box) { return box.checked; }).length;
    if (count) count.textContent = done + ' of ' + boxes.length + ' done';
    if (reset) reset.disabled = done === 0 && !Object.keys(state).length;
  }

  boxes.forEach(function (box) {
    var key = box.getAttribute('data-task');
    if (Object.prototype.hasOwnProperty.call(state, key)) box.checked = state[key] === true;
    box.disabled = false;
    box.addEventListener('change', function () {
      state[key] = box.checked;
      save();
      update();
    });
  });

  if (reset) {
    reset.addEventListener('click', function () {
      state = {};
      save();
      boxes.forEach(function (box) { box.checked = box.defaultChecked; });
      update();
    });
  }
  if (progress) progress.hidden = false;
  update();
})();

/* prepbook: what every page adds when JavaScript runs. The pages work without it; this
   script only adds to them: the light/dark switch (the page head applies the saved choice
   before the first paint), the phone's menu, the table of contents following the reader, a copy button on code
   blocks, a cue on tables wider than their box, the reader's checklist progress on guide
   cards and the Print button of the printable pages. */
(function () {
  'use strict';
  var root = document.documentElement;

  // ---- Light/dark switch: auto (the system's setting) → light → dark → auto ----
  var themeKey = 'prepbook:theme';
  var themeButton = document.querySelector('[data-theme-switch]');
  if (themeButton) {
    var themeName = themeButton.querySelector('[data-theme-name]');
    var next = { auto: 'light', light: 'dark', dark: 'auto' };
    var current = function () { return root.dataset.theme || 'auto'; };
    var label = function () {
      var mode = current();
      if (themeName) themeName.textContent = mode;
      themeButton.title = mode === 'auto'
        ? 'Colours follow your system setting; switch to light'
        : 'Colours are ' + mode + '; switch to ' + next[mode];
    };
    themeButton.addEventListener('click', function () {
      var mode = next[current()];
      if (mode === 'auto') delete root.dataset.theme;
      else root.dataset.theme = mode;
      try {
        if (mode === 'auto') window.localStorage.removeItem(themeKey);
        else window.localStorage.setItem(themeKey, mode);
      } catch (e) {
        /* storage blocked: the choice lasts for this page only */
      }
      label();
    });
    label();
    themeButton.hidden = false;
  }

  // ---- The phone's menu: the navigation as a drawer under the header ----
  var menuButton = document.querySelector('[data-menu]');
  if (menuButton) {
    var setMenu = function (open) {
      root.classList.toggle('menu-open', open);
      menuButton.setAttribute('aria-expanded', String(open));
    };
    menuButton.addEventListener('click', function () {
      setMenu(!root.classList.contains('menu-open'));
    });
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape' && root.classList.contains('menu-open')) {
        setMenu(false);
        menuButton.focus();
      }
    });
    document.addEventListener('click', function (event) {
      var nav = document.getElementById(menuButton.getAttribute('aria-controls'));
      if (root.classList.contains('menu-open') && !menuButton.contains(event.target) &&
          !(nav && nav.contains(event.target))) {
        setMenu(false);
      }
    });
    menuButton.hidden = false;
  }

  // ---- Table of contents: mark the section being read ----
  var tocLinks = Array.prototype.slice.call(document.querySelectorAll('.toc a[href^="#"], .toc-phone a[href^="#"]'));
  if (tocLinks.length && 'IntersectionObserver' in window) {
    var headings = [];
    tocLinks.forEach(function (link) {
      var target = document.getElementById(decodeURIComponent(link.getAttribute('href').slice(1)));
      if (target && headings.indexOf(target) < 0) headings.push(target);
    });
    var visible = {};
    var mark = function (id) {
      tocLinks.forEach(function (link) {
        if (link.getAttribute('href') === '#' + id) link.setAttribute('aria-current', 'true');
        else link.removeAttribute('aria-current');
      });
    };
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) { visible[entry.target.id] = entry.isIntersecting; });
      // The first heading on screen; above all of them, the last one scrolled past.
      var chosen = null;
      for (var i = 0; i < headings.length; i++) {
        if (visible[headings[i].id]) { chosen = headings[i]; break; }
      }
      if (!chosen) {
        for (var j = headings.length - 1; j >= 0; j--) {
          if (headings[j].getBoundingClientRect().top < 0) { chosen = headings[j]; break; }
        }
      }
      if (chosen) mark(chosen.id);
    }, { rootMargin: '-80px 0px -55% 0px' });
    headings.forEach(function (heading) { observer.observe(heading); });
  }

  // ---- Copy buttons on code blocks ----
  if (navigator.clipboard && window.isSecureContext !== false) {
    Array.prototype.forEach.call(document.querySelectorAll('pre.code'), function (pre) {
      var holder = document.createElement('div');
      holder.className = 'code-block';
      pre.parentNode.insertBefore(holder, pre);
      holder.appendChild(pre);
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'button copy-code';
      button.textContent = 'Copy';
      button.setAttribute('aria-label', 'Copy code');
      button.addEventListener('click', function () {
        var code = pre.querySelector('code');
        navigator.clipboard.writeText((code || pre).textContent).then(function () {
          button.textContent = 'Copied';
        }, function () {
          button.textContent = 'Copy failed';
        });
        window.setTimeout(function () { button.textContent = 'Copy'; }, 2000);
      });
      holder.appendChild(button);
    });
  }

  // ---- Wide tables: a fading edge while there is more to the right ----
  var boxes = Array.prototype.slice.call(document.querySelectorAll('.table-scroll'));
  var cue = function (box) {
    var wrap = box.parentNode;
    var wide = box.scrollWidth > box.clientWidth + 1;
    // A table that fits needs no tab stop of its own.
    if (wide) box.setAttribute('tabindex', '0');
    else box.removeAttribute('tabindex');
    if (wide && box.scrollLeft + box.clientWidth < box.scrollWidth - 1) wrap.setAttribute('data-overflow', 'more');
    else wrap.removeAttribute('data-overflow');
  };
  boxes.forEach(function (box) {
    cue(box);
    box.addEventListener('scroll', function () { cue(box); }, { passive: true });
  });
  if (boxes.length) window.addEventListener('resize', function () { boxes.forEach(cue); });

  // ---- Printable pages: a Print button (without a script, the page says to use the browser's) ----
  // A guide page prints its own checklist alone: the print stylesheet hides the rest while the
  // root has the class. Without JavaScript the link leads to the printable checklists' page.
  Array.prototype.forEach.call(document.querySelectorAll('[data-print-checklist]'), function (link) {
    if (!document.querySelector('.part-checklist')) return;
    link.addEventListener('click', function (event) {
      event.preventDefault();
      var root = document.documentElement;
      root.classList.add('print-checklist');
      var done = function () { root.classList.remove('print-checklist'); window.removeEventListener('afterprint', done); };
      window.addEventListener('afterprint', done);
      window.print();
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll('[data-print]'), function (button) {
    button.addEventListener('click', function () { window.print(); });
    button.hidden = false;
  });

  // ---- Guide cards: the reader's checklist progress, as the guide page last counted it ----
  // Shown only while the checklist is the version the guide page counted (a card names the
  // version of this build); cards of guides never ticked stay as they are.
  Array.prototype.forEach.call(document.querySelectorAll('[data-card-progress]'), function (card) {
    var progress = null;
    try {
      var saved = JSON.parse(window.localStorage.getItem('prepbook:checklist:' + card.getAttribute('data-card-progress')) || 'null');
      progress = saved && saved.progress;
    } catch (e) { /* storage blocked or corrupt: nothing to show */ }
    if (!progress || progress.of !== card.getAttribute('data-card-version')) return;
    var done = Number(progress.done), total = Number(progress.total);
    if (!(total > 0 && done >= 0 && done <= total)) return;
    var meter = card.querySelector('progress');
    if (meter) { meter.max = total; meter.value = done; }
    var count = card.querySelector('[data-card-count]');
    if (count) count.textContent = 'Checklist: ' + done + ' of ' + total + ' done';
    card.hidden = false;
  });
})();

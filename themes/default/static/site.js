/* prepbook: what every page adds when JavaScript runs. The pages work without it; this
   script only adds to them: the light/dark switch (the page head applies the saved choice
   before the first paint), the phone's menu, heading permalinks, the phone's table of contents
   at the top of a guide and the table of contents following the reader, a copy button on code
   blocks, content tabs as tab lists, a cue on tables wider than their box, the reader's checklist progress on guide
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

  // ---- Offline reading (`[offline] enabled`): the service worker keeps what is opened ----
  var worker = root.getAttribute('data-offline-worker');
  if (worker && 'serviceWorker' in navigator) {
    navigator.serviceWorker.register(worker, { scope: root.getAttribute('data-offline-scope') || '/' })
      .then(function () {
        // This page and its files were fetched before the worker ran: keep them too.
        var urls = [window.location.href];
        addFiles(document, window.location.href, function (href) { urls.push(href); });
        return keepOffline(urls);
      })
      .catch(function () { /* no offline reading in this browser */ });
    var save = document.querySelector('[data-save-offline]');
    if (save) {
      var saveStatus = save.querySelector('[data-save-offline-status]');
      save.querySelector('[data-save-offline-button]').addEventListener('click', function () {
        saveStatus.textContent = 'Saving…';
        saveSection(window.location.pathname).then(function (done) {
          saveStatus.textContent = 'Saved ' + done.saved + ' of ' + done.of + ' pages for offline reading.';
        }, function () {
          saveStatus.textContent = 'This section could not be saved.';
        });
      });
      save.hidden = false;
    }
  }

  // The scripts, stylesheets and icon `doc` (read from `base`) loads, each given to `add`.
  function addFiles(doc, base, add) {
    Array.prototype.forEach.call(doc.querySelectorAll('script[src], link[rel~="stylesheet"][href], link[rel~="icon"][href]'), function (el) {
      add(new URL(el.getAttribute('src') || el.getAttribute('href'), base).href);
    });
  }

  // Hands `urls` to the service worker to fetch and keep; resolves with how many it kept.
  function keepOffline(urls) {
    return navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) { resolve(event.data); };
        registration.active.postMessage({ type: 'save', urls: urls }, [channel.port2]);
      });
    });
  }

  // The pages of the section at `path` (its list pages and every guide under it, with the
  // files they load, and the practice page with its data), handed to the service worker.
  function saveSection(path) {
    var seen = {};
    var urls = [];
    var add = function (href) {
      var url = new URL(href, window.location.href);
      url.hash = '';
      if (url.origin !== window.location.origin || seen[url.href]) return false;
      seen[url.href] = true;
      urls.push(url.href);
      return true;
    };
    var page = function (href) {
      return window.fetch(href).then(function (response) { return response.text(); }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        addFiles(doc, href, add);
        var next = [];
        Array.prototype.forEach.call(doc.querySelectorAll('main a[href]'), function (a) {
          var url = new URL(a.getAttribute('href'), href);
          if (url.origin !== window.location.origin || url.pathname.indexOf(path) !== 0) return;
          // List pages of the section are read for their links in turn.
          if (add(url.href) && /\/page-\d+\.html$/.test(url.pathname)) next.push(url.href);
        });
        return Promise.all(next.map(page));
      });
    };
    add(window.location.href);
    var practice = document.querySelector('.site-nav a[href$="/practice/"]');
    return page(window.location.href).then(function () {
      if (!practice) return null;
      add(practice.href);
      return window.fetch(practice.href).then(function (r) { return r.text(); }).then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        addFiles(doc, practice.href, add);
        var data = doc.querySelector('[data-practice-index]');
        if (!data) return null;
        var index = new URL(data.getAttribute('data-practice-index'), practice.href).href;
        add(index);
        // The index names every data file: the lists of guides, and each chunk's cards and ticks.
        return window.fetch(index).then(function (r) { return r.json(); }).then(function (json) {
          (json.lists || []).forEach(function (list) { add(new URL(list.url, index).href); });
          (json.chunks || []).forEach(function (chunk) {
            Object.keys(chunk).forEach(function (kind) { add(new URL(chunk[kind], index).href); });
          });
        });
      });
    }).then(function () {
      return keepOffline(urls);
    });
  }

  // ---- Heading permalinks: a "#" link after each heading of the text, shown on hover or
  // focus. Without the script the table of contents links to every heading. ----
  Array.prototype.forEach.call(document.querySelectorAll('.prose h1[id], .prose h2[id], .prose h3[id], .prose h4[id], .prose h5[id], .prose h6[id]'), function (heading) {
    var link = document.createElement('a');
    link.className = 'anchor';
    link.setAttribute('href', '#' + heading.id);
    link.setAttribute('aria-label', 'Link to this section');
    link.textContent = '#';
    heading.appendChild(link);
  });

  // ---- On a phone the table of contents opens from the top of the guide: the page carries
  // the closed disclosure, this fills it with a copy of the sidebar's list. Without the script
  // the disclosure is not shown and the sidebar, with its list, follows the guide. ----
  var sideToc = document.querySelector('.guide-aside .toc ol');
  var phoneNav = document.querySelector('.toc-phone nav');
  if (sideToc && phoneNav) phoneNav.appendChild(sideToc.cloneNode(true));

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

  // ---- Content tabs: each set a tab list (WAI-ARIA tabs, activated on focus) ----
  // Without a script every panel shows under its title; with one, the titles become tabs:
  // Left/Right move between them (wrapping), Home/End go to the first and last, and Tab
  // leaves the list for the shown panel.
  Array.prototype.forEach.call(document.querySelectorAll('.tabs'), function (set, setIndex) {
    var panels = Array.prototype.filter.call(set.children, function (child) {
      return child.classList.contains('tab-panel');
    });
    if (!panels.length) return;
    var list = document.createElement('div');
    list.className = 'tab-list';
    list.setAttribute('role', 'tablist');
    var tabs = panels.map(function (panel, index) {
      var label = panel.querySelector(':scope > .tab-label');
      var tab = document.createElement('button');
      tab.type = 'button';
      tab.className = 'tab';
      tab.id = 'tabs-' + setIndex + '-tab-' + index;
      panel.id = panel.id || 'tabs-' + setIndex + '-panel-' + index;
      tab.textContent = label ? label.textContent : 'Tab ' + (index + 1);
      tab.setAttribute('role', 'tab');
      tab.setAttribute('aria-controls', panel.id);
      panel.setAttribute('role', 'tabpanel');
      panel.setAttribute('aria-labelledby', tab.id);
      panel.setAttribute('tabindex', '0');
      if (label) label.hidden = true;
      list.appendChild(tab);
      return tab;
    });
    var select = function (chosen, focus) {
      tabs.forEach(function (tab, index) {
        var on = index === chosen;
        tab.setAttribute('aria-selected', on ? 'true' : 'false');
        tab.tabIndex = on ? 0 : -1;
        panels[index].hidden = !on;
      });
      if (focus) tabs[chosen].focus();
    };
    tabs.forEach(function (tab, index) {
      tab.addEventListener('click', function () { select(index, false); });
      tab.addEventListener('keydown', function (event) {
        var last = tabs.length - 1;
        var to = { ArrowRight: index === last ? 0 : index + 1, ArrowLeft: index === 0 ? last : index - 1,
                   Home: 0, End: last }[event.key];
        if (to === undefined) return;
        event.preventDefault();
        select(to, true);
      });
    });
    set.insertBefore(list, set.firstChild);
    set.classList.add('tabs-ready');
    // MkDocs' `===+` marks the tab shown first.
    var marked = panels.findIndex(function (panel) { return panel.hasAttribute('data-selected'); });
    select(marked < 0 ? 0 : marked, false);
  });

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
  // "Print what is left" prints the checklist without the items the reader has ticked.
  var printChecklist = function (classes) {
    classes.forEach(function (name) { root.classList.add(name); });
    var done = function () {
      classes.forEach(function (name) { root.classList.remove(name); });
      window.removeEventListener('afterprint', done);
    };
    window.addEventListener('afterprint', done);
    window.print();
  };
  Array.prototype.forEach.call(document.querySelectorAll('[data-print-checklist]'), function (link) {
    if (!document.querySelector('.part-checklist')) return;
    link.addEventListener('click', function (event) {
      event.preventDefault();
      printChecklist(['print-checklist']);
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll('[data-print-left]'), function (button) {
    if (!document.querySelector('.part-checklist')) return;
    button.addEventListener('click', function () { printChecklist(['print-checklist', 'print-left']); });
    button.hidden = false;
  });
  Array.prototype.forEach.call(document.querySelectorAll('[data-print]'), function (button) {
    button.addEventListener('click', function () { window.print(); });
    button.hidden = false;
  });

  // ---- Guide cards: the reader's checklist progress, as the guide page last counted it ----
  // Shown only while the checklist is the version the guide page counted (a card names the
  // version of this build); cards of guides never ticked stay as they are. The meter is made
  // here, for the cards that have progress to show: lists do not carry one per card.
  Array.prototype.forEach.call(document.querySelectorAll('[data-card-progress]'), function (card) {
    var progress = null;
    try {
      var saved = JSON.parse(window.localStorage.getItem('prepbook:checklist:' + card.getAttribute('data-card-progress')) || 'null');
      progress = saved && saved.progress;
    } catch (e) { /* storage blocked or corrupt: nothing to show */ }
    if (!progress || progress.of !== card.getAttribute('data-card-version')) return;
    var done = Number(progress.done), total = Number(progress.total);
    if (!(total > 0 && done >= 0 && done <= total)) return;
    var shown = document.createElement('p');
    shown.className = 'card-progress';
    var meter = document.createElement('progress');
    meter.className = 'card-meter';
    meter.setAttribute('aria-hidden', 'true');
    meter.max = total;
    meter.value = done;
    var count = document.createElement('span');
    count.textContent = 'Checklist: ' + done + ' of ' + total + ' done';
    shown.appendChild(meter);
    shown.appendChild(count);
    card.appendChild(shown);
  });
})();

/* prepbook: reading without a connection (`[offline] enabled = true`). Pages and data are
   fetched from the network first, so a new deploy is seen as soon as the reader is online,
   and kept, so that a page opened once (or a section saved with "Save this section for
   offline") opens without one. The theme's files have content-hashed names: those are taken
   from the cache first, and the cache of an older build's files is dropped when this worker,
   whose version names them, replaces the old one. */
'use strict';
var VERSION = '__VERSION__';
var PAGES = 'prepbook-pages';
var ASSETS = 'prepbook-assets-' + VERSION;
var SCOPE = new URL(self.registration.scope).pathname;
var ASSET_PATH = SCOPE + 'assets/';

self.addEventListener('install', function () {
  self.skipWaiting();
});

self.addEventListener('activate', function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf('prepbook-assets-') === 0 && name !== ASSETS;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function keep(cacheName, request, response) {
  if (response && response.ok && response.type === 'basic') {
    var copy = response.clone();
    caches.open(cacheName).then(function (cache) { return cache.put(request, copy); });
  }
  return response;
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin ||
      url.pathname.indexOf(SCOPE) !== 0) {
    return;
  }
  if (url.pathname.indexOf(ASSET_PATH) === 0) {
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) { return keep(ASSETS, request, response); });
    }));
    return;
  }
  // A page with a query (`practice/?guide=…`) is the page without it.
  var navigation = request.mode === 'navigate';
  event.respondWith(fetch(request).then(function (response) {
    return keep(PAGES, request, response);
  }, function () {
    return caches.match(request, { ignoreSearch: navigation }).then(function (hit) {
      return hit || Response.error();
    });
  }));
});

/* "Save this section for offline": the page sends the URLs it found; each is fetched and
   kept, and the page is told how many were. */
self.addEventListener('message', function (event) {
  var data = event.data || {};
  if (data.type !== 'save' || !Array.isArray(data.urls) || !event.ports[0]) return;
  var port = event.ports[0];
  event.waitUntil(Promise.all(data.urls.map(function (href) {
      var url = new URL(href, self.location.href);
      if (url.origin !== self.location.origin || url.pathname.indexOf(SCOPE) !== 0) return false;
      var cacheName = url.pathname.indexOf(ASSET_PATH) === 0 ? ASSETS : PAGES;
      return fetch(url.href).then(function (response) {
        if (!response.ok) return false;
        return caches.open(cacheName).then(function (c) { return c.put(url.href, response); })
          .then(function () { return true; });
      }, function () { return false; });
  })).then(function (done) {
    port.postMessage({ saved: done.filter(Boolean).length, of: data.urls.length });
  }));
});

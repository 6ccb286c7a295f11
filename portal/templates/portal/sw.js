// The portal's service worker, served at /sw.js (portal.views.service_worker) so that its scope
// is the whole site. Workbox from the portal's own static files (docs/decisions/0020).
//
// It keeps only what a learner downloaded for offline reading (training/static/training/
// offline.js puts a course's pages, images, styles and font into the "{{ cache_name }}"
// cache): a response is stored only when its address is in that cache already, so ordinary
// browsing fills nothing. Pages: the network first (fresh progress, a fresh CSRF token), the
// stored copy when the server cannot be reached. Static files and images: the stored copy
// first, refreshed in the background. Everything else (the API, forms posted) is left alone.
var config = {{ config|safe }};
importScripts.apply(self, config.workbox);

var CACHE = config.cache;
var match = { ignoreVary: true };
var onlyDownloaded = {
  cacheWillUpdate: function (param) {
    var response = param.response;
    if (!response || response.status !== 200 || response.redirected) return null;
    return caches.open(CACHE).then(function (cache) {
      return cache.match(param.request, match).then(function (stored) {
        return stored ? response : null;
      });
    });
  },
};
var options = { cacheName: CACHE, matchOptions: match, plugins: [onlyDownloaded] };
var sameOrigin = function (url) { return url.origin === self.location.origin; };
var assets = [config.static, config.media];
// Uploads may come from a media host of their own (DJANGO_MEDIA_URL): those stored too.
var mediaHost = /^https?:/.test(config.media || "") ? config.media : null;

self.skipWaiting();
workbox.core.clientsClaim();
workbox.routing.registerRoute(
  function (c) { return c.request.mode === "navigate" && sameOrigin(c.url); },
  new workbox.strategies.NetworkFirst(Object.assign({ networkTimeoutSeconds: 8 }, options))
);
workbox.routing.registerRoute(
  function (c) {
    if (mediaHost && c.url.href.indexOf(mediaHost) === 0) return true;
    return sameOrigin(c.url) && assets.some(function (p) { return p && c.url.pathname.indexOf(p) === 0; });
  },
  new workbox.strategies.StaleWhileRevalidate(options)
);

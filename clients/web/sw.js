/**
 * Service worker: keeps the app shell available offline. Hashed build assets
 * are immutable (cache first); page loads go to the network first and fall
 * back to the shell cached at install. Only the shell is ever cached: a
 * navigation's response is never stored (a user's file or an API answer
 * must not become the offline page), and API traffic (/v1, /dev, /files …)
 * is not touched at all.
 */
// Filled in at build time (build/pwa-plugin.ts): the page, its hashed scripts and styles, the icons.
const SHELL = __SHELL__;
const CACHE = `edgegram-shell-${__VERSION__}`;
/** Served by the worker, never the app: the service worker stays out of their way. */
const API = /^\/(v1|dev|files|file|health)(\/|$)|^\/bot/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const req = event.request;
  const url = new URL(req.url);
  if (req.method !== "GET" || url.origin !== self.location.origin || API.test(url.pathname)) return;
  if (req.mode === "navigate") {
    event.respondWith(fetch(req).catch(() => caches.match("/")));
    return;
  }
  if (url.pathname.startsWith("/assets/") || SHELL.includes(url.pathname)) {
    event.respondWith(
      caches.match(req).then(
        (hit) =>
          hit ||
          fetch(req).then((res) => {
            if (res.ok) {
              const copy = res.clone();
              caches.open(CACHE).then((c) => c.put(req, copy));
            }
            return res;
          }),
      ),
    );
  }
});

// prepbook serve: reloads this page when the site changes under it. Injected into every HTML
// response by the preview server, never into built files.
(() => {
  const script = document.currentScript;
  const loaded = Number(script.dataset.generation);
  const errors = script.dataset.errors;
  const here = normalise(location.pathname);

  function normalise(path) {
    return decodeURI(path).replace(/index\.html$/, "").replace(/\/$/, "");
  }

  function connect() {
    const events = new EventSource(script.dataset.events);
    // Lets tools (and curious authors) see that live reload is connected.
    events.addEventListener("open", () => {
      document.documentElement.dataset.prepbook = "connected";
    });
    events.addEventListener("reload", (event) => {
      const update = JSON.parse(event.data);
      if (update.generation <= loaded) return;
      const lists = (paths) => paths.some((path) => normalise(path) === here);
      // Events come as the latest state: one that arrives two generations on may have
      // hidden the one before it, whose list it carries; from further on, nothing tells.
      const missed = update.generation - loaded;
      const mine =
        lists(update.changed) || (missed === 2 && lists(update.previous)) || missed > 2;
      if (mine || update.assets || update.errors !== errors || update.full) {
        events.close();
        location.reload();
      }
    });
    // The server restarting closes the stream; the browser retries by itself.
  }
  connect();
})();

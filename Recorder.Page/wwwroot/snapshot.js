// A page saved by `recorder report`: the API's answers for the view it shows, embedded as JSON (the records the server
// gives, serialised as it serialises them). api() (app.js) looks here instead of asking a server, so the same scripts
// draw the same view from disk, offline. On the live page there is no snapshot and this is null.
'use strict';

window.recorderSnapshot = (() => {
  const node = document.getElementById('recorder-snapshot');
  if (!node) return null;
  const saved = JSON.parse(node.textContent);
  // A path as the snapshot writes it: the path decoded, then the query's names sorted, decoded ("+" is a space).
  const key = (path) => {
    const url = new URL(path, 'http://saved.invalid');
    const query = [...url.searchParams].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([k, v]) => `${k}=${v}`).join('&');
    return decodeURIComponent(url.pathname) + (query ? '?' + query : '');
  };
  return {
    route: saved.route, database: saved.database, generated_utc: saved.generated_utc,
    // The record, or the server's problem as an error; what the report did not save says so.
    get(path) {
      const k = key(path);
      if (Object.prototype.hasOwnProperty.call(saved.errors, k)) throw new Error(saved.errors[k]);
      if (!Object.prototype.hasOwnProperty.call(saved.paths, k)) throw new Error(`not in this saved report (${k}); open it with recorder serve`);
      return saved.paths[k];
    },
  };
})();

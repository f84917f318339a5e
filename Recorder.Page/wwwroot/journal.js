// The journal on the page: a run's or study's tags, pin and notes, and the study pass a forward run came from
// (docs/http.md, "Journal"). Editable when `recorder serve --write` runs and the page was opened from the address it
// printed, whose #write=<token> this file keeps (the fragment never reaches the server); read-only otherwise. Every
// change goes to the API and the panel is drawn again from its answer. Uses the page's helpers (el, api, num, minute
// in app.js, loaded after this file).
'use strict';

window.recorderJournal = (() => {
  const KEY = 'recorder-write-key';
  // Before app.js routes: the printed address ends in #write=<token>; keep the token, show the runs.
  const given = /^#write=([0-9a-f]{16,128})$/.exec(location.hash);
  if (given) {
    localStorage.setItem(KEY, given[1]);
    history.replaceState(null, '', location.pathname + '#/runs');
  }

  let health = null;
  async function access() {
    // A saved page is read-only: it has no server to write to.
    if (window.recorderSnapshot) return { server: false, saved: true };
    health = health || await api('/api/health');
    return { server: Boolean(health.journal_write) };
  }

  async function send(path, body) {
    const response = await fetch(path, {
      method: 'POST', body: JSON.stringify(body),
      headers: { 'Content-Type': 'application/json', Accept: 'application/json', Authorization: 'Bearer ' + localStorage.getItem(KEY) },
    });
    const answer = await response.json();
    // A key from an earlier start of the server: forget it, the panel turns read-only.
    if (response.status === 401) localStorage.removeItem(KEY);
    if (!response.ok) throw new Error(answer.detail || answer.title || response.statusText);
    return answer;
  }

  const ordinal = (n) => n + ((n % 100 >= 11 && n % 100 <= 13) ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] || 'th'));
  const figure = (v) => v === null || v === undefined ? '—' : num(v, Math.abs(v) >= 100 ? 2 : 4);

  // The study's own words: its score and how many passes it averaged, or what the study lacks for one.
  const plateau = (p) => p.plateau_score !== null ? `plateau score ${figure(p.plateau_score)}` + (p.plateau_passes ? ` (mean of ${p.plateau_passes} passes)` : '')
    : p.plateau_not_enough ? `plateau score: ${p.plateau_not_enough.text}` : 'no plateau score';

  // "pass 17 of 25 of study X, ranked 3rd of 25 by sharpe (1.2345), plateau score …": the study's own figures.
  function passLine(p) {
    const rank = p.rank ? `ranked ${ordinal(p.rank)} of ${p.ranked} by ${p.objective} (${figure(p.objective_value)})` : `not ranked by ${p.objective}`;
    const marks = (p.best ? ', the best pass' : '') + (p.plateau_pick ? ', the plateau pick' : '');
    return el('div', { class: 'journal-pass' }, 'From study: pass ', el('a', { href: '#/run/' + encodeURIComponent(p.pass_run_id), title: p.pass_run_id }, String(p.pass_number)),
      ` of ${p.passes} of study `, el('a', { href: '#/study/' + encodeURIComponent(p.study_id) }, p.study_name),
      `, ${rank}, ${plateau(p)}${marks}`);
  }

  // base: /api/runs/<id>/journal or /api/studies/<id>/journal; journal: its record; passes: a run's study_passes.
  async function panel(base, journal, passes) {
    const { server, saved } = await access();
    const box = el('section', { id: 'journal', class: 'journal' });

    function draw(j, message, error) {
      // Asked at every drawing: a key refused (401) is forgotten, and the panel turns read-only.
      const editable = server && Boolean(localStorage.getItem(KEY));
      const write = (path, body) => send(base + path, body).then(next => draw(next, 'Saved.'), e => draw(j, e.message, true));
      const tagInput = el('input', { id: 'journal-tag', placeholder: 'tag', size: 14, maxlength: 40 });
      const noteInput = el('textarea', { id: 'journal-note', rows: 3, placeholder: 'A note (up to 4,000 characters)', maxlength: 4000 });
      const notes = j.entries.filter(e => e.kind === 'note');
      // replaceChildren would write a null as the text "null": only what is there.
      box.replaceChildren(...[
        el('h2', {}, 'Journal'),
        ...(passes || []).map(passLine),
        el('div', { class: 'journal-tags', id: 'journal-tags' }, el('span', { class: 'muted' }, 'Tags '),
          j.tags.length === 0 ? el('span', { class: 'muted' }, 'none ') : null,
          ...j.tags.map(t => el('span', { class: 'tag', 'data-tag': t }, t,
            editable ? el('button', { class: 'untag', title: 'Take the tag ' + t + ' off', onclick: () => write('/tags', { remove: [t] }) }, '×') : null)),
          editable ? [tagInput, el('button', { id: 'journal-tag-add', onclick: () => tagInput.value.trim() && write('/tags', { add: [tagInput.value.trim()] }) }, 'Add tag')] : null),
        el('div', { class: 'journal-pin', id: 'journal-pin' },
          j.pinned ? [el('span', { class: 'tag pin' }, 'pinned'), ` by ${j.pinned_by} · ${minute(j.pinned_utc)} UTC `] : el('span', { class: 'muted' }, 'Not pinned '),
          editable ? el('button', { id: 'journal-pin-toggle', onclick: () => write('/pin', { pinned: !j.pinned }) }, j.pinned ? 'Unpin' : 'Pin') : null),
        el('ul', { class: 'journal-notes', id: 'journal-notes' }, notes.length === 0 ? el('li', { class: 'muted' }, 'No notes.') : null,
          ...notes.map(n => el('li', {}, el('span', { class: 'muted' }, `${minute(n.created_utc)} UTC · ${n.author}`), el('div', { class: 'journal-text' }, n.body)))),
        editable ? el('div', { class: 'journal-add' }, noteInput,
          el('button', { id: 'journal-note-add', onclick: () => noteInput.value.trim() && write('/notes', { text: noteInput.value }) }, 'Add note')) : null,
        message ? el('p', { class: error ? 'error' : 'muted', id: 'journal-message' }, message) : null,
        editable ? null : el('p', { class: 'muted', id: 'journal-readonly' }, saved ? 'As saved by recorder report: read-only.' : server
          ? 'Read-only here: this server takes edits from the page opened at the address `recorder serve --write` printed (it carries the write key).'
          : 'Read-only: start `recorder serve --write` and open the address it prints to add notes, tags and pins here.'),
      ].filter(Boolean));
      window.recorderPage.journal = { editable, tags: j.tags, pinned: j.pinned, notes: notes.map(n => n.body), message: message || null };
    }

    draw(journal);
    return box;
  }

  return { panel, passLine };
})();

/**
 * The one script of report.html: it draws the events table from the JSON beside it, sorts it by a clicked
 * column and filters it on typed text, a page at a time. It is plain browser JavaScript kept as text, so what
 * runs in the page is exactly what is hashed into the page's Content-Security-Policy. Every value is written
 * with textContent, never as HTML. Before printing, every row that matches the filter is drawn.
 */
export const PAGE_SCRIPT = `
(() => {
  'use strict';
  const source = document.getElementById('events-data');
  const table = document.getElementById('events-table');
  if (!source || !table) return;
  const data = JSON.parse(source.textContent);
  const strings = data.strings;
  const rows = data.rows.map((cells, order) => ({ cells, order }));
  const body = table.tBodies[0];
  const filter = document.getElementById('filter');
  const pageSize = document.getElementById('page-size');
  const showing = document.getElementById('showing');
  const previous = document.getElementById('previous-page');
  const next = document.getElementById('next-page');
  const headers = Array.from(table.tHead.rows[0].cells);
  const text = (i) => (i < 0 ? '' : strings[i]);
  const format = (n) => n.toLocaleString('en-US');
  const state = { column: 0, descending: false, query: '', page: 0, all: false };
  let searchable = null;
  let view = rows;

  function matches() {
    if (state.query === '') return rows;
    if (searchable === null) {
      searchable = rows.map((row) => row.cells.map(text).join('\\u0000').toLowerCase());
    }
    return rows.filter((row) => searchable[row.order].includes(state.query));
  }

  function sorted(list) {
    const column = state.column;
    const sign = state.descending ? -1 : 1;
    return list.slice().sort((a, b) => {
      const x = text(a.cells[column]);
      const y = text(b.cells[column]);
      return (x < y ? -sign : x > y ? sign : 0) || a.order - b.order;
    });
  }

  function size() {
    const chosen = Number(pageSize.value);
    return state.all || chosen === 0 ? Math.max(1, view.length) : chosen;
  }

  // Text nodes with a line-break opportunity after each /, :, _ and ., so an ARN wraps between its parts.
  function fill(cell, text) {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      if ('/:_.'.includes(text[i])) {
        cell.append(text.slice(start, i + 1), document.createElement('wbr'));
        start = i + 1;
      }
    }
    cell.append(text.slice(start));
  }

  function draw() {
    const per = size();
    const pages = Math.max(1, Math.ceil(view.length / per));
    state.page = Math.min(state.page, pages - 1);
    const first = state.page * per;
    const shown = view.slice(first, first + per);
    const fragment = document.createDocumentFragment();
    for (const row of shown) {
      const line = document.createElement('tr');
      for (const index of row.cells) {
        const cell = document.createElement('td');
        fill(cell, index < 0 ? '\\u2014' : strings[index]);
        line.appendChild(cell);
      }
      fragment.appendChild(line);
    }
    body.replaceChildren(fragment);
    const filtered = view.length === rows.length ? '' : ' (filtered; ' + format(rows.length) + ' in all)';
    showing.textContent = view.length === 0
      ? 'No call matches' + filtered
      : 'Showing ' + format(first + 1) + '\\u2013' + format(first + shown.length) + ' of ' + format(view.length) + filtered;
    previous.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
  }

  function refresh() {
    view = sorted(matches());
    draw();
  }

  headers.forEach((header, column) => {
    header.querySelector('button').addEventListener('click', () => {
      state.descending = state.column === column ? !state.descending : false;
      state.column = column;
      for (const other of headers) other.setAttribute('aria-sort', 'none');
      header.setAttribute('aria-sort', state.descending ? 'descending' : 'ascending');
      state.page = 0;
      refresh();
    });
  });
  filter.addEventListener('input', () => {
    state.query = filter.value.trim().toLowerCase();
    state.page = 0;
    refresh();
  });
  pageSize.addEventListener('change', () => {
    state.page = 0;
    draw();
  });
  previous.addEventListener('click', () => {
    state.page -= 1;
    draw();
  });
  next.addEventListener('click', () => {
    state.page += 1;
    draw();
  });
  window.addEventListener('beforeprint', () => {
    state.all = true;
    draw();
  });
  window.addEventListener('afterprint', () => {
    state.all = false;
    draw();
  });
  refresh();
})();
`;

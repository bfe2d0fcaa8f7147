// Members: search as you type (name, pinyin, initials, phone digits…), filters, and the ways into
// records, import, review, export, statistics, branches and council terms.
import * as api from '../api.js';
import { el, replace, whileBusy } from '../components/dom.js';
import { createTable } from '../components/table.js';
import { showError } from '../components/errors.js';
import { openExportDialog } from '../components/export-dialog.js';
import { formatCount, formatNumber, codeLabel, orEmpty } from '../components/format.js';
import { STATUSES, OFFICES, fieldLabel } from '../components/member-fields.js';
import { t } from '../i18n/index.js';

const PAGE = 50;
const MAX_REFRESH = 500;
const DEBOUNCE_MS = 150;
const BLANK_FILTERS = { college: '', year_from: '', year_to: '', branch_id: '', city: '', status: '', office: '' };

// What the user typed and chose, and what was found: kept across a language switch and a visit to
// a record, so coming back shows the same list with the same row selected.
const state = {
  text: '',
  filters: { ...BLANK_FILTERS },
  includeArchived: false,
  rows: null,
  hasMore: false,
  selected: 0,
  options: null,
  reviewCount: null,
  // Every search takes the next number; an answer is shown only if its number is still the latest.
  seq: 0,
  inFlight: false,
};

const memberHref = (id) => `#/members/${encodeURIComponent(id)}`;

/** Renders the members list. */
export function render(ctx) {
  const overview = ctx.app.overview || {};
  const staff = overview.staff || null;
  let timer = null;
  let openWhenDone = false;

  // ---------- Header and actions ----------
  const total = el('span', { id: 'members-total', className: 'muted' });
  const reviewBadge = el('span', { id: 'review-count', className: 'count-badge', hidden: true });
  const exportButton = el('button', { id: 'member-export', className: 'btn', attrs: { type: 'button' }, text: t('members.export') });
  const link = (id, href, text, extra) => el('a', { id, className: ['btn', extra], attrs: { href } }, text);
  const actions = el('div', { className: 'members-actions' }, [
    link('member-add', '#/members/new', t('members.add'), 'btn-primary'),
    link('member-import', '#/members/import', t('members.import')),
    exportButton,
    link('member-review', '#/members/review', [el('span', { text: t('members.review') }), reviewBadge]),
    el('span', { className: 'actions-sep', attrs: { 'aria-hidden': 'true' } }),
    link('member-stats', '#/statistics', t('members.statistics')),
    link('member-branches', '#/branches', t('members.branches')),
    link('member-council', '#/council', t('members.council')),
  ]);

  // ---------- Search box ----------
  const input = el('input', {
    id: 'member-search',
    className: 'input search-input',
    attrs: {
      type: 'search',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: t('members.search_placeholder'),
      'aria-label': t('members.search_label'),
      'aria-controls': 'member-results',
    },
    props: { value: state.text },
  });
  const count = el('span', { id: 'member-count', className: 'muted', attrs: { role: 'status', 'aria-live': 'polite' } });
  const busy = el('span', { id: 'member-busy', className: 'spinner', attrs: { 'aria-hidden': 'true' }, hidden: true });

  // ---------- Filters ----------
  const selectFilter = (id, key, allLabel) => el('select', {
    id,
    className: 'input filter-select',
    attrs: { 'aria-label': allLabel },
    dataset: { filter: key },
  });
  const college = selectFilter('filter-college', 'college', t('members.filter.college_all'));
  const branch = selectFilter('filter-branch', 'branch_id', t('members.filter.branch_all'));
  const city = selectFilter('filter-city', 'city', t('members.filter.city_all'));
  const status = selectFilter('filter-status', 'status', t('members.filter.status_all'));
  const office = selectFilter('filter-office', 'office', t('members.filter.office_all'));
  const yearInput = (id, key, label) => el('input', {
    id,
    className: 'input input-year',
    attrs: { type: 'number', min: '1900', max: '2100', step: '1', inputmode: 'numeric', placeholder: label, 'aria-label': label },
    dataset: { filter: key },
    props: { value: state.filters[key] },
  });
  const yearFrom = yearInput('filter-year-from', 'year_from', t('members.filter.year_from'));
  const yearTo = yearInput('filter-year-to', 'year_to', t('members.filter.year_to'));
  const archived = el('input', { id: 'filter-archived', attrs: { type: 'checkbox' }, props: { checked: state.includeArchived } });
  const reset = el('button', { id: 'filter-reset', className: 'btn btn-quiet btn-small', attrs: { type: 'button' }, text: t('members.filter.reset') });

  function fillSelect(select, allLabel, values, labelOf = (v) => v) {
    const current = state.filters[select.dataset.filter];
    const list = [...values];
    // A value chosen earlier stays selectable even before (or without) the options list.
    if (current && !list.some((v) => String(v.value ?? v) === current)) list.push(current);
    replace(select, [
      el('option', { attrs: { value: '' }, text: allLabel }),
      ...list.map((v) => {
        const value = String(v && typeof v === 'object' ? v.value : v);
        return el('option', { attrs: { value }, props: { selected: value === current }, text: labelOf(v) });
      }),
    ]);
    select.classList.toggle('filter-set', Boolean(current));
  }

  function fillFilters() {
    const o = state.options || {};
    fillSelect(college, t('members.filter.college_all'), o.colleges || []);
    fillSelect(branch, t('members.filter.branch_all'),
      (o.branches || []).map((b) => ({ value: String(b.id), label: b.name })),
      (v) => (v && typeof v === 'object' ? v.label : branchName(v)));
    fillSelect(city, t('members.filter.city_all'), o.cities || []);
    fillSelect(status, t('members.filter.status_all'), STATUSES, (v) => codeLabel('member_status', v));
    fillSelect(office, t('members.filter.office_all'), o.offices && o.offices.length ? o.offices : OFFICES, (v) => codeLabel('office', v));
    const years = o.graduation_years || {};
    for (const box of [yearFrom, yearTo]) {
      if (Number.isInteger(years.min)) box.min = String(years.min);
      if (Number.isInteger(years.max)) box.max = String(years.max);
    }
  }

  function branchName(id) {
    const found = ((state.options && state.options.branches) || []).find((b) => String(b.id) === String(id));
    return found ? found.name : t('members.filter.branch_id', { id });
  }

  const filtersBar = el('div', { id: 'member-filters', className: 'filter-bar' }, [
    college,
    el('span', { className: 'year-range' }, [yearFrom, el('span', { className: 'muted', text: '–' }), yearTo]),
    branch, city, status, office,
    el('label', { className: 'check', attrs: { for: 'filter-archived' } }, [archived, el('span', { text: t('members.filter.archived') })]),
    reset,
  ]);

  // ---------- Results ----------
  const table = createTable([
    {
      key: 'name',
      label: t('member.col.name'),
      className: 'col-name',
      // What matched (initials, phone digits…) is a tooltip, so the cell holds just the name.
      render: (m) => el('a', {
        attrs: {
          href: memberHref(m.id),
          tabindex: '-1',
          title: m.matched && m.matched !== 'name' ? t('members.matched_hint', { how: codeLabel('matched', m.matched) }) : null,
        },
        text: orEmpty(m.name),
      }),
    },
    { key: 'gender', label: t('member.col.gender'), render: (m) => (m.gender ? codeLabel('gender', m.gender) : null) },
    { key: 'college', label: t('member.col.college') },
    { key: 'graduation_year', label: t('member.col.graduation_year'), numeric: true },
    { key: 'degree', label: t('member.col.degree') },
    { key: 'employer', label: t('member.col.employer'), className: 'col-employer' },
    { key: 'city', label: t('member.col.city') },
    { key: 'phone_masked', label: t('member.col.phone'), className: 'col-phone' },
    {
      key: 'status',
      label: t('member.col.status'),
      className: 'col-status',
      render: (m) => el('span', { className: ['status-tag', `status-${m.status}`], text: codeLabel('member_status', m.status) }),
    },
  ], {
    id: 'member-results',
    className: 'fill',
    emptyText: t('members.no_match'),
    onRowClick: (m) => ctx.app.navigate(memberHref(m.id)),
    rowAttrs: (m) => ({ className: 'member-row', dataset: { memberId: m.id, matched: m.matched || null } }),
  });
  table.table.setAttribute('aria-label', t('members.results_label'));

  const more = el('button', { id: 'member-more', className: 'btn', attrs: { type: 'button' }, text: t('members.load_more'), hidden: true });
  const emptyHint = el('div', { id: 'members-empty-register', className: 'note', hidden: true }, [
    el('span', { text: t('members.empty_register') }),
    ' ',
    el('a', { attrs: { href: '#/members/import' }, text: t('members.empty_register_import') }),
  ]);

  const root = el('section', { id: 'members', className: 'view-fill view-members' }, [
    el('div', { className: 'view-header members-header' }, [
      el('div', { className: 'members-title-row' }, [
        el('h2', { className: 'view-title', text: t('members.title') }),
        total,
      ]),
      actions,
    ]),
    el('div', { className: 'search-bar' }, [input, busy, count]),
    filtersBar,
    emptyHint,
    el('div', { className: 'view-fill-body' }, table.element),
    el('div', { className: 'list-footer' }, [more, el('span', { className: 'muted key-hint', text: t('members.key_hint') })]),
  ]);

  // ---------- Filling ----------
  function showTotal() {
    const stats = (ctx.app.overview && ctx.app.overview.stats) || {};
    total.textContent = stats.members === undefined ? '' : t('members.total', { count: formatCount(stats.members) });
  }

  function showReviewCount() {
    const n = state.reviewCount;
    reviewBadge.hidden = !n;
    reviewBadge.textContent = n ? formatNumber(n) : '';
    reviewBadge.setAttribute('title', n ? t('members.review_count', { n: formatNumber(n) }) : '');
  }

  function rowNodes() {
    return [...table.table.tBodies[0].querySelectorAll('tr.member-row')];
  }

  function markSelection(scroll) {
    const nodes = rowNodes();
    nodes.forEach((tr, i) => {
      const on = i === state.selected;
      tr.classList.toggle('selected', on);
      tr.setAttribute('aria-selected', on ? 'true' : 'false');
      if (on && scroll) tr.scrollIntoView({ block: 'nearest' });
    });
  }

  function showRows() {
    const rows = state.rows || [];
    if (state.selected >= rows.length) state.selected = Math.max(0, rows.length - 1);
    table.setRows(rows);
    markSelection(false);
    more.hidden = !state.hasMore;
    if (state.rows === null) count.textContent = '';
    else if (state.hasMore) count.textContent = t('members.count_more', { count: formatCount(rows.length) });
    else count.textContent = t('members.count', { count: formatCount(rows.length) });
    showEmptyHint();
  }

  function showEmptyHint() {
    const stats = (ctx.app.overview && ctx.app.overview.stats) || {};
    emptyHint.hidden = !(state.rows && state.rows.length === 0 && !hasCriteria() && stats.members === 0);
  }

  function markReady() {
    root.dataset.ready = 'true';
  }

  function setBusy(on) {
    busy.hidden = !on;
    root.setAttribute('aria-busy', on ? 'true' : 'false');
  }

  function hasCriteria() {
    return Boolean(state.text.trim()) || Object.values(state.filters).some(Boolean);
  }

  function buildQuery(offset, limit) {
    const f = state.filters;
    const query = { text: state.text.trim(), limit, offset };
    const year = (v) => (/^\d{4}$/.test(String(v).trim()) ? Number(v) : null);
    if (f.college) query.college = f.college;
    if (year(f.year_from) !== null) query.graduation_year_from = year(f.year_from);
    if (year(f.year_to) !== null) query.graduation_year_to = year(f.year_to);
    if (f.branch_id) query.branch_id = Number(f.branch_id);
    if (f.city) query.city = f.city;
    if (f.status) query.status = f.status;
    if (f.office) query.office = f.office;
    if (state.includeArchived) query.include_archived = true;
    return query;
  }

  /** mode: fresh (first page), more (next page), refresh (the pages already shown, quietly). */
  async function runSearch(mode = 'fresh') {
    clearTimeout(timer);
    timer = null;
    const mine = ++state.seq;
    const shown = state.rows ? state.rows.length : 0;
    const offset = mode === 'more' ? shown : 0;
    const limit = mode === 'refresh' ? Math.min(MAX_REFRESH, Math.max(PAGE, shown)) : PAGE;
    state.inFlight = true;
    setBusy(true);
    try {
      const found = await api.searchMembers(buildQuery(offset, limit));
      if (mine !== state.seq) return;
      const list = Array.isArray(found) ? found : [];
      const unchanged = mode === 'refresh' && JSON.stringify(list) === JSON.stringify(state.rows);
      if (mode === 'more') state.rows = (state.rows || []).concat(list);
      else state.rows = list;
      if (mode === 'fresh') state.selected = 0;
      state.hasMore = list.length === limit;
      if (!ctx.isCurrent()) return;
      // A quiet refresh that found the same rows leaves the table alone (and its row nodes valid).
      if (!unchanged) showRows();
      if (openWhenDone) {
        openWhenDone = false;
        openSelected();
      }
    } catch (err) {
      if (mine !== state.seq || !ctx.isCurrent()) return;
      openWhenDone = false;
      if (state.rows === null) state.rows = [];
      showRows();
      showError(err);
    } finally {
      if (mine === state.seq) {
        state.inFlight = false;
        if (ctx.isCurrent()) {
          setBusy(false);
          markReady();
        }
      }
    }
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(() => runSearch('fresh'), DEBOUNCE_MS);
  }

  function openSelected() {
    const rows = state.rows || [];
    const hit = rows[state.selected] || rows[0];
    if (hit) ctx.app.navigate(memberHref(hit.id));
  }

  // ---------- Events ----------
  // 'change' and 'search' too: a cleared field (the box's × or a test driver's clear) may fire no 'input'.
  // While the input method is still composing (typing pinyin for 刘), wait for the character.
  const onText = (event) => {
    if (event && event.isComposing) return;
    if (input.value === state.text) return;
    state.text = input.value;
    openWhenDone = false;
    schedule();
  };
  for (const type of ['input', 'change', 'search', 'compositionend']) input.addEventListener(type, onText);
  input.addEventListener('keydown', (event) => {
    if (event.isComposing) return;
    const rows = state.rows || [];
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (rows.length === 0) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      state.selected = Math.max(0, Math.min(rows.length - 1, state.selected + step));
      markSelection(true);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      // Typed and pressed Enter at once: open the first hit of what was typed, not of the old list.
      if (timer || state.inFlight) {
        openWhenDone = true;
        state.selected = 0;
        if (timer) runSearch('fresh');
      } else {
        openSelected();
      }
    } else if (event.key === 'Escape' && input.value) {
      input.value = '';
      state.text = '';
      schedule();
    }
  });

  for (const select of [college, branch, city, status, office]) {
    select.addEventListener('change', () => {
      state.filters[select.dataset.filter] = select.value;
      select.classList.toggle('filter-set', Boolean(select.value));
      runSearch('fresh');
    });
  }
  for (const box of [yearFrom, yearTo]) {
    box.addEventListener('input', () => {
      state.filters[box.dataset.filter] = box.value;
      schedule();
    });
  }
  archived.addEventListener('change', () => {
    state.includeArchived = archived.checked;
    runSearch('fresh');
  });
  reset.addEventListener('click', () => {
    state.filters = { ...BLANK_FILTERS };
    state.includeArchived = false;
    archived.checked = false;
    yearFrom.value = '';
    yearTo.value = '';
    fillFilters();
    runSearch('fresh');
  });
  more.addEventListener('click', () => whileBusy(more, () => runSearch('more')));

  exportButton.addEventListener('click', () => whileBusy(exportButton, () => openExportDialog({
    query: buildQuery(0, 0),
    isAdmin: Boolean(staff && staff.role === 'admin'),
    summary: exportSummary(),
  })));

  function exportSummary() {
    const parts = [];
    const f = state.filters;
    if (state.text.trim()) parts.push(t('export.criterion.text', { text: state.text.trim() }));
    if (f.college) parts.push(`${fieldLabel('college')}: ${f.college}`);
    if (f.year_from || f.year_to) parts.push(t('export.criterion.years', { from: f.year_from || '…', to: f.year_to || '…' }));
    if (f.branch_id) parts.push(`${t('members.filter.branch')}: ${branchName(f.branch_id)}`);
    if (f.city) parts.push(`${fieldLabel('city')}: ${f.city}`);
    if (f.status) parts.push(`${fieldLabel('status')}: ${codeLabel('member_status', f.status)}`);
    if (f.office) parts.push(`${t('members.filter.office')}: ${codeLabel('office', f.office)}`);
    if (state.includeArchived) parts.push(t('members.filter.archived'));
    return parts.length ? t('export.matching', { criteria: parts.join(t('export.criteria_sep')) }) : t('export.all');
  }

  // ---------- First fill ----------
  showTotal();
  showReviewCount();
  fillFilters();
  if (state.rows !== null) {
    showRows();
    markReady();
  }

  if (ctx.reason === 'locale') {
    // Same data in the other language; a search still on its way is asked again for this view.
    if (state.inFlight || state.rows === null) runSearch(state.rows === null ? 'fresh' : 'refresh');
  } else {
    // Back from a record or freshly opened: the list may have changed (an edit, an import).
    runSearch(state.rows === null ? 'fresh' : 'refresh');
    api.memberFilterOptions().then((options) => {
      state.options = options || {};
      if (ctx.isCurrent()) fillFilters();
    }).catch((err) => {
      if (ctx.isCurrent()) showError(err);
    });
    api.listReviews().then((items) => {
      state.reviewCount = Array.isArray(items) ? items.length : null;
      if (ctx.isCurrent()) showReviewCount();
    }).catch(() => {
      // The count is a hint on a button; the review page itself reports a failure to load.
    });
    ctx.app.refreshOverview().then(() => {
      if (ctx.isCurrent()) {
        showTotal();
        showEmptyHint();
      }
    }).catch(() => {
      // The top bar keeps what it had; the search itself reports its own failures.
    });
  }
  setTimeout(() => {
    if (ctx.isCurrent() && document.activeElement !== input) input.focus();
  }, 0);
  return root;
}

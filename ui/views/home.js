// Home: the register's counts as cards and the list of meetings.
import * as api from '../api.js';
import { el, replace } from '../components/dom.js';
import { createTable } from '../components/table.js';
import { showError } from '../components/errors.js';
import { formatNumber, formatCount, formatDateTime, codeLabel, isUpcoming, orEmpty } from '../components/format.js';
import { t } from '../i18n/index.js';

// Card ids are fixed: the WebDriver tests read #stat-* and #label-*.
const CARDS = [
  { id: 'members', stat: 'members', label: 'home.card.members', href: '#/members', hint: 'home.card.members_hint' },
  { id: 'branches', stat: 'branches', label: 'home.card.branches', href: '#/branches', hint: 'home.card.branches_hint' },
  { id: 'meetings', stat: 'meetings', label: 'home.card.meetings' },
  { id: 'upcoming', stat: 'upcoming_meetings', label: 'home.card.upcoming' },
  { id: 'attendees', stat: 'attendees', label: 'home.card.attendees' },
];

// Last data shown, so a language switch re-renders at once instead of fetching again.
let cache = null;

/** Renders the home view; fills it after fetching, or at once from cache on a language switch. */
export function render(ctx) {
  const root = el('section', { id: 'home', className: 'view-home' });
  const stats = (ctx.app.overview && ctx.app.overview.stats) || {};
  const values = {};
  const cards = el('div', { className: 'stat-grid' }, CARDS.map((card) => {
    values[card.stat] = el('div', { id: `stat-${card.id}`, className: 'stat-value', text: t('common.ellipsis') });
    const content = [
      el('div', { id: `label-${card.id}`, className: 'stat-label', text: t(card.label) }),
      values[card.stat],
    ];
    // The members card opens the register; the others are figures only.
    return card.href
      ? el('a', { id: `card-${card.id}`, className: ['stat-card', 'stat-card-link', `stat-card-${card.id}`], attrs: { href: card.href, title: t(card.hint) } }, content)
      : el('div', { className: ['stat-card', `stat-card-${card.id}`] }, content);
  }));
  const demoNote = el('p', { className: 'note note-demo', text: t('home.demo_note'), hidden: true });
  // Members invited twice to one meeting (left by an upgrade): two badges, two votes until resolved.
  const duplicatesNote = el('div', { id: 'home-duplicate-invitations', className: 'note note-warning', hidden: true });
  const meetingsBox = el('div', { className: 'home-meetings-body' }, el('p', { className: 'loading', text: t('common.loading') }));

  replace(root, [
    el('div', { className: 'view-header' }, el('h2', { className: 'view-title', text: t('home.title') })),
    demoNote,
    duplicatesNote,
    cards,
    el('section', { id: 'home-meetings', className: 'panel' }, [
      el('div', { className: 'panel-header' }, [
        el('h3', { className: 'panel-title', text: t('home.meetings_title') }),
        el('a', { className: 'panel-link', attrs: { href: '#/meetings' }, text: t('home.all_meetings') }),
      ]),
      meetingsBox,
    ]),
  ]);

  function fill(overview, meetings) {
    const s = overview.stats || stats;
    for (const card of CARDS) values[card.stat].textContent = formatNumber(s[card.stat]);
    demoNote.hidden = !(overview.database && overview.database.is_demo);
    const twice = (overview.database && overview.database.duplicate_invitations) || [];
    duplicatesNote.hidden = twice.length === 0;
    replace(duplicatesNote, twice.length === 0 ? [] : [
      el('p', { text: t('home.duplicate_invitations', { n: formatNumber(twice.length) }) }),
      el('ul', {}, twice.map((d) => el('li', {}, el('a', {
        attrs: { href: `#/meetings/${encodeURIComponent(d.meeting_id)}` },
        text: t('home.duplicate_invitation', { name: d.name, count: formatNumber(d.attendee_ids.length) }),
      })))),
    ]);
    replace(meetingsBox, meetingsTable(meetings, ctx).element);
    root.dataset.ready = 'true';
  }

  if (ctx.reason === 'locale' && cache) {
    fill(cache.overview, cache.meetings);
    return root;
  }

  Promise.all([ctx.app.refreshOverview(), api.listMeetings()]).then(([overview, meetings]) => {
    if (!ctx.isCurrent()) return;
    if (overview.database && overview.database.is_empty) {
      // The register turned out empty (e.g. after returning from demo data): show the welcome page.
      ctx.app.navigate('#/home');
      return;
    }
    cache = { overview, meetings };
    fill(overview, meetings);
  }).catch((err) => {
    if (!ctx.isCurrent()) return;
    replace(meetingsBox, el('p', { className: 'muted', text: t('common.load_failed') }));
    showError(err);
  });
  return root;
}

function meetingsTable(meetings, ctx) {
  return createTable([
    {
      key: 'title',
      label: t('meeting.col.title'),
      render: (m) => [
        el('a', { attrs: { href: `#/meetings/${encodeURIComponent(m.id)}` }, text: orEmpty(m.title) }),
        m.expanded ? el('span', { className: 'tag', text: t('meeting.expanded') }) : null,
        isUpcoming(m.starts_at) ? el('span', { className: 'tag tag-accent', text: t('meeting.upcoming') }) : null,
      ],
    },
    { key: 'kind', label: t('meeting.col.kind'), render: (m) => codeLabel('meeting.kind', m.kind) },
    { key: 'starts_at', label: t('meeting.col.starts_at'), render: (m) => formatDateTime(m.starts_at) },
    { key: 'venue', label: t('meeting.col.venue') },
    { key: 'attendees', label: t('meeting.col.attendees'), numeric: true, render: (m) => formatCount(m.attendees) },
  ], {
    id: 'home-meetings-table',
    rows: meetings,
    emptyText: t('meetings.empty'),
    onRowClick: (m) => ctx.app.navigate(`#/meetings/${encodeURIComponent(m.id)}`),
  });
}

// Application shell: top bar, left navigation, hash router and the shared overview state.
import * as api from './api.js';
import { el, replace, whileBusy } from './components/dom.js';
import { showError, clearErrors, describeError } from './components/errors.js';
import { t, getLocale, setLocale, onLocaleChange, LOCALES } from './i18n/index.js';
import { codeLabel } from './components/format.js';
import * as homeView from './views/home.js';
import * as welcomeView from './views/welcome.js';
import * as meetingsView from './views/meetings.js';
import * as settingsView from './views/settings.js';
import * as auditView from './views/audit.js';
import * as membersView from './views/members.js';
import * as memberView from './views/member.js';
import * as memberImportView from './views/member-import.js';
import * as memberReviewView from './views/member-review.js';
import * as branchesView from './views/branches.js';
import * as councilView from './views/council.js';
import * as statisticsView from './views/statistics.js';
import * as placeholderView from './views/placeholder.js';
import * as documentsView from './views/documents.js';
import * as checkinView from './views/checkin.js';
import * as electionsView from './views/elections.js';

// Navigation order follows the office's year: people, meetings, the door, the votes, the paper.
const NAV = [
  { area: 'home', key: 'nav.home' },
  { area: 'members', key: 'nav.members' },
  { area: 'meetings', key: 'nav.meetings' },
  { area: 'checkin', key: 'nav.checkin' },
  { area: 'elections', key: 'nav.elections' },
  { area: 'documents', key: 'nav.documents' },
  { area: 'settings', key: 'nav.settings' },
  { area: 'audit', key: 'nav.audit' },
];
const PLACEHOLDER_AREAS = new Set([]);
// Pages reached from the members area keep its navigation entry highlighted.
const NAV_PARENT = { branches: 'members', council: 'members', statistics: 'members' };

const state = {
  overview: null,
  overviewError: null,
  renderSeq: 0,
  route: null,
};

const shell = {
  topbar: el('header', { id: 'topbar', className: 'topbar' }),
  nav: el('nav', { id: 'sidenav', className: 'sidenav' }),
  view: el('main', { id: 'view', className: 'view', attrs: { tabindex: '-1' } }),
  errors: el('div', { id: 'errors', className: 'errors', attrs: { 'aria-live': 'assertive' } }),
};

/** What views may use of the shell. */
const app = {
  get overview() {
    return state.overview;
  },
  /** Fetches the overview again and updates the top bar; returns it. */
  async refreshOverview() {
    const overview = await api.getOverview();
    app.setOverview(overview);
    return overview;
  },
  /** Adopts an overview returned by a command (e.g. after switching databases). */
  setOverview(overview) {
    state.overview = overview;
    state.overviewError = null;
    renderTopbar();
  },
  /** Updates the current staff profile shown in the top bar. */
  setStaff(staff) {
    if (state.overview) state.overview = { ...state.overview, staff };
    renderTopbar();
  },
  navigate,
  /** Switches to the demo database and shows home. */
  async openDemo() {
    const overview = await api.openDemoDatabase();
    clearErrors();
    app.setOverview(overview);
    navigate('#/home');
  },
};

/** #/area/p1/p2?k=v → {area, params: [p1, p2], query: URLSearchParams}. */
function parseRoute(hash) {
  const raw = hash.replace(/^#\/?/, '');
  const at = raw.indexOf('?');
  const path = at < 0 ? raw : raw.slice(0, at);
  const query = new URLSearchParams(at < 0 ? '' : raw.slice(at + 1));
  const parts = path.split('/').filter(Boolean).map(safeDecode);
  const area = parts[0] || 'home';
  return { area, params: parts.slice(1), query };
}

function safeDecode(part) {
  try {
    return decodeURIComponent(part);
  } catch {
    // A malformed escape in a hand-typed address: use it as it is.
    return part;
  }
}

/** Goes to a hash; re-runs the route when it is already current (hashchange would not fire). */
function navigate(hash) {
  if (window.location.hash === hash) route('navigate');
  else window.location.hash = hash;
}

function pickView(area, params) {
  if (area === 'home') {
    // The office's real database with no members yet gets a first-steps page instead of zeros.
    return state.overview && state.overview.database && state.overview.database.is_empty ? welcomeView : homeView;
  }
  if (area === 'members') {
    const [sub] = params;
    if (sub === undefined) return membersView;
    if (sub === 'import') return memberImportView;
    if (sub === 'review') return memberReviewView;
    // #/members/new, #/members/ID and #/members/ID/edit
    return memberView;
  }
  if (area === 'branches') return branchesView;
  if (area === 'council') return councilView;
  if (area === 'statistics') return statisticsView;
  if (area === 'meetings') return meetingsView;
  if (area === 'settings') return settingsView;
  if (area === 'audit') return auditView;
  if (area === 'documents') return documentsView;
  if (area === 'checkin') return checkinView;
  if (area === 'elections') return electionsView;
  if (PLACEHOLDER_AREAS.has(area)) return placeholderView;
  return null;
}

/** Renders the view for the current hash; reason is 'navigate' (fetch fresh data) or 'locale' (reuse it). */
function route(reason = 'navigate') {
  const { area, params, query } = parseRoute(window.location.hash);
  const view = pickView(area, params);
  if (!view) {
    // An unknown address falls back to home without leaving a history entry to go back to.
    window.history.replaceState(null, '', '#/home');
    route(reason);
    return;
  }
  state.route = { area, params };
  const seq = ++state.renderSeq;
  const ctx = { app, area, params, query, reason, isCurrent: () => seq === state.renderSeq };
  renderNav();
  document.title = titleFor(area);
  if (state.overviewError && area === 'home') {
    replace(shell.view, startupFailure(state.overviewError));
    return;
  }
  try {
    replace(shell.view, view.render(ctx));
  } catch (err) {
    showError(err);
  }
  if (reason === 'navigate') shell.view.scrollTop = 0;
}

function titleFor(area) {
  const name = (state.overview && state.overview.association_name) || '';
  const page = t(`nav.${area}`);
  return [page, name || t('app.name')].join(' · ');
}

function renderNav() {
  const current = state.route ? state.route.area : 'home';
  const active = NAV_PARENT[current] || current;
  shell.nav.setAttribute('aria-label', t('nav.label'));
  replace(shell.nav, el('ul', { className: 'nav-list' }, NAV.map(({ area, key }) =>
    el('li', {}, el('a', {
      id: `nav-${area}`,
      className: ['nav-link', area === active && 'active', PLACEHOLDER_AREAS.has(area) && 'later'],
      attrs: {
        href: `#/${area}`,
        'aria-current': area === active ? 'page' : null,
        // The link's own text stays just the area's name; "later release" is a tooltip and a CSS dot.
        title: PLACEHOLDER_AREAS.has(area) ? t('nav.later') : null,
      },
      dataset: { area },
      text: t(key),
    })))));
}

function renderTopbar() {
  const overview = state.overview;
  const database = (overview && overview.database) || {};
  const associationName = overview && overview.association_name;
  const staff = overview && overview.staff;
  const nextLocale = LOCALES[(LOCALES.indexOf(getLocale()) + 1) % LOCALES.length];

  const openRegisterButton = el('button', {
    id: 'open-register',
    className: 'btn btn-on-accent',
    attrs: { type: 'button', title: t('topbar.open_register_hint') },
    text: t('topbar.open_register'),
  });
  openRegisterButton.addEventListener('click', () => whileBusy(openRegisterButton, async () => {
    try {
      const fresh = await api.openRegister();
      clearErrors();
      app.setOverview(fresh);
      navigate('#/home');
    } catch (err) {
      showError(err);
    }
  }));

  replace(shell.topbar, [
    el('div', { className: 'brand' }, [
      el('span', { className: 'brand-mark', attrs: { 'aria-hidden': 'true' }, text: t('app.mark') }),
      el('div', { className: 'brand-text' }, [
        el('h1', { id: 'app-title', className: 'app-title', text: associationName || t('app.name') }),
        associationName ? el('span', { className: 'app-subtitle', text: t('app.name') }) : null,
      ]),
    ]),
    database.is_demo
      ? el('span', { id: 'demo-badge', className: 'badge badge-demo', attrs: { title: t('topbar.demo_hint') }, text: t('topbar.demo') })
      : null,
    database.is_demo ? openRegisterButton : null,
    el('div', { className: 'topbar-spacer' }),
    el('a', {
      id: 'current-staff',
      className: 'current-staff',
      attrs: { href: '#/settings', title: t('topbar.staff_hint') },
    }, staff
      ? [
        el('span', { className: 'current-staff-label', text: t('topbar.staff') }),
        el('span', { className: 'current-staff-name', text: staff.name }),
        el('span', { className: 'current-staff-role', text: codeLabel('role', staff.role) }),
      ]
      : el('span', { className: 'current-staff-label', text: t('topbar.no_staff') })),
    el('button', {
      id: 'lang-toggle',
      className: 'btn btn-on-accent lang-toggle',
      attrs: { type: 'button', lang: nextLocale, title: t('topbar.lang_hint'), 'aria-label': t('topbar.lang_hint') },
      text: t('topbar.lang_toggle'),
      on: { click: () => setLocale(nextLocale) },
    }),
  ]);
}

/** The home page when even the overview could not be read (e.g. a database from a newer version). */
function startupFailure(err) {
  const { sentence, detail } = describeError(err);
  const retry = el('button', { id: 'retry-overview', className: 'btn btn-primary', attrs: { type: 'button' }, text: t('startup.retry') });
  retry.addEventListener('click', () => whileBusy(retry, loadOverviewAndRoute));
  const demo = el('button', { id: 'startup-demo', className: 'btn', attrs: { type: 'button' }, text: t('welcome.open_demo') });
  demo.addEventListener('click', () => whileBusy(demo, async () => {
    try {
      await app.openDemo();
    } catch (e) {
      showError(e);
    }
  }));
  return el('section', { id: 'startup-error', className: 'panel startup-error' }, [
    el('h2', { className: 'view-title', text: t('startup.failed') }),
    el('p', { className: 'lead', text: sentence }),
    detail ? el('p', { className: 'muted', text: detail }) : null,
    el('div', { className: 'actions' }, [retry, demo]),
  ]);
}

async function loadOverviewAndRoute() {
  try {
    app.setOverview(await api.getOverview());
  } catch (err) {
    state.overviewError = err;
    renderTopbar();
  }
  route('navigate');
}

function start() {
  document.body.replaceChildren(el('div', { className: 'app' }, [
    shell.topbar,
    el('div', { className: 'app-body' }, [
      shell.nav,
      el('div', { className: 'main-col' }, [shell.errors, shell.view]),
    ]),
  ]));
  renderTopbar();
  renderNav();
  replace(shell.view, el('p', { className: 'loading', text: t('common.loading') }));

  window.addEventListener('hashchange', () => route('navigate'));
  onLocaleChange(() => {
    renderTopbar();
    route('locale');
  });
  // replaceState does not fire hashchange, so the first render waits for the overview below.
  if (!window.location.hash) window.history.replaceState(null, '', '#/home');
  loadOverviewAndRoute();
}

start();

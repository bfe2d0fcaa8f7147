// The check-in area: #/checkin lists the meetings; #/checkin/ID is a meeting's check-in desk
// (counts, the door screen, the live view, the LAN door server with its pairing QR code and
// the stations it has heard from, outage conflicts, the attendance report);
// #/checkin/ID/door and #/checkin/ID/live are the full-screen door screen and live view.
import * as api from '../api.js';
import { el, replace, whileBusy } from '../components/dom.js';
import { showError } from '../components/errors.js';
import { formatDateTime, formatTime, codeLabel } from '../components/format.js';
import { t } from '../i18n/index.js';
import { renderDoor } from './door.js';
import { renderLive } from './door-live.js';
import { openPrintDialog } from '../components/print-dialog.js';

const STATION_KEY = 'alumni-desk.door.window-station';

/** The name the window's door screen records its check-ins under. */
function windowStation() {
  try {
    return window.localStorage.getItem(STATION_KEY) || t('checkin.default_station');
  } catch {
    return t('checkin.default_station');
  }
}

/** Full screen: the shell's bars hidden until the route changes. */
function fullScreen(ctx, node) {
  document.body.classList.add('door-fullscreen');
  const leave = () => {
    if (node.stopDoor) node.stopDoor();
    // The router has already drawn the next view: it may be full screen too (door → live).
    if (!document.querySelector('#door, #live')) document.body.classList.remove('door-fullscreen');
  };
  window.addEventListener('hashchange', leave, { once: true });
  return node;
}

/** Renders the check-in area for ctx.params. */
export function render(ctx) {
  const [id, sub] = ctx.params;
  const meetingId = Number(id);
  if (!id || !Number.isInteger(meetingId)) return meetingList(ctx);
  const back = () => ctx.app.navigate(`#/checkin/${meetingId}`);
  if (sub === 'door') {
    return fullScreen(ctx, renderDoor({ meetingId, station: windowStation(), isCurrent: ctx.isCurrent, onExit: back }));
  }
  if (sub === 'live') return fullScreen(ctx, renderLive({ meetingId, isCurrent: ctx.isCurrent, onExit: back }));
  return meetingDesk(ctx, meetingId);
}

function meetingList(ctx) {
  const list = el('div', { id: 'checkin-meetings', className: 'checkin-meetings' }, el('p', { className: 'loading', text: t('common.loading') }));
  (async () => {
    try {
      const meetings = await api.listMeetings();
      if (!ctx.isCurrent()) return;
      replace(list, meetings.length
        ? meetings.map((m) => el('a', { className: 'panel checkin-meeting', attrs: { href: `#/checkin/${m.id}` }, dataset: { meeting: m.id } }, [
          el('h3', { className: 'panel-title', text: m.title }),
          el('p', { className: 'muted', text: [formatDateTime(m.starts_at), m.venue, t('checkin.invited', { count: m.attendees })].filter(Boolean).join(' · ') }),
        ]))
        : el('p', { className: 'muted', text: t('checkin.no_meetings') }));
    } catch (err) {
      showError(err);
    }
  })();
  return el('section', { id: 'checkin', className: 'view-checkin', dataset: { ready: 'true' } }, [
    el('div', { className: 'view-header' }, el('h2', { className: 'view-title', text: t('nav.checkin') })),
    el('p', { className: 'lead', text: t('checkin.intro') }),
    list,
  ]);
}

function meetingDesk(ctx, meetingId) {
  const summary = el('div', { id: 'checkin-summary', className: 'checkin-summary' }, el('p', { className: 'loading', text: t('common.loading') }));
  const server = el('section', { id: 'door-server', className: 'panel door-server' });
  const conflicts = el('section', { id: 'checkin-conflicts', className: 'panel', hidden: true });
  const stationInput = el('input', {
    id: 'window-station', className: 'input', attrs: { type: 'text', maxlength: '40', 'aria-label': t('checkin.station_label') },
    props: { value: windowStation() },
  });
  stationInput.addEventListener('change', () => {
    const name = stationInput.value.trim();
    if (name) window.localStorage.setItem(STATION_KEY, name);
  });
  const title = el('h2', { className: 'view-title', text: t('nav.checkin') });
  const reportButton = el('button', { id: 'attendance-report', className: 'btn btn-large', attrs: { type: 'button' }, text: t('checkin.report') });
  reportButton.addEventListener('click', () => whileBusy(reportButton, async () => {
    try {
      const file = await api.renderAttendanceReport(meetingId, api.newJobId('attendance'));
      await openPrintDialog(file, { heading: t('checkin.report'), offerFile: true });
    } catch (err) {
      showError(err);
    }
  }));
  const root = el('section', { id: 'checkin-desk', className: 'view-checkin', dataset: { meeting: meetingId } }, [
    el('div', { className: 'view-header' }, [title, el('a', { className: 'panel-link', attrs: { href: '#/checkin' }, text: t('checkin.all_meetings') })]),
    el('section', { className: 'panel' }, [
      summary,
      el('div', { className: 'actions checkin-actions' }, [
        el('label', { className: 'form-field checkin-station' }, [el('span', { className: 'form-label', text: t('checkin.station_label') }), stationInput]),
        el('a', { id: 'open-door', className: 'btn btn-primary btn-large', attrs: { href: `#/checkin/${meetingId}/door` }, text: t('checkin.open_door') }),
        el('a', { id: 'open-live', className: 'btn btn-large', attrs: { href: `#/checkin/${meetingId}/live` }, text: t('checkin.open_live') }),
        reportButton,
      ]),
    ]),
    server,
    conflicts,
  ]);

  function drawSummary(a) {
    title.textContent = a.title;
    const q = a.quorum;
    replace(summary, [
      el('p', { className: 'checkin-figures' }, [
        el('span', { id: 'checkin-present', text: t('checkin.present', { present: a.present, expected: a.expected }) }),
        el('span', { text: t('checkin.voting', { present: a.voting_present, expected: a.voting_expected }) }),
        el('span', { className: q.reached ? 'ok-text' : 'warn-text', text: q.reached ? t('live.quorum_reached', { time: formatTime(q.reached_at) }) : t('live.quorum_missing', { count: Math.max(0, q.needed - a.voting_present) }) }),
      ]),
    ]);
    conflicts.hidden = a.conflicts.length === 0;
    replace(conflicts, [
      el('h3', { className: 'panel-title', text: t('checkin.conflicts', { count: a.conflicts.length }) }),
      el('p', { className: 'muted', text: t('checkin.conflicts_hint') }),
      el('ul', { className: 'conflict-list' }, a.conflicts.map((c) => {
        const done = el('button', { className: 'btn btn-small', attrs: { type: 'button' }, text: t('checkin.conflict_seen') });
        done.addEventListener('click', () => whileBusy(done, async () => {
          try {
            await api.resolveConflict(c.id);
            refresh();
          } catch (err) {
            showError(err);
          }
        }));
        return el('li', { className: 'conflict' }, [
          el('strong', { text: c.attendee.name }),
          el('span', { text: t('checkin.conflict_line', {
            category: codeLabel('category', c.attendee.category),
            first_station: c.first_station, first_time: formatTime(c.first_at),
            station: c.station, time: formatTime(c.scanned_at),
          }) }),
          done,
        ]);
      })),
    ]);
  }

  function drawServer(status) {
    const running = status.running && status.meeting_id === meetingId;
    const start = el('button', { id: 'door-server-start', className: 'btn btn-primary', attrs: { type: 'button' }, text: running ? t('checkin.server_restart') : t('checkin.server_start') });
    start.addEventListener('click', () => whileBusy(start, async () => {
      try {
        drawServer(await api.doorServerStart(meetingId));
      } catch (err) {
        showError(err);
      }
    }));
    const stop = el('button', { id: 'door-server-stop', className: 'btn btn-danger-outline', attrs: { type: 'button' }, text: t('checkin.server_stop') });
    stop.addEventListener('click', () => whileBusy(stop, async () => {
      try {
        drawServer(await api.doorServerStop());
      } catch (err) {
        showError(err);
      }
    }));
    const other = status.running && !running
      ? el('p', { className: 'note note-warning', text: t('checkin.server_other_meeting') })
      : null;
    replace(server, [
      el('h3', { className: 'panel-title', text: t('checkin.server_title') }),
      el('p', { className: 'muted', text: t('checkin.server_hint') }),
      other,
      running
        ? el('div', { className: 'door-pairing' }, [
          el('img', { id: 'door-qr', className: 'door-qr', attrs: { alt: t('checkin.server_qr'), src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(status.qr_svg)}` } }),
          el('div', {}, [
            el('p', { text: t('checkin.server_url') }),
            el('p', {}, el('code', { id: 'door-url', className: 'door-url', text: status.url })),
            el('p', { className: 'muted', text: t('checkin.server_secret_hint') }),
          ]),
        ])
        : null,
      el('div', { className: 'actions' }, [start, running ? stop : null]),
      running ? stationsTable(status.stations) : null,
    ]);
    server.dataset.running = running ? 'true' : 'false';
  }

  function stationsTable(stations) {
    return el('div', {}, [
      el('h4', { className: 'panel-subtitle', text: t('checkin.stations', { count: stations.length }) }),
      stations.length
        ? el('table', { id: 'door-stations', className: 'table' }, [
          el('thead', {}, el('tr', {}, [t('checkin.station'), t('checkin.last_contact'), t('checkin.check_ins')].map((h) => el('th', { text: h })))),
          el('tbody', {}, stations.map((s) => el('tr', {}, [
            el('td', { text: s.station }),
            el('td', { text: formatTime(s.last_contact) }),
            el('td', { className: 'num', text: String(s.check_ins) }),
          ]))),
        ])
        : el('p', { className: 'muted', text: t('checkin.no_stations') }),
    ]);
  }

  async function refresh() {
    try {
      const [a, status] = await Promise.all([api.getAttendance(meetingId), api.doorServerStatus()]);
      if (!ctx.isCurrent()) return;
      drawSummary(a);
      drawServer(status);
      root.dataset.ready = 'true';
    } catch (err) {
      showError(err);
    }
  }

  refresh();
  const timer = setInterval(() => {
    if (ctx.isCurrent() && root.isConnected) refresh();
    else clearInterval(timer);
  }, 5000);
  return root;
}

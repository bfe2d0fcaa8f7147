// A door station's page: pairs with the host from the pairing address (#key=…&meeting=…),
// asks once for the station's name, then shows the door screen. The secret is kept in the
// browser's storage and taken out of the address bar, so it is not left on the screen.
import * as api from './api.js';
import { el, replace } from './components/dom.js';
import { t, getLocale, setLocale, LOCALES } from './i18n/index.js';
import { renderDoor } from './views/door.js';
import { renderLive } from './views/door-live.js';

function pairingFromAddress() {
  const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const key = fragment.get('key');
  const meeting = Number(fragment.get('meeting'));
  if (!key || !Number.isInteger(meeting)) return null;
  window.history.replaceState(null, '', window.location.pathname);
  return { key, meeting };
}

function askStationName(pairing) {
  const name = el('input', {
    id: 'station-name', className: 'input door-station-input',
    attrs: { type: 'text', maxlength: '40', required: true, autocomplete: 'off' },
    props: { value: pairing.station || '' },
  });
  const form = el('form', { id: 'station-form', className: 'panel station-form' }, [
    el('h2', { className: 'view-title', text: t('station.title') }),
    el('p', { className: 'lead', text: t('station.name_hint') }),
    el('label', { className: 'form-field' }, [el('span', { className: 'form-label', text: t('station.name') }), name]),
    el('button', { id: 'station-start', className: 'btn btn-primary btn-large', attrs: { type: 'submit' }, text: t('station.start') }),
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const station = name.value.trim();
    if (!station) return;
    api.setDoorPairing({ ...pairing, station });
    start();
  });
  replace(document.body, form);
  name.focus();
}

function start() {
  const pairing = api.doorPairing();
  if (!pairing) {
    replace(document.body, el('section', { id: 'station-unpaired', className: 'panel station-form' }, [
      el('h2', { className: 'view-title', text: t('station.unpaired') }),
      el('p', { className: 'lead', text: t('station.unpaired_hint') }),
    ]));
    return;
  }
  if (!pairing.station) {
    askStationName(pairing);
    return;
  }
  const rename = el('button', {
    id: 'station-rename', className: 'btn btn-quiet', attrs: { type: 'button' }, text: t('station.rename'),
    on: { click: () => askStationName(pairing) },
  });
  const nextLocale = LOCALES[(LOCALES.indexOf(getLocale()) + 1) % LOCALES.length];
  const lang = el('button', {
    id: 'lang-toggle', className: 'btn btn-quiet', attrs: { type: 'button', lang: nextLocale }, text: t('topbar.lang_toggle'),
    on: { click: () => { setLocale(nextLocale); start(); } },
  });
  // A station can also be the chair's screen: the live view, from the same pairing.
  const showLive = window.sessionStorage.getItem(VIEW_KEY) === 'live';
  const toggle = el('button', {
    id: 'station-view', className: 'btn btn-quiet', attrs: { type: 'button' },
    text: showLive ? t('station.show_door') : t('station.show_live'),
  });
  let current = true;
  const view = showLive
    ? renderLive({ meetingId: pairing.meeting, isCurrent: () => current })
    : renderDoor({ meetingId: pairing.meeting, station: pairing.station, isCurrent: () => current });
  replace(document.body, [view, el('footer', { className: 'station-footer' }, [toggle, rename, lang])]);
  const leave = () => {
    current = false;
    if (view.stopDoor) view.stopDoor();
  };
  rename.addEventListener('click', leave);
  lang.addEventListener('click', leave);
  toggle.addEventListener('click', () => {
    leave();
    window.sessionStorage.setItem(VIEW_KEY, showLive ? 'door' : 'live');
    start();
  });
}

const VIEW_KEY = 'alumni-desk.door.view';

const fresh = pairingFromAddress();
if (fresh) {
  const old = api.doorPairing();
  api.setDoorPairing({ ...fresh, station: old && old.meeting === fresh.meeting ? old.station : '' });
}
start();

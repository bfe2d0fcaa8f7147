// Areas a later release fills (check-in, elections): an honest note on what is coming.
import { el } from '../components/dom.js';
import { t } from '../i18n/index.js';

// How many planned-feature lines each area has in the translation tables.
const PLANNED = {
  checkin: 5,
  elections: 5,
};

/** Renders the "coming in a later release" page for ctx.area. */
export function render(ctx) {
  const area = ctx.area;
  const count = PLANNED[area] || 0;
  const items = [];
  for (let i = 1; i <= count; i += 1) items.push(el('li', { text: t(`placeholder.${area}.item${i}`) }));
  return el('section', { id: `placeholder-${area}`, className: 'view-placeholder', dataset: { ready: 'true', area } }, [
    el('div', { className: 'view-header' }, el('h2', { className: 'view-title', text: t(`nav.${area}`) })),
    el('div', { className: 'panel placeholder-panel' }, [
      el('p', { id: 'placeholder-note', className: 'placeholder-note', text: t('placeholder.note') }),
      el('p', { className: 'lead', text: t(`placeholder.${area}.summary`) }),
      el('h3', { className: 'panel-title', text: t('placeholder.planned') }),
      el('ul', { className: 'planned-list' }, items),
    ]),
  ]);
}

// Welcome: first steps when the office's own database holds no members yet.
import { el, whileBusy } from '../components/dom.js';
import { showError } from '../components/errors.js';
import { t } from '../i18n/index.js';

/** Renders the welcome page with its two ways forward: import the register or look at demo data. */
export function render(ctx) {
  const importButton = el('button', {
    id: 'welcome-import',
    className: 'btn btn-primary btn-large',
    attrs: { type: 'button' },
    text: t('welcome.import'),
    on: { click: () => ctx.app.navigate('#/members/import') },
  });
  const demoButton = el('button', {
    id: 'welcome-demo',
    className: 'btn btn-large',
    attrs: { type: 'button' },
    text: t('welcome.open_demo'),
  });
  demoButton.addEventListener('click', () => whileBusy(demoButton, async () => {
    try {
      await ctx.app.openDemo();
    } catch (err) {
      showError(err);
    }
  }));

  return el('section', { id: 'welcome', className: 'view-welcome', dataset: { ready: 'true' } }, [
    el('div', { className: 'welcome-card panel' }, [
      el('h2', { className: 'welcome-title', text: t('welcome.title') }),
      el('p', { className: 'lead', text: t('welcome.intro') }),
      el('div', { className: 'welcome-choices' }, [
        el('div', { className: 'welcome-choice' }, [
          importButton,
          el('p', { className: 'muted', text: t('welcome.import_hint') }),
        ]),
        el('div', { className: 'welcome-choice' }, [
          demoButton,
          el('p', { className: 'muted', text: t('welcome.demo_hint') }),
        ]),
      ]),
    ]),
  ]);
}

// The "export the statistics report" button with its status line, on the statistics dashboard
// and on the documents desk: asks where to save, then says where it went.
import * as api from '../api.js';
import { el, whileBusy } from './dom.js';
import { showError } from './errors.js';
import { t } from '../i18n/index.js';

/**
 * {button, status} for exporting 校友信息统计报告. `idPrefix` keeps ids unique per view;
 * `remembered` is the last saved path to show (so a language switch keeps it) and
 * `onSaved(path)` lets the view remember a new one.
 */
export function statisticsReportButton({ idPrefix, className = 'btn', remembered = null, onSaved = () => {} }) {
  const status = el('p', {
    id: `${idPrefix}-status`,
    className: 'status-line status',
    attrs: { role: 'status' },
    text: remembered ? t('stats.pdf_saved', { path: remembered }) : '',
  });
  const button = el('button', { id: `${idPrefix}-pdf`, className, attrs: { type: 'button' }, text: t('stats.export_pdf') });
  button.addEventListener('click', () => whileBusy(button, async () => {
    try {
      const result = await api.exportStatisticsPdf(t('stats.pdf_dialog_title'));
      if (result && result.path) {
        onSaved(result.path);
        status.textContent = t('stats.pdf_saved', { path: result.path });
      }
    } catch (err) {
      showError(err);
    }
  }));
  return { button, status };
}

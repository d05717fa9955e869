// Spectrum view: channel × time heat map of lease occupancy and prices, the picture an operator wants before
// leasing. Rows are channels, columns lease slots; a leased cell is red (darker = dearer), an offered one blue.
import { api } from './api.js';
import { $, el, num, timeOf } from './util.js';

let loaded = false;

export async function loadHeatmap(ev) {
  if (ev) ev.preventDefault();
  loaded = true;
  const params = { band: $('spectrum-band').value.trim(), location: $('spectrum-location').value.trim(),
    from: $('spectrum-from').value.trim(), to: $('spectrum-to').value.trim() };
  const table = $('heatmap');
  let map;
  try {
    map = await api.heatmap(params);
  } catch (e) {
    table.replaceChildren();
    $('spectrum-summary').textContent = `Heat map unavailable: ${e.describe ? e.describe() : e}`;
    return;
  }
  const channels = map.channels || [];
  const slots = map.slots || [];
  const cells = map.cells || [];
  const prices = cells.flat().map((c) => num(c && c.price)).filter(Number.isFinite);
  const max = prices.length ? Math.max(...prices) : 0;
  let occupied = 0;
  let offered = 0;
  const label = (c) => (typeof c === 'string' ? c : c.channel ?? c.symbol ?? c.name ?? JSON.stringify(c));
  const slotLabel = (s) => (typeof s === 'string' ? s : s.slotStart ?? s.start ?? JSON.stringify(s));
  const head = el('tr', {}, el('th', { class: 'row', text: 'channel \\ slot (UTC)' }),
    slots.map((s) => el('th', { scope: 'col', title: slotLabel(s), text: timeOf(slotLabel(s)).slice(0, 5) || slotLabel(s) })));
  const rows = channels.map((ch, i) => el('tr', {}, el('th', { class: 'row', scope: 'row', text: label(ch) }),
    slots.map((s, j) => {
      const c = (cells[i] || [])[j] || {};
      const p = num(c.price);
      let cls = '';
      let style;
      if (c.occupied) {
        occupied++;
        cls = 'occupied';
        const t = max > 0 && Number.isFinite(p) ? 0.35 + 0.65 * (p / max) : 0.6;
        style = `background: rgba(192, 57, 43, ${t.toFixed(2)})`;
      } else if (Number.isFinite(p)) {
        offered++;
        cls = 'offered';
      }
      const who = c.user ? ` · ${c.user}` : '';
      return el('td', { class: cls, style, title: `${label(ch)} ${slotLabel(s)}: ${c.occupied ? 'leased' : Number.isFinite(p) ? 'offered' : 'free'}${Number.isFinite(p) ? ` at ${c.price}` : ''}${who}`,
        'data-occupied': String(Boolean(c.occupied)) }, Number.isFinite(p) ? c.price : '');
    })));
  table.replaceChildren(el('thead', {}, head), el('tbody', {}, rows));
  $('spectrum-summary').textContent = `${channels.length} channels × ${slots.length} slots: ${occupied} leased, ${offered} offered, `
    + `${channels.length * slots.length - occupied - offered} free${max ? `; dearest ${max}` : ''}`;
}

export function initSpectrum() {
  $('spectrum-form').addEventListener('submit', loadHeatmap);
}
export const spectrumLoaded = () => loaded;

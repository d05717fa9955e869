// Spectrum view: channel × time heat map of lease occupancy and prices, the picture an operator wants before
// leasing. Rows are channels, columns lease slots; a leased cell is red (darker = dearer), the number in a cell is
// the slot's last traded price. Without From/To the API shows a window around the exchange time (3 h before, 24 h
// after); the columns of slots that have ended (or closed) are marked so.
import { api } from './api.js';
import { $, el, td, fillBody, num, timeOf } from './util.js';

let loaded = false;
/** An ISO instant as "YYYY-MM-DD HH:MM". */
const minute = (iso) => (iso ? String(iso).slice(0, 16).replace('T', ' ') : 'now');

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
  const priced = cells.flat().filter((c) => c && Number.isFinite(num(c.price)));
  const dearest = priced.reduce((best, c) => (!best || num(c.price) > num(best.price) ? c : best), null);
  const max = dearest ? num(dearest.price) : 0;
  let occupied = 0;
  let free = 0;
  const stateOf = (j) => {
    const states = cells.map((row) => (row || [])[j]).filter((c) => c && c.listed !== false).map((c) => c.state);
    return states.includes('TRADING') ? '' : states.includes('CLOSED') ? 'closed' : states.includes('EXPIRED') ? 'ended' : '';
  };
  const label = (c) => (typeof c === 'string' ? c : c.channel ?? c.symbol ?? c.name ?? JSON.stringify(c));
  const slotLabel = (s) => (typeof s === 'string' ? s : s.slotStart ?? s.start ?? JSON.stringify(s));
  const now = nowColumn(slots.map(slotLabel), map.now);
  const nowStyle = now ? `--at:${(now.at * 100).toFixed(1)}%` : undefined;
  const head = el('tr', {}, el('th', { class: 'row', text: 'channel \\ slot (UTC)' }),
    slots.map((s, j) => el('th', { scope: 'col', class: [stateOf(j), now && now.column === j ? 'now' : ''].join(' ').trim() || undefined,
      style: now && now.column === j ? nowStyle : undefined,
      'data-now': now && now.column === j ? map.now : undefined,
      title: `${slotLabel(s)}${stateOf(j) ? ` (${stateOf(j)})` : ''}${now && now.column === j ? `; exchange time now ${minute(map.now)} UTC` : ''}`,
      text: timeOf(slotLabel(s)).slice(0, 5) || slotLabel(s) })));
  const rows = channels.map((ch, i) => el('tr', {}, el('th', { class: 'row', scope: 'row' },
    el('button', { type: 'button', class: 'unit', 'data-unit': label(ch), title: 'show its lease calendar',
      onclick: () => loadCalendar(label(ch)) }, label(ch))),
    slots.map((s, j) => {
      const c = (cells[i] || [])[j] || {};
      const p = num(c.price);
      const hasPrice = Number.isFinite(p);
      let cls = '';
      let style;
      let what = 'free';
      const ended = c.state === 'EXPIRED' ? 'ended' : c.state === 'CLOSED' ? 'closed' : '';
      if (c.listed === false) {
        cls = 'unlisted';
        what = 'not listed';
      } else if (c.occupied) {
        occupied++;
        cls = 'occupied';
        what = 'leased';
        const t = max > 0 && hasPrice ? 0.35 + 0.65 * (p / max) : 0.6;
        style = `background: rgba(192, 57, 43, ${t.toFixed(2)})`;
      } else if (ended) {
        what = ended;
      } else {
        free++;
      }
      if (ended && c.listed !== false) {
        cls = `${cls} ${ended}`.trim();
        if (c.occupied) what = `leased, ${ended}`;
      }
      const who = c.user ? ` by ${c.user}` : '';
      if (now && now.column === j) {
        cls = `${cls} now`.trim();
        style = [style, nowStyle].filter(Boolean).join('; ');
      }
      return el('td', { class: cls || undefined, style, 'data-occupied': String(Boolean(c.occupied)),
        title: `${c.symbol ?? `${label(ch)} ${slotLabel(s)}`}: ${what}${who}${hasPrice ? `, last ${c.price}` : ''}` }, hasPrice ? c.price : '');
    })));
  table.replaceChildren(el('thead', {}, head), el('tbody', {}, rows));
  $('spectrum-summary').textContent = `${channels.length} channels × ${slots.length} slots: ${occupied} leased, ${free} free`
    + `${now ? `; now marked at ${minute(map.now).slice(11)}` : ''}`
    + `${dearest ? `; dearest last price ${dearest.price}` : ''}`
    + `${map.from && map.to ? `; slots from ${minute(map.from)} to ${minute(map.to)} UTC, exchange time ${minute(map.now)}` : ''}`;
}

/**
 * Where the exchange time falls among the slot columns: the column whose slot holds it and how far into the slot
 * (0..1). A slot lasts until the next one starts (the last one as long as the one before it, an hour when alone).
 * Before the first slot shown (the hour under way is often not listed any more: its gate has closed) the marker sits
 * on the first column's left edge, after the last one on its right edge; null without slots or time.
 */
function nowColumn(starts, nowIso) {
  const now = Date.parse(nowIso);
  if (!Number.isFinite(now) || !starts.length) return null;
  const times = starts.map((s) => Date.parse(s));
  if (now < times[0]) return { column: 0, at: 0 };
  for (let j = 0; j < times.length; j++) {
    const end = j + 1 < times.length ? times[j + 1] : times[j] + (j > 0 ? times[j] - times[j - 1] : 3600_000);
    if (now < end) return { column: j, at: (now - times[j]) / (end - times[j]) };
  }
  return { column: times.length - 1, at: 1 };
}

/** Who uses which slot of a unit: the API names the user only to the participant that holds it (or an admin). */
async function loadCalendar(unit) {
  $('lease-unit').textContent = unit;
  try {
    const slots = await api.leases(unit);
    const rows = slots.map((l) => el('tr', { 'data-symbol': l.symbol, 'data-state': l.state, class: l.state === 'EXPIRED' ? 'ended' : undefined },
      td(l.slotStart, 'text mono'), td(l.slotEnd, 'text mono'), td(l.symbol, 'text mono'), td(l.qty ?? ''), td(l.price ?? ''),
      td(l.user ?? 'another participant', l.user ? 'text mono' : 'text muted'),
      td(l.state === 'EXPIRED' ? 'ended' : (l.state ?? '').toLowerCase(), 'text muted')));
    fillBody($('lease-calendar'), rows, 'No slot of this unit is leased.');
  } catch (e) {
    fillBody($('lease-calendar'), [], `Lease calendar unavailable: ${e.describe ? e.describe() : e}`);
  }
}

export function initSpectrum() {
  $('spectrum-form').addEventListener('submit', loadHeatmap);
}
export const spectrumLoaded = () => loaded;

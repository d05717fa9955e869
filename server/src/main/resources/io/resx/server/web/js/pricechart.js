// Price chart on a canvas: OHLCV candles (body from open to close, wick from low to high, green up, red down) with
// volume bars below; or, for a lease slot, its forward curve: the last price of the same hour on each day, as a
// line with a dot per day that traded. Our own few lines instead of a charting library, like the depth chart.
import { canvasFor, num } from './util.js';

function message(c, text) {
  c.g.fillStyle = c.color('--muted');
  c.g.textAlign = 'center';
  c.g.fillText(text, c.width / 2, c.height / 2);
}

/** Price axis on the right with four grid lines; returns y(price). */
function priceAxis(c, lo, hi, pad, bottom) {
  const span = hi - lo || Math.max(Math.abs(hi) * 0.01, 1e-9);
  const top = hi + span * 0.08;
  const low = lo - span * 0.08;
  const y = (p) => pad.t + ((top - p) / (top - low)) * (bottom - pad.t);
  c.g.strokeStyle = c.color('--line');
  c.g.fillStyle = c.color('--muted');
  c.g.lineWidth = 1;
  c.g.textAlign = 'left';
  for (let i = 0; i <= 4; i++) {
    const p = low + ((top - low) * i) / 4;
    c.g.beginPath(); c.g.moveTo(pad.l, y(p)); c.g.lineTo(c.width - pad.r, y(p)); c.g.stroke();
    c.g.fillText(trim(p), c.width - pad.r + 4, y(p) + 4);
  }
  return y;
}

function timeLabels(c, items, x, at, label) {
  c.g.fillStyle = c.color('--muted');
  c.g.textAlign = 'center';
  const every = Math.max(1, Math.ceil(items.length / 6));
  items.forEach((item, i) => { if (i % every === 0) c.g.fillText(label(item), x(i), at); });
}

/**
 * @param canvas  the chart.
 * @param candles the API's candles, oldest first: {start, open, high, low, close, volume, trades}.
 * @param interval "1m" or "1h", for the time labels.
 */
export function drawCandles(canvas, candles, interval, emptyText = 'no trades yet') {
  const c = canvasFor(canvas);
  canvas.dataset.candles = String(candles.length);
  if (!candles.length) { message(c, emptyText); return; }
  const pad = { l: 8, r: 56, t: 8, b: 20 };
  const volumeHeight = Math.round((c.height - pad.t - pad.b) * 0.22);
  const bottom = c.height - pad.b - volumeHeight - 4;
  const lo = Math.min(...candles.map((k) => num(k.low)));
  const hi = Math.max(...candles.map((k) => num(k.high)));
  const y = priceAxis(c, lo, hi, pad, bottom);
  const slot = (c.width - pad.l - pad.r) / Math.max(candles.length, 20);
  const x = (i) => pad.l + slot * (i + 0.5);
  const body = Math.max(1, Math.min(12, slot * 0.7));
  const maxVolume = Math.max(...candles.map((k) => num(k.volume)), 1e-9);
  candles.forEach((k, i) => {
    const up = num(k.close) >= num(k.open);
    const colour = up ? c.color('--buy') : c.color('--sell');
    c.g.strokeStyle = colour;
    c.g.fillStyle = colour;
    c.g.beginPath(); c.g.moveTo(x(i), y(num(k.high))); c.g.lineTo(x(i), y(num(k.low))); c.g.stroke();
    const top = y(Math.max(num(k.open), num(k.close)));
    c.g.fillRect(x(i) - body / 2, top, body, Math.max(1, y(Math.min(num(k.open), num(k.close))) - top));
    const v = (num(k.volume) / maxVolume) * volumeHeight;
    c.g.globalAlpha = 0.45;
    c.g.fillRect(x(i) - body / 2, c.height - pad.b - v, body, v);
    c.g.globalAlpha = 1;
  });
  const hhmm = (k) => String(k.start).slice(11, 16);
  const day = (k) => String(k.start).slice(5, 10) + ' ' + hhmm(k);
  timeLabels(c, candles, x, c.height - 5, interval === '1h' ? day : hhmm);
}

/**
 * @param canvas the chart.
 * @param curve  the API's forward curve: {hour, points: [{symbol, start, last|null, volume}]}, by slot start.
 * @param current the symbol shown in the market view: its point is drawn larger.
 */
export function drawForward(canvas, curve, current) {
  const c = canvasFor(canvas);
  const points = (curve && curve.points) || [];
  const priced = points.filter((p) => p.last !== null && p.last !== undefined);
  canvas.dataset.points = String(points.length);
  canvas.dataset.priced = String(priced.length);
  if (!priced.length) { message(c, points.length ? `no trade yet at ${curve.hour} on any of ${points.length} days` : 'no slots of this hour'); return; }
  const pad = { l: 8, r: 56, t: 8, b: 20 };
  const bottom = c.height - pad.b;
  const y = priceAxis(c, Math.min(...priced.map((p) => num(p.last))), Math.max(...priced.map((p) => num(p.last))), pad, bottom);
  const step = (c.width - pad.l - pad.r) / Math.max(points.length, 2);
  const x = (i) => pad.l + step * (i + 0.5);
  c.g.strokeStyle = c.color('--accent');
  c.g.lineWidth = 1.5;
  c.g.beginPath();
  let started = false;
  points.forEach((p, i) => {
    if (p.last === null || p.last === undefined) return;
    if (started) c.g.lineTo(x(i), y(num(p.last))); else c.g.moveTo(x(i), y(num(p.last)));
    started = true;
  });
  c.g.stroke();
  points.forEach((p, i) => {
    if (p.last === null || p.last === undefined) return;
    c.g.fillStyle = p.symbol === current ? '#fff' : c.color('--accent');
    c.g.beginPath(); c.g.arc(x(i), y(num(p.last)), p.symbol === current ? 4 : 2.5, 0, Math.PI * 2); c.g.fill();
  });
  timeLabels(c, points, x, c.height - 5, (p) => String(p.start).slice(5, 10));
}

function trim(v) {
  if (Math.abs(v) >= 1000) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(2);
  return v.toFixed(4);
}

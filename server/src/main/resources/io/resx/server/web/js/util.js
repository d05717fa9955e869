// Small DOM and number helpers shared by the views. Prices and quantities stay decimal strings for display;
// numbers are parsed only to draw (chart widths, colours).
export const $ = (id) => document.getElementById(id);

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (k === 'style') node.style.cssText = v;
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const td = (text, cls) => el('td', { class: cls, text: text ?? '' });

/** Replaces a table body's rows; an empty list shows one muted row saying so. */
export function fillBody(table, rows, emptyText, columns) {
  const body = table.tBodies[0];
  body.replaceChildren(...(rows.length ? rows
    : [el('tr', {}, el('td', { class: 'empty', colspan: columns ?? table.tHead.rows[0].cells.length, text: emptyText }))]));
}

/** A price level as {price, qty} whatever the wire shape: {price, qty} or [price, qty, orders]. */
export function level(l) {
  if (Array.isArray(l)) return { price: String(l[0]), qty: String(l[1]), orders: l[2] };
  return { price: String(l.price), qty: String(l.qty ?? l.quantity), orders: l.orders };
}

export const num = (s) => (s === undefined || s === null || s === '' ? NaN : Number(s));

/** Difference of two decimal strings, printed with the larger scale of both (exact for display purposes). */
export function decimalDiff(a, b) {
  const scale = Math.max(decimals(a), decimals(b));
  const f = 10 ** scale;
  return (Math.round(num(a) * f) - Math.round(num(b) * f)) / f;
}
export function fixed(value, scale) { return Number.isFinite(value) ? value.toFixed(scale) : '—'; }
export function decimals(s) { const i = String(s).indexOf('.'); return i < 0 ? 0 : String(s).length - i - 1; }

export function timeOf(t) {
  if (t === undefined || t === null || t === '') return '';
  const d = typeof t === 'number' ? new Date(t > 1e14 ? t / 1e6 : t) : new Date(t);
  if (Number.isNaN(d.getTime())) return String(t);
  return d.toISOString().slice(11, 19);
}

export function sideClass(side) {
  const s = String(side || '').toUpperCase();
  return s === 'BUY' ? 'buy' : s === 'SELL' ? 'sell' : '';
}

const banner = () => document.getElementById('banner');
let bannerTimer;
export function showError(text) {
  console.error(`ResX console: ${text}`);
  const b = banner();
  b.textContent = text;
  b.hidden = false;
  clearTimeout(bannerTimer);
  bannerTimer = setTimeout(() => { b.hidden = true; }, 8000);
}

/**
 * Sizes a canvas for the device pixel ratio and clears it, for the console's own small charts (depth, price).
 * @returns {{g: CanvasRenderingContext2D, width: number, height: number, color: function(string): string}}
 */
export function canvasFor(canvas) {
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth || canvas.width;
  const height = canvas.clientHeight || canvas.height;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  const g = canvas.getContext('2d');
  g.setTransform(ratio, 0, 0, ratio, 0, 0);
  g.clearRect(0, 0, width, height);
  g.font = '11px ui-monospace, monospace';
  const css = getComputedStyle(document.documentElement);
  return { g, width, height, color: (name) => css.getPropertyValue(name).trim() };
}

// Trading panel: order ticket (new, cancel, replace), bundle builder, open orders, fills, balances and collateral
// use of the logged-in participant's accounts. Kept current by the "orders" and "balances" WebSocket channels.
import { api, nextClOrdId } from './api.js';
import { live } from './live.js';
import { market, exchangeNow } from './market.js';
import { reasonText } from './reasons.js';
import { $, el, td, fillBody, num, fixed, decimals, timeOf, sideClass, showError } from './util.js';

const DOMAINS = ['SPECTRUM', 'COMPUTE', 'ENERGY'];
const state = { me: null };
const account = () => $('order-account').value;

export function onLogin(me) {
  state.me = me;
  const accounts = me.accounts || [];
  $('order-account').replaceChildren(...accounts.map((a) => el('option', { value: a, text: a })));
  $('trade-locked').hidden = true;
  $('trade-body').hidden = false;
  if (!$('bundle-legs').tBodies[0].rows.length) { addLeg(); addLeg(); }
  live.subscribe({ op: 'subscribe', channel: 'orders' });
  live.subscribe({ op: 'subscribe', channel: 'balances' });
  refreshAll();
}

export function onLogout() {
  state.me = null;
  $('trade-locked').hidden = false;
  $('trade-body').hidden = true;
  live.unsubscribe({ op: 'subscribe', channel: 'orders' });
  live.unsubscribe({ op: 'subscribe', channel: 'balances' });
}

/** The ticket follows the book chosen in the market view. */
export function useSymbol(symbol) { if (symbol) $('order-symbol').value = symbol; }

function describe(e) { return e && e.describe ? e.describe() : String(e); }

let pending = null;
function refreshSoon() {
  clearTimeout(pending);
  pending = setTimeout(refreshAll, 60);
}

// Only the latest refresh renders: an older answer arriving late must not overwrite a newer picture.
let generation = 0;

async function refreshAll() {
  if (!state.me || !account()) return;
  const a = account();
  const mine = ++generation;
  const [orders, fills, balances] = await Promise.allSettled([api.openOrders(a), api.fills(a, 100), api.balances(a)]);
  if (mine !== generation || a !== account()) return;
  if (orders.status === 'fulfilled') renderOrders(orders.value); else showError(`Open orders: ${describe(orders.reason)}`);
  if (fills.status === 'fulfilled') renderFills(fills.value); else showError(`Fills: ${describe(fills.reason)}`);
  if (balances.status === 'fulfilled') renderBalances(balances.value); else showError(`Balances: ${describe(balances.reason)}`);
}

const list = (v, key) => (Array.isArray(v) ? v : (v && Array.isArray(v[key]) ? v[key] : []));

// The open order being replaced, with what was typed so far: a refresh while typing keeps the edit.
let editing = null;

function renderOrders(value) {
  const orders = list(value, 'orders');
  // While a replace is being typed the table stays as it is: rebuilding it under the user's (or a test's) keys
  // could lose what was typed. Send or Back ends the edit and refreshes. If the order went away meanwhile, Send
  // gets the engine's reject.
  if (editing && document.querySelector(`#open-orders tr[data-clordid="${CSS.escape(editing.clOrdId)}"] input.edit`)) return;
  if (editing && !orders.some((o) => o.clOrdId === editing.clOrdId)) editing = null;
  // a row whose order did not change is kept as it is: rebuilding it under a pointer loses the click on its buttons
  const shown = new Map([...$('open-orders').tBodies[0].rows].filter((r) => r.dataset.sig).map((r) => [r.dataset.sig, r]));
  const rows = orders.map((o) => {
    const leaves = o.leavesQty ?? o.openQty ?? o.leaves ?? o.qty;
    const sig = JSON.stringify([o.clOrdId, o.account, o.symbol, o.side, o.price, o.qty, leaves]);
    if (shown.has(sig) && !(editing && editing.clOrdId === o.clOrdId)) return shown.get(sig);
    const row = el('tr', { 'data-clordid': o.clOrdId, 'data-sig': sig },
      td(o.clOrdId, 'text mono'), td(o.symbol, 'text mono'), td(String(o.side).toLowerCase(), `text ${sideClass(o.side)}`),
      td(o.price ?? 'MKT'), td(o.qty), td(leaves),
      el('td', {},
        el('button', { type: 'button', class: 'replace', 'aria-label': `Replace ${o.clOrdId}`, title: 'replace (new price or quantity)',
          onclick: () => { editing = { clOrdId: o.clOrdId, price: o.price ?? '', qty: o.qty }; editRow(row, o); } }, '✎'),
        ' ',
        el('button', { type: 'button', class: 'cancel', 'aria-label': `Cancel ${o.clOrdId}`, title: 'cancel', onclick: () => cancelOrder(o) }, '✕')));
    if (editing && editing.clOrdId === o.clOrdId) editRow(row, o);
    return row;
  });
  const body = $('open-orders').tBodies[0];
  if (rows.length && rows.length === body.rows.length && rows.every((r, i) => r === body.rows[i])) return;
  fillBody($('open-orders'), rows, 'No open orders.');
}

function editRow(row, o) {
  const draft = editing;
  const price = el('input', { class: 'edit', value: draft.price, 'aria-label': `New price for ${o.clOrdId}`,
    oninput: (e) => { draft.price = e.target.value; } });
  const qty = el('input', { class: 'edit', value: draft.qty, 'aria-label': `New total quantity for ${o.clOrdId}`,
    oninput: (e) => { draft.qty = e.target.value; } });
  const focused = document.activeElement && document.activeElement.getAttribute('aria-label');
  row.cells[3].replaceChildren(price);
  row.cells[4].replaceChildren(qty);
  row.cells[6].replaceChildren(
    el('button', { type: 'button', 'aria-label': `Send replace of ${o.clOrdId}`,
      // what the inputs show is what is sent
      onclick: () => { editing = null; replaceOrder(o, price.value.trim(), qty.value.trim()); } }, 'Send'),
    ' ', el('button', { type: 'button', onclick: () => { editing = null; refreshAll(); } }, 'Back'));
  (focused === qty.getAttribute('aria-label') ? qty : price).focus();
}

async function cancelOrder(o) {
  await submit('order-result', () => api.cancel({ clOrdId: nextClOrdId(), origClOrdId: o.clOrdId, account: o.account ?? account() }), `cancel ${o.clOrdId}`);
}

async function replaceOrder(o, price, qty) {
  const req = { clOrdId: nextClOrdId(), origClOrdId: o.clOrdId, account: o.account ?? account() };
  if (price && price !== o.price) req.price = price;
  if (qty && qty !== o.qty) req.qty = qty;
  await submit('order-result', () => api.replace(req), `replace ${o.clOrdId}`);
}

function renderFills(value) {
  const a = account();
  const rows = list(value, 'fills').map((f) => {
    const side = f.side ?? (f.buyAccount === a ? 'BUY' : f.sellAccount === a ? 'SELL' : '');
    const clOrdId = f.clOrdId ?? (side === 'BUY' ? f.buyClOrdId : f.sellClOrdId);
    const role = f.liquidity ?? f.counterparty ?? (side === 'BUY' ? f.sellAccount : f.buyAccount);
    return el('tr', { 'data-trade': f.tradeId },
      td(timeOf(f.time), 'text mono'), td(f.tradeId, 'text mono'), td(f.symbol, 'text mono'),
      td(String(side).toLowerCase(), `text ${sideClass(side)}`), td(f.price), td(f.qty), td(clOrdId, 'text mono'),
      td(role ?? '', 'text mono'));
  });
  fillBody($('fills'), rows, 'No fills yet.');
}

function renderBalances(value) {
  const balances = list(value, 'balances');
  const rows = balances.map((b) => {
    const free = b.free ?? fixed(num(b.total) - num(b.locked), Math.max(decimals(b.total), decimals(b.locked)));
    const asset = td(b.asset, 'text mono');
    asset.title = b.asset; // a long lease symbol is cut with an ellipsis to keep the numbers in view
    return el('tr', { 'data-asset': b.asset }, asset, td(b.total), td(b.locked), td(free));
  });
  fillBody($('balances'), rows, 'No balances.');
  const cash = balances.find((b) => b.asset === 'CASH');
  const collateral = balances.find((b) => b.asset === 'COLLATERAL');
  const used = cash ? Math.max(0, num(cash.locked) - num(cash.total)) : 0;
  const items = [
    ['Cash', cash ? cash.total : '0'],
    ['Cash locked by open buys', cash ? cash.locked : '0'],
    ['Collateral pledged', collateral ? collateral.total : '0'],
    ['Credit in use', fixed(used, 6)],
    ['Collateral locked', collateral ? collateral.locked : '0'],
  ];
  $('collateral').replaceChildren(...items.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v })]));
}

/**
 * A refusal as the result line shows it: the code, the leg of a bundle it names (1-based, with its instrument), and
 * the plain words of the reasons table; the edge's own detail for a malformed request.
 */
function refusal(r, legs) {
  const rejected = (r.events || []).find((e) => e.evt === 'rejected') || {};
  const code = r.reason ?? rejected.reason ?? '';
  const leg = Number.isInteger(rejected.leg) && rejected.leg >= 0 ? rejected.leg : undefined;
  const where = leg !== undefined ? ` at leg ${leg + 1}${legs && legs[leg] ? ` (${legs[leg].side} ${legs[leg].symbol})` : ''}` : '';
  const words = reasonText(code);
  return { code, leg, text: `rejected ${code}${where}${words ? `: ${words}` : ''}${rejected.detail ? ` (${rejected.detail})` : r.detail ? ` (${r.detail})` : ''}` };
}

async function submit(outputId, call, what, legs) {
  const out = $(outputId);
  out.className = 'result';
  out.textContent = `${what}…`;
  delete out.dataset.reason;
  delete out.dataset.leg;
  let refused;
  try {
    const r = await call();
    const ok = r.status === 'ACCEPTED';
    const traded = (r.events || []).filter((e) => e.evt === 'trade');
    out.className = `result ${ok ? 'ok' : 'bad'}`;
    if (ok) {
      out.textContent = `${what}: accepted${traded.length ? `, ${traded.length} trade${traded.length > 1 ? 's' : ''} (${traded.map((t) => `${t.qty} @ ${t.price}`).join(', ')})` : ''}`;
    } else {
      refused = refusal(r, legs);
      out.textContent = `${what}: ${refused.text}`;
      out.dataset.reason = refused.code;
      if (refused.leg !== undefined) out.dataset.leg = String(refused.leg + 1);
    }
  } catch (e) {
    out.className = 'result bad';
    const words = reasonText(e.code);
    out.textContent = `${what}: ${describe(e)}${words && words !== e.message ? ` (${words})` : ''}`;
    if (e.code) out.dataset.reason = e.code;
  }
  if (legs) markRefusedLeg(refused ? refused.leg : undefined);
  refreshSoon();
}

/** The bundle builder's row of the leg the engine refused, marked until the next send. */
function markRefusedLeg(leg) {
  [...$('bundle-legs').tBodies[0].rows].forEach((row, i) => row.classList.toggle('refused', i === leg));
}

async function placeOrder(ev) {
  ev.preventDefault();
  const type = $('order-type').value;
  const order = {
    clOrdId: nextClOrdId(), account: account(), symbol: $('order-symbol').value.trim(),
    side: document.querySelector('input[name="side"]:checked').value, type, tif: $('order-tif').value,
    qty: $('order-qty').value.trim(),
  };
  const price = $('order-price').value.trim();
  if (price) order[type === 'MARKET' ? 'protection' : 'price'] = price;
  if ($('order-postonly').checked) order.postOnly = true;
  await submit('order-result', () => api.placeOrder(order), `${order.side} ${order.qty} ${order.symbol}${price ? ` @ ${price}` : ''}`);
}

function addLeg() {
  const body = $('bundle-legs').tBodies[0];
  if (body.rows.length >= 8) return;
  const n = body.rows.length + 1;
  const domain = el('select', { 'aria-label': `Leg ${n} domain`, class: 'leg-domain' }, DOMAINS.map((d) => el('option', { text: d })));
  const symbol = el('select', { 'aria-label': `Leg ${n} instrument`, class: 'leg-symbol' });
  const fillSymbols = () => {
    const chosen = symbol.value;
    symbol.replaceChildren(...legChoices(domain.value));
    if (chosen && [...symbol.options].some((o) => o.value === chosen)) symbol.value = chosen;
  };
  domain.addEventListener('change', fillSymbols);
  // the exchange's time moves on while the page is open: slots that closed meanwhile leave the list
  symbol.addEventListener('focus', fillSymbols);
  domain.value = DOMAINS[(n - 1) % DOMAINS.length];
  fillSymbols();
  const side = el('select', { 'aria-label': `Leg ${n} side`, class: 'leg-side' }, el('option', { text: 'BUY' }), el('option', { text: 'SELL' }));
  const price = el('input', { 'aria-label': `Leg ${n} price`, class: 'leg-price', inputmode: 'decimal' });
  const qty = el('input', { 'aria-label': `Leg ${n} quantity`, class: 'leg-qty', inputmode: 'decimal' });
  const row = el('tr', {}, el('td', {}, domain), el('td', {}, symbol), el('td', {}, side), el('td', {}, price), el('td', {}, qty),
    el('td', {}, el('button', { type: 'button', 'aria-label': `Remove leg ${n}`, onclick: () => row.remove() }, '×')));
  body.append(row);
}

/**
 * The instruments a leg may name: only those taking orders now (state TRADING and gate closure still ahead in
 * exchange time), ownerships first, then slots grouped by their start, soonest first.
 */
function legChoices(domain) {
  const now = exchangeNow();
  const open = market.instruments.filter((i) => i.domain === domain && (!i.state || i.state === 'TRADING')
    && (!i.closesAt || Date.parse(i.closesAt) > now) && (!i.slotEnd || Date.parse(i.slotEnd) > now));
  const option = (i, text) => el('option', { value: i.symbol, text, title: i.symbol });
  const owned = open.filter((i) => !i.slotStart);
  const groups = new Map();
  for (const i of open.filter((x) => x.slotStart).sort((a, b) => Date.parse(a.slotStart) - Date.parse(b.slotStart) || a.symbol.localeCompare(b.symbol))) {
    if (!groups.has(i.slotStart)) groups.set(i.slotStart, []);
    groups.get(i.slotStart).push(i);
  }
  const slotLabel = (start, list) => {
    const end = list[0].slotEnd;
    return `${start.slice(0, 10)} ${start.slice(11, 16)}–${end ? end.slice(11, 16) : ''} UTC${list[0].closesAt ? ` (closes ${list[0].closesAt.slice(11, 16)})` : ''}`;
  };
  return [
    ...(owned.length ? [el('optgroup', { label: 'Ownership' }, owned.map((i) => option(i, i.symbol)))] : []),
    ...[...groups].map(([start, list]) => el('optgroup', { label: slotLabel(start, list) },
      list.map((i) => option(i, i.symbol.slice(0, i.symbol.indexOf('@')))))),
  ];
}

async function sendBundle(ev) {
  ev.preventDefault();
  const legs = [...$('bundle-legs').tBodies[0].rows].map((r) => ({
    symbol: r.querySelector('.leg-symbol').value, side: r.querySelector('.leg-side').value,
    price: r.querySelector('.leg-price').value.trim(), qty: r.querySelector('.leg-qty').value.trim(),
  }));
  await submit('bundle-result', () => api.bundle({ clOrdId: nextClOrdId(), account: account(), legs }), `bundle of ${legs.length} legs`, legs);
}

export function initTrade() {
  $('order-form').addEventListener('submit', placeOrder);
  $('order-account').addEventListener('change', refreshAll);
  $('order-type').addEventListener('change', () => {
    $('order-price').placeholder = $('order-type').value === 'MARKET' ? 'protection (worst price)' : '';
  });
  $('bundle-add-leg').addEventListener('click', addLeg);
  $('bundle-form').addEventListener('submit', sendBundle);
  market.listeners.push(() => {
    for (const s of document.querySelectorAll('#bundle-legs .leg-domain')) s.dispatchEvent(new Event('change'));
  });
  market.pickers.push((symbol, side, price) => {
    useSymbol(symbol);
    $(side === 'BUY' ? 'order-side-buy' : 'order-side-sell').checked = true;
    $('order-type').value = 'LIMIT';
    $('order-price').value = price;
    if (state.me) location.hash = '#trade';
  });
  live.on('open', refreshSoon);
  live.on('orders', refreshSoon);
  live.on('balances', refreshSoon);
}

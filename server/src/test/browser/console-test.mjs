// The web console in a real browser: Debian's Chromium driven by playwright-core (ConsoleBrowserIT runs this
// against a real `resx serve`). A participant logs in with its API key, buys against another participant's
// resting order and sees the trade in the ladder, the recent trades and its fills without a reload; then its own
// resting order is hit by the other participant (through the REST API) and the fill shows up by itself. At 1280 × 800:
// the price chart draws the trade's candle (1 min, 1 h) and a lease slot's forward curve; a refused order shows its
// reason in plain words; a refused bundle names its leg; the bundle builder offers only tradable instruments, slots
// grouped by time; the tables fit their panels with a lease held; the heat map marks "now"; the positions view shows
// the position and P&L and follows a sale without a reload.
// Screenshots of every view go to SCREENSHOTS. Prints one JSON line {"ok":true,...} and exits 0, or exits 1.
//
// Environment: BASE_URL, BUYER_KEY, BUYER_ACCOUNT, SELLER_KEY, SELLER_ACCOUNT, SYMBOL, LEASE_SLOT (a TRADING lease
// slot of SYMBOL, picked by ConsoleBrowserIT from the server's own listing), SCREENSHOTS, USER_DATA_DIR (a fresh
// folder), CHROMIUM (default /usr/bin/chromium).
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';

const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined || v === '') throw new Error(`environment variable ${name} is required`);
  return v;
};
const BASE = env('BASE_URL');
const SYMBOL = env('SYMBOL');
const LEASE_SLOT = env('LEASE_SLOT');
const GPU = env('GPU_SYMBOL', 'COMP.GPU-H100.EU-WEST');
const BUYER = { key: env('BUYER_KEY'), account: env('BUYER_ACCOUNT') };
const SELLER = { key: env('SELLER_KEY'), account: env('SELLER_ACCOUNT') };
const SHOTS = env('SCREENSHOTS');
const TIMEOUT = 20_000; // per step: a shared 2-core build machine under load takes seconds per step
const started = Date.now();
const steps = [];
const step = (name) => { steps.push(`${((Date.now() - started) / 1000).toFixed(1)}s ${name}`); };
let seq = 0;
const id = (p) => `${p}${Date.now().toString(36)}${++seq}`.toUpperCase();

/** An order through the REST API with the participant's own key (the other participant, or set-up). */
async function restOrder(who, symbol, side, price, qty) {
  const order = { clOrdId: id('IT'), account: who.account, symbol, side, type: 'LIMIT', tif: 'GTC', price, qty };
  const r = await fetch(`${BASE}/api/v1/orders`, {
    method: 'POST', headers: { Authorization: `Bearer ${who.key}`, 'Content-Type': 'application/json' }, body: JSON.stringify(order),
  });
  const body = await r.json();
  if (r.status !== 200 || body.status !== 'ACCEPTED') throw new Error(`order ${JSON.stringify(order)} answered ${r.status} ${JSON.stringify(body)}`);
  return body;
}
const sellerOrder = (side, price, qty) => restOrder(SELLER, SYMBOL, side, price, qty);

const same = (a, b) => Number(a) === Number(b);
/** A cell showing this decimal with any number of trailing zeros ("2.5" matches "2.5000", "100" matches "100.00"). */
const decimal = (text) => new RegExp(`^${text.replace('.', '\\.')}${text.includes('.') ? '0*' : '(\\.0*)?'}$`);

async function main() {
  fs.mkdirSync(SHOTS, { recursive: true });
  const context = await chromium.launchPersistentContext(env('USER_DATA_DIR'), {
    executablePath: env('CHROMIUM', '/usr/bin/chromium'),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 800 },
  });
  const errors = [];
  let page;
  try {
    page = context.pages()[0] ?? await context.newPage();
    page.setDefaultTimeout(TIMEOUT);
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    // Failed HTTP answers the page shows on purpose (no chain: 503) are logged by Chromium too; they are not errors.
    page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(`console: ${m.text()}`); });
    step('browser started');

    // The other participant's resting offer, before the page opens: the REST snapshot must show it.
    await sellerOrder('SELL', '101.00', '2');
    await sellerOrder('SELL', '102.50', '3');
    await sellerOrder('BUY', '95.00', '4');
    step('seller rests SELL 2 @ 101.00 (and 3 @ 102.50, a bid of 4 @ 95.00) via REST');

    await page.goto(`${BASE}/?symbol=${encodeURIComponent(SYMBOL)}#market`);
    await page.evaluate(() => { window.__noReload = 'still the same page'; });
    await page.locator('#market-locked').waitFor(); // the API wants a key for market data too
    await page.locator('#ws-status[data-state="live"]').waitFor();
    step('page open, live feed connected, market asks for a key');
    await page.screenshot({ path: path.join(SHOTS, 'login.png') });

    await page.fill('#login-key', BUYER.key);
    await page.click('#login-button');
    await page.locator('#whoami-participant').filter({ hasText: /\S/ }).waitFor();
    const participant = await page.locator('#whoami-participant').innerText();
    step(`logged in as ${participant}`);

    await page.locator('#instrument-tree button.sym').first().waitFor();
    await page.locator('#book-symbol', { hasText: SYMBOL }).waitFor();
    await page.locator('#book-state', { hasText: 'TRADING' }).waitFor();
    const ask = page.locator('#ladder tr.ask').filter({ has: page.locator('td:nth-child(2)', { hasText: decimal('101') }) });
    await ask.waitFor();
    if (!same(await ask.locator('td:nth-child(3)').innerText(), 2)) throw new Error('the ladder does not show the resting 2 @ 101');
    step('market view shows the resting offer');
    await page.screenshot({ path: path.join(SHOTS, 'market.png'), fullPage: false });

    await page.click('#tab-trade');
    await page.locator('#trade-body').waitFor();
    await page.selectOption('#order-account', BUYER.account);
    await page.locator('#fills td.empty').waitFor();
    await page.fill('#order-symbol', SYMBOL);
    await page.check('#order-side-buy');
    await page.selectOption('#order-type', 'LIMIT');
    await page.selectOption('#order-tif', 'GTC');
    await page.fill('#order-price', '101.00');
    await page.fill('#order-qty', '1');
    await page.click('#order-submit');
    await page.locator('#order-result.ok', { hasText: /accepted, 1 trade/ }).waitFor();
    step('BUY 1 @ 101.00 accepted with one trade');

    const fillRow = (price) => page.locator('#fills tbody tr').filter({ has: page.locator('td:nth-child(5)', { hasText: decimal(price) }) });
    await fillRow('101').waitFor();
    const fill = await fillRow('101').first().locator('td').allInnerTexts();
    if (fill[3] !== 'buy' || !same(fill[5], 1) || fill[2] !== SYMBOL) throw new Error(`fills row is ${JSON.stringify(fill)}`);
    step('fill shown in the fills table');

    await page.click('#tab-market');
    await page.locator('#recent-trades tbody tr').filter({ has: page.locator('td:nth-child(2)', { hasText: decimal('101') }) }).first().waitFor();
    await page.locator('#ladder tr.ask').filter({ has: page.locator('td:nth-child(3)', { hasText: decimal('1') }) }).waitFor();
    if (!same(await page.locator('#last-price').innerText(), 101)) throw new Error('last price is not 101');
    step('ladder shows 1 left at 101, recent trades and last price show the trade');
    // the price chart: the trade's 1-minute candle, then the hourly one
    await page.waitForFunction((s) => { const c = document.getElementById('price-chart');
      return c.dataset.symbol === s && c.dataset.mode === '1m' && Number(c.dataset.candles) >= 1; }, SYMBOL);
    const note1m = await page.locator('#price-chart-note').innerText();
    if (!/C 101/.test(note1m)) throw new Error(`1-minute candle note: ${note1m}`);
    await page.click('#chart-1h');
    await page.waitForFunction(() => { const c = document.getElementById('price-chart');
      return c.dataset.mode === '1h' && Number(c.dataset.candles) >= 1; });
    const chartNote = await page.locator('#price-chart-note').innerText();
    await page.click('#chart-1m');
    step(`price chart: ${note1m} (1 min); ${chartNote} (1 h)`);
    await page.screenshot({ path: path.join(SHOTS, 'market-after-trade.png'), fullPage: true });

    // The browser's participant rests a bid, replaces it to a better price, and the other participant hits it: the
    // fill must appear with no action in the page (the "orders" WebSocket channel), and the open order go away.
    await page.click('#tab-trade');
    await page.fill('#order-price', '99.00');
    await page.fill('#order-qty', '1');
    await page.click('#order-submit');
    await page.locator('#order-result.ok', { hasText: /BUY 1 .* accepted$/ }).waitFor();
    const resting = page.locator('#open-orders tbody tr[data-clordid]');
    await resting.first().waitFor();
    const restingId = await resting.first().getAttribute('data-clordid');
    await page.click(`button[aria-label="Replace ${restingId}"]`);
    await page.fill(`input[aria-label="New price for ${restingId}"]`, '100.00');
    await page.click(`button[aria-label="Send replace of ${restingId}"]`);
    await page.locator('#order-result.ok', { hasText: `replace ${restingId}: accepted` }).waitFor();
    await resting.filter({ has: page.locator('td:nth-child(4)', { hasText: decimal('100') }) }).waitFor();
    step('resting BUY 1 @ 99.00 replaced to 100.00 in open orders');
    await page.screenshot({ path: path.join(SHOTS, 'trading-open-order.png') });
    await sellerOrder('SELL', '100.00', '1');
    await fillRow('100').waitFor();
    await page.locator('#open-orders td.empty').waitFor();
    step('seller hit the bid via REST; fill appeared and the open order left without any page action');

    await page.fill('#order-price', '99.001');
    await page.click('#order-submit');
    const refusedOrder = (await page.locator('#order-result.bad[data-reason]').innerText());
    if (!/PRICE_OFF_TICK: The price is not a multiple of the instrument's tick size/.test(refusedOrder)) throw new Error(`refused order shows ${refusedOrder}`);
    step(`refused order: ${refusedOrder}`);

    await page.fill('#order-price', '90.00');
    await page.click('#order-submit');
    await resting.first().waitFor();
    const cancelId = await resting.first().getAttribute('data-clordid');
    await page.click(`button[aria-label="Cancel ${cancelId}"]`);
    await page.locator('#order-result.ok', { hasText: `cancel ${cancelId}: accepted` }).waitFor();
    await page.locator('#open-orders td.empty').waitFor();
    step('BUY 1 @ 90.00 placed and cancelled');

    // A bundle across domains: the last unit of spectrum offered at 101 and an hour of GPU the seller offers.
    await restOrder(SELLER, GPU, 'SELL', '2.5000', '1');
    // the builder offers only what trades now: every choice TRADING with its gate closure ahead, slots grouped by time
    await page.selectOption('select[aria-label="Leg 1 domain"]', 'SPECTRUM');
    const builder = await page.evaluate(async (key) => {
      const [list, time] = await Promise.all(['/api/v1/instruments', '/api/v1/time'].map((u) =>
        fetch(u, { headers: { Authorization: `Bearer ${key}` } }).then((r) => r.json())));
      const now = Date.parse(time.now);
      const by = new Map(list.map((i) => [i.symbol, i]));
      const select = document.querySelector('select[aria-label="Leg 1 instrument"]');
      const values = [...select.options].map((o) => o.value);
      const tradable = list.filter((i) => i.domain === 'SPECTRUM' && i.state === 'TRADING' && (!i.closesAt || Date.parse(i.closesAt) > now));
      return { offered: values.length, spectrum: list.filter((i) => i.domain === 'SPECTRUM').length, tradable: tradable.length,
        untradable: values.filter((v) => !by.has(v) || by.get(v).state !== 'TRADING' || (by.get(v).closesAt && Date.parse(by.get(v).closesAt) <= now)),
        groups: [...select.querySelectorAll('optgroup')].map((g) => g.label),
        grouped: [...select.querySelectorAll('optgroup')].every((g) => [...g.children].every((o) => g.label === 'Ownership' ? !o.value.includes('@')
          : o.value.includes(`@${g.label.slice(0, 10)}T${g.label.slice(11, 16)}`))) };
    }, BUYER.key);
    if (builder.untradable.length || builder.offered !== builder.tradable || builder.groups[0] !== 'Ownership' || builder.groups.length < 2 || !builder.grouped) {
      throw new Error(`bundle builder offers ${JSON.stringify(builder)}`);
    }
    step(`bundle builder: ${builder.offered} tradable of ${builder.spectrum} spectrum instruments listed, ${builder.groups.length} groups (${builder.groups.slice(0, 3).join(' | ')} …)`);

    // refused: the GPU leg's limit is below the only offer, so the bundle names leg 2 and nothing trades
    await page.selectOption('select[aria-label="Leg 1 instrument"]', SYMBOL);
    await page.selectOption('select[aria-label="Leg 1 side"]', 'BUY');
    await page.fill('input[aria-label="Leg 1 price"]', '101.00');
    await page.fill('input[aria-label="Leg 1 quantity"]', '1');
    await page.selectOption('select[aria-label="Leg 2 domain"]', 'COMPUTE');
    await page.selectOption('select[aria-label="Leg 2 instrument"]', GPU);
    await page.selectOption('select[aria-label="Leg 2 side"]', 'BUY');
    await page.fill('input[aria-label="Leg 2 price"]', '2.4000');
    await page.fill('input[aria-label="Leg 2 quantity"]', '1');
    await page.click('#bundle-submit');
    const refusedBundle = await page.locator('#bundle-result.bad[data-leg="2"]').innerText();
    if (!refusedBundle.includes(`rejected BUNDLE_LEG_UNFILLABLE at leg 2 (BUY ${GPU}): A leg cannot fill`)) throw new Error(`refused bundle shows ${refusedBundle}`);
    await page.locator('#bundle-legs tbody tr.refused').filter({ has: page.locator(`option[value="${GPU}"]:checked`) }).waitFor();
    step(`refused bundle: ${refusedBundle}`);

    await page.selectOption('select[aria-label="Leg 1 domain"]', 'SPECTRUM');
    await page.selectOption('select[aria-label="Leg 1 instrument"]', SYMBOL);
    await page.selectOption('select[aria-label="Leg 1 side"]', 'BUY');
    await page.fill('input[aria-label="Leg 1 price"]', '101.00');
    await page.fill('input[aria-label="Leg 1 quantity"]', '1');
    await page.selectOption('select[aria-label="Leg 2 domain"]', 'COMPUTE');
    await page.selectOption('select[aria-label="Leg 2 instrument"]', GPU);
    await page.selectOption('select[aria-label="Leg 2 side"]', 'BUY');
    await page.fill('input[aria-label="Leg 2 price"]', '2.5000');
    await page.fill('input[aria-label="Leg 2 quantity"]', '1');
    await page.click('#bundle-submit');
    await page.locator('#bundle-result.ok', { hasText: 'bundle of 2 legs: accepted, 2 trades' }).waitFor();
    await fillRow('2.5').waitFor();
    step('bundle of spectrum + compute filled both legs');
    await page.locator('#balances tbody tr[data-asset="CASH"]').waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'trading.png') });

    // A lease of one hour of the unit: the heat map must show that slot leased, at its price.
    const slot = LEASE_SLOT;
    await restOrder(SELLER, slot, 'SELL', '12.50', '1');
    await restOrder(BUYER, slot, 'BUY', '12.50', '1');
    step(`lease of ${slot} traded via REST`);
    await page.locator(`#balances tbody tr[data-asset="${slot}"]`).waitFor();
    const overflow = await page.evaluate(() => [...document.querySelectorAll('#view-trade table')].filter((t) => t.offsetParent)
      .map((t) => { const panel = t.closest('.panel').getBoundingClientRect();
        const cells = [...t.querySelectorAll('th, td')].map((c) => c.getBoundingClientRect());
        const wide = [...t.closest('.panel').querySelectorAll('*')].filter((e) => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible')
          .map((e) => `${e.tagName}#${e.id}.${e.className} ${e.scrollWidth}>${e.clientWidth}`).slice(0, 5);
        return { table: t.id, right: Math.max(...cells.map((r) => r.right)), panel: panel.right, scroll: t.closest('.panel').scrollWidth - t.closest('.panel').clientWidth, wide }; })
      .filter((m) => m.right > m.panel + 0.5 || m.scroll > 0));
    if (overflow.length) throw new Error(`tables wider than their panels at 1280 px: ${JSON.stringify(overflow)}`);
    const leaseCell = page.locator(`#balances tbody tr[data-asset="${slot}"] td:first-child`);
    if (await leaseCell.getAttribute('title') !== slot) throw new Error('the lease symbol cell does not carry the whole symbol as its title');
    await page.screenshot({ path: path.join(SHOTS, 'trading-lease-held.png') });
    step('trading view: every table fits its panel at 1280 px with a lease symbol held');
    await page.click('#tab-spectrum');
    await page.locator('#spectrum-summary').filter({ hasText: /\S/ }).waitFor();
    const spectrum = await page.locator('#spectrum-summary').innerText();
    if (!/ 1 leased/.test(spectrum)) throw new Error(`heat map: ${spectrum}`);
    const nowMark = await page.locator('#heatmap th.now').getAttribute('data-now');
    if (!nowMark || !/now marked at/.test(spectrum)) throw new Error(`heat map has no now marker: ${spectrum}`);
    const leased = await page.locator('#heatmap td.occupied').allInnerTexts();
    if (leased.length !== 1 || !same(leased[0], 12.5)) throw new Error(`leased cells: ${JSON.stringify(leased)}`);
    await page.click(`#heatmap button.unit[data-unit="${SYMBOL}"]`);
    const lease = page.locator(`#lease-calendar tbody tr[data-symbol="${slot}"]`);
    await lease.waitFor();
    const leaseCells = await lease.locator('td').allInnerTexts();
    if (leaseCells[5] !== BUYER.account || !same(leaseCells[4], 12.5) || leaseCells[6] !== 'trading') throw new Error(`lease calendar row ${JSON.stringify(leaseCells)}`);
    await page.screenshot({ path: path.join(SHOTS, 'spectrum.png') });
    step(`spectrum: ${spectrum}`);

    // The lease slot's forward curve: the same hour across days, the traded day priced.
    await page.click('#tab-market');
    await page.locator(`#instrument-tree details.unit[data-unit="${SYMBOL}"] > summary`).click();
    const slotButton = page.locator(`#instrument-tree button.sym[data-symbol="${slot}"]`);
    if (!await slotButton.isVisible()) await page.locator(`#instrument-tree details.unit[data-unit="${SYMBOL}"] > summary`).click();
    await slotButton.click();
    await page.locator('#chart-forward:not([hidden])').click();
    await page.waitForFunction((s) => { const c = document.getElementById('price-chart');
      return c.dataset.mode === 'forward' && c.dataset.symbol === s && Number(c.dataset.priced) >= 1; }, slot);
    const forward = await page.locator('#price-chart-note').innerText();
    await page.screenshot({ path: path.join(SHOTS, 'market-forward-curve.png'), fullPage: true });
    step(`forward curve of ${slot}: ${forward}`);

    // Positions: three units of SYMBOL bought (101, 100, and 101 in the bundle), then one sold through the REST API to
    // the seller's resting bid at 95: the view follows the sale by itself (the "positions" channel), with the realised
    // loss 95 - 302/3 = -5.67 and the mark at 95.
    await page.click('#tab-positions');
    await page.selectOption('#positions-account', BUYER.account);
    const positionRow = page.locator(`#positions tbody tr[data-symbol="${SYMBOL}"]`);
    await positionRow.filter({ has: page.locator('td:nth-child(2)', { hasText: decimal('3') }) }).waitFor();
    const before = await positionRow.locator('td').allInnerTexts();
    if (!same(before[3], 0) || !same(before[4], 101) || Math.abs(Number(before[2]) - 302 / 3) > 0.01) throw new Error(`position before the sale ${JSON.stringify(before)}`);
    await restOrder(BUYER, SYMBOL, 'SELL', '95.00', '1');
    await positionRow.filter({ has: page.locator('td:nth-child(2)', { hasText: decimal('2') }) }).waitFor();
    const after = await positionRow.locator('td').allInnerTexts();
    if (Math.abs(Number(after[3]) - (95 - 302 / 3)) > 0.01 || !same(after[4], 95)) throw new Error(`position after selling 1 @ 95: ${JSON.stringify(after)}`);
    const positions = { before, after };
    await page.screenshot({ path: path.join(SHOTS, 'positions.png') });
    step(`positions: ${JSON.stringify(before)} -> ${JSON.stringify(after)} without a reload`);

    // The trades above settle on the embedded chain: refresh until a batch shows CONFIRMED with its transaction.
    await page.click('#tab-settlement');
    const settleBy = Date.now() + 45_000;
    let settled;
    let chain;
    for (;;) {
      const rows = await page.locator('#batches tbody tr[data-batch]')
        .evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((c) => c.innerText.trim())));
      settled = rows.find((r) => r[1] === 'CONFIRMED' && /^0x[0-9a-f]{8}…[0-9a-f]{6}$/.test(r[5]) && Number(r[4]) > 0);
      chain = (await page.locator('#chain-state').innerText()).trim();
      // the settlement view tells the truth: connected and UP, batches confirmed and, once the last trades (the
      // lease just above) are in, none queued; a batch still in flight shows as queued until it confirms
      if (settled && /^Chain connected, UP\b.*Confirmed [1-9][0-9]*, queued 0\b/.test(chain)) break;
      if (Date.now() > settleBy) {
        throw new Error(settled ? `chain state shows "${chain}"` :
          `no CONFIRMED batch with a transaction shown: ${JSON.stringify(rows)}`);
      }
      await page.waitForTimeout(500);
      await page.click('#settlement-refresh');
    }
    await page.screenshot({ path: path.join(SHOTS, 'settlement.png') });
    step(`settlement: ${chain} batch ${settled[0]} ${settled[1]} tx ${settled[5]}`);

    if (await page.evaluate(() => window.__noReload) !== 'still the same page') throw new Error('the page was reloaded');
    if (errors.length) throw new Error(`the page logged errors:\n${errors.join('\n')}`);
    console.log(JSON.stringify({ ok: true, participant, spectrum, chain, settled, refusedOrder, refusedBundle, chartNote, forward, positions, seconds: (Date.now() - started) / 1000, steps }));
  } catch (e) {
    // What the page showed when a step failed: the last order answer, the open orders, and a screenshot.
    if (page) {
      const shown = await page.evaluate(() => ({
        orderResult: document.getElementById('order-result')?.textContent,
        openOrders: document.getElementById('open-orders')?.innerText,
        positions: document.getElementById('positions')?.innerText,
      })).catch(() => ({}));
      console.error(`page at failure: ${JSON.stringify(shown)}; page errors: ${JSON.stringify(errors)}`);
      await page.screenshot({ path: path.join(SHOTS, 'failure.png') }).catch(() => {});
    }
    throw e;
  } finally {
    await context.close();
  }
}

main().catch((e) => {
  console.error(steps.join('\n'));
  console.error(`console-test failed: ${e.stack || e}`);
  process.exit(1);
});

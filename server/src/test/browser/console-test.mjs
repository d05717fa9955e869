// The web console in a real browser: Debian's Chromium driven by playwright-core (ConsoleBrowserIT runs this
// against a real `resx serve`). A participant logs in with its API key, buys against another participant's
// resting order and sees the trade in the ladder, the recent trades and its fills without a reload; then its own
// resting order is hit by the other participant (through the REST API) and the fill shows up by itself.
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
const TIMEOUT = 10_000;
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
    viewport: { width: 1440, height: 900 },
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
    await page.screenshot({ path: path.join(SHOTS, 'market-after-trade.png') });

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
    await page.click('#tab-spectrum');
    await page.locator('#spectrum-summary').filter({ hasText: /\S/ }).waitFor();
    const spectrum = await page.locator('#spectrum-summary').innerText();
    if (!/ 1 leased/.test(spectrum)) throw new Error(`heat map: ${spectrum}`);
    const leased = await page.locator('#heatmap td.occupied').allInnerTexts();
    if (leased.length !== 1 || !same(leased[0], 12.5)) throw new Error(`leased cells: ${JSON.stringify(leased)}`);
    await page.click(`#heatmap button.unit[data-unit="${SYMBOL}"]`);
    const lease = page.locator(`#lease-calendar tbody tr[data-symbol="${slot}"]`);
    await lease.waitFor();
    const leaseCells = await lease.locator('td').allInnerTexts();
    if (leaseCells[5] !== BUYER.account || !same(leaseCells[4], 12.5) || leaseCells[6] !== 'trading') throw new Error(`lease calendar row ${JSON.stringify(leaseCells)}`);
    await page.screenshot({ path: path.join(SHOTS, 'spectrum.png') });
    step(`spectrum: ${spectrum}`);

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
    console.log(JSON.stringify({ ok: true, participant, spectrum, chain, settled, seconds: (Date.now() - started) / 1000, steps }));
  } catch (e) {
    // What the page showed when a step failed: the last order answer, the open orders, and a screenshot.
    if (page) {
      const shown = await page.evaluate(() => ({
        orderResult: document.getElementById('order-result')?.textContent,
        openOrders: document.getElementById('open-orders')?.innerText,
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

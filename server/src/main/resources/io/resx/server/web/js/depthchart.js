// Depth chart on a canvas: cumulative quantity of bids (green, left of the mid) and asks (red, right), drawn
// as step areas over price. Our own few lines instead of a charting library.
import { canvasFor, num } from './util.js';

export function drawDepth(canvas, bids, asks, emptyText = 'empty book') {
  const { g, width, height, color } = canvasFor(canvas);
  const pad = { l: 8, r: 56, t: 10, b: 22 };
  const b = cumulative(bids);
  const a = cumulative(asks);
  if (!b.length && !a.length) {
    g.fillStyle = color('--muted');
    g.textAlign = 'center';
    g.fillText(emptyText, width / 2, height / 2);
    return;
  }
  // Centred on the mid price, wide enough for the farthest level on either side, so both areas show.
  const bestBid = b.length ? b[0].price : undefined;
  const bestAsk = a.length ? a[0].price : undefined;
  const mid = bestBid !== undefined && bestAsk !== undefined ? (bestBid + bestAsk) / 2 : (bestBid ?? bestAsk);
  const far = Math.max(...b.map((p) => mid - p.price), ...a.map((p) => p.price - mid), Math.abs(mid) * 0.01, 1e-9);
  const lo = mid - far * 1.15;
  const hi = mid + far * 1.15;
  const maxQty = Math.max(...b.map((p) => p.cum), ...a.map((p) => p.cum)) * 1.1;
  const x = (p) => pad.l + ((p - lo) / (hi - lo)) * (width - pad.l - pad.r);
  const y = (q) => height - pad.b - (q / maxQty) * (height - pad.t - pad.b);

  g.strokeStyle = color('--line');
  g.fillStyle = color('--muted');
  g.lineWidth = 1;
  g.textAlign = 'left';
  for (let i = 0; i <= 4; i++) {
    const q = (maxQty / 1.1) * (i / 4);
    g.beginPath(); g.moveTo(pad.l, y(q)); g.lineTo(width - pad.r, y(q)); g.stroke();
    g.fillText(trim(q), width - pad.r + 4, y(q) + 4);
  }
  g.textAlign = 'center';
  for (let i = 0; i <= 4; i++) {
    const p = lo + ((hi - lo) * i) / 4;
    g.fillText(trim(p), Math.min(Math.max(x(p), 24), width - pad.r - 24), height - 6);
  }
  g.setLineDash([3, 3]);
  g.strokeStyle = color('--muted');
  g.beginPath(); g.moveTo(x(mid), pad.t); g.lineTo(x(mid), height - pad.b); g.stroke();
  g.setLineDash([]);
  area(g, b, x, y, color('--buy'), 'rgba(46, 189, 133, .22)', pad.l);
  area(g, a, x, y, color('--sell'), 'rgba(240, 84, 92, .22)', width - pad.r);
}

function cumulative(levels) {
  let cum = 0;
  return levels.map((l) => { cum += num(l.qty); return { price: num(l.price), cum }; });
}

// Steps away from the best price: each level adds its quantity; the area runs out to the chart's edge.
function area(g, points, x, y, stroke, fill, edge) {
  if (!points.length) return;
  g.beginPath();
  g.moveTo(x(points[0].price), y(0));
  let prev = 0;
  for (const p of points) {
    g.lineTo(x(p.price), y(prev));
    g.lineTo(x(p.price), y(p.cum));
    prev = p.cum;
  }
  g.lineTo(edge, y(prev));
  g.lineTo(edge, y(0));
  g.closePath();
  g.fillStyle = fill;
  g.fill();
  g.strokeStyle = stroke;
  g.lineWidth = 1.5;
  g.stroke();
}

function trim(v) {
  if (Math.abs(v) >= 1000) return v.toFixed(0);
  if (Math.abs(v) >= 10) return v.toFixed(1);
  return v.toFixed(2);
}

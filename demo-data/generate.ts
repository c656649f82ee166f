/**
 * DEMO DATA ONLY — synthetic rows for the demo mesh, so that `meshgate test` has something to test
 * on a fresh clone. Not real customers, orders or parcels. `meshgate test` runs this before testing
 * the demo mesh (timestamps are relative to now, so the contracts' freshness SLAs can hold); run it
 * by hand with `npx tsx demo-data/generate.ts`. See demo-data/README.md for the one deliberate violation.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A small deterministic generator (mulberry32): the same rows every run, only the clock moves. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const ts = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, '');
const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const csvCell = (v: unknown) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
const csv = (rows: Record<string, unknown>[]) => [Object.keys(rows[0]).join(','), ...rows.map((r) => Object.values(r).map(csvCell).join(','))].join('\n') + '\n';

const STATUSES = ['placed', 'paid', 'shipped', 'delivered', 'cancelled', 'returned'];
const COUNTRIES = ['DE', 'AT', 'CH', 'NL', 'FR'];
const NAMES = ['Jane Doe', 'Max Mustermann', 'Erika Muster', 'Jan Jansen', 'Marie Dupont', 'Luca Rossi'];

/** Writes the demo CSV files under `dir/generated`; returns their paths. */
export async function writeDemoData(dir: string, now: Date): Promise<string[]> {
  const rnd = random(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rnd() * list.length)];
  const end = now.getTime();
  const orders: Record<string, unknown>[] = [];
  const lines: Record<string, unknown>[] = [];
  const shipments: Record<string, unknown>[] = [];
  const ORDERS = 1500;
  for (let i = 0; i < ORDERS; i++) {
    const orderId = `ORD-2026-${String(42_000 + i).padStart(7, '0')}`;
    // Orders spread over the last 30 days, the newest changed two minutes ago.
    const placed = end - 30 * DAY + Math.floor(((i + rnd()) / ORDERS) * (30 * DAY - 10 * MINUTE));
    const updated = i === ORDERS - 1 ? end - 2 * MINUTE : Math.min(placed + Math.floor(rnd() * 2 * DAY), end - 5 * MINUTE);
    const status = pick(STATUSES);
    let subtotal = 0;
    const count = 1 + Math.floor(rnd() * 3);
    for (let n = 1; n <= count; n++) {
      const quantity = 1 + Math.floor(rnd() * 3);
      const unit = 499 + Math.floor(rnd() * 100) * 50;
      const article = `A-${100_000 + Math.floor(rnd() * 900)}`;
      subtotal += quantity * unit;
      lines.push({ order_id: orderId, line_number: n, article_id: article, sku: `${article}-42-BLK`, quantity, unit_price_cents: unit, line_total_cents: quantity * unit });
    }
    const discount = subtotal > 2000 && rnd() < 0.2 ? 1000 : 0;
    const fee = subtotal > 5000 ? 0 : 495;
    const total = subtotal - discount + fee;
    const country = pick(COUNTRIES);
    const name = pick(NAMES);
    orders.push({
      order_id: orderId,
      customer_id: `C-${8_800_000 + Math.floor(rnd() * 90_000)}`,
      customer_email: `${name.toLowerCase().replace(/ /g, '.')}${i}@example.com`,
      order_status: status,
      sales_channel: pick(['web', 'ios', 'android']),
      placed_at: ts(placed),
      // The deliberate violation (demo-data/README.md): one order with a lower-case currency code.
      currency: i === 777 ? 'eur' : country === 'CH' ? 'CHF' : 'EUR',
      subtotal_cents: subtotal,
      discount_cents: discount,
      shipping_fee_cents: fee,
      tax_cents: Math.round(total - total / 1.19),
      total_cents: total,
      shipping_country: country,
      shipping_address: `${name}, Hauptstr. ${1 + (i % 99)}, 10115 Berlin`,
      voucher_code: discount ? 'WINTER26' : null,
      updated_at: ts(updated),
    });
    if (status === 'shipped' || status === 'delivered' || status === 'returned' || rnd() < 0.5) {
      const shipped = Math.min(placed + DAY / 2 + Math.floor(rnd() * DAY), end - 3 * 60 * MINUTE);
      const delivered = status === 'shipped' ? null : Math.min(shipped + DAY + Math.floor(rnd() * DAY), end - 40 * MINUTE);
      shipments.push({
        shipment_id: `SHP-${55_100_000 + i}`,
        order_id: orderId,
        warehouse_id: pick(['WH-ERF', 'WH-DUI', 'WH-VIE']),
        carrier: pick(['dhl', 'dpd', 'ups', 'hermes']),
        tracking_number: String(340_434_161_094_000_000n + BigInt(i) * 7919n).padStart(20, '0'),
        recipient_name: name,
        recipient_address: `Hauptstr. ${1 + (i % 99)}, 10115 Berlin`,
        recipient_phone: rnd() < 0.7 ? `+49151${String(10_000_000 + i)}` : null,
        destination_country: country,
        weight_grams: 200 + Math.floor(rnd() * 5000),
        shipping_cost_cents: 300 + Math.floor(rnd() * 400),
        status: delivered === null ? 'in_transit' : 'delivered',
        promised_delivery_date: date(shipped + 3 * DAY),
        shipped_at: ts(shipped),
        delivered_at: delivered === null ? null : ts(delivered),
      });
    }
  }
  const files: [string, Record<string, unknown>[]][] = [
    ['generated/checkout/orders.csv', orders],
    ['generated/checkout/order_lines.csv', lines],
    ['generated/shipping/shipments.csv', shipments],
  ];
  const written: string[] = [];
  for (const [path, rows] of files) {
    const full = join(dir, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, csv(rows));
    written.push(full);
  }
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = await writeDemoData(dirname(fileURLToPath(import.meta.url)), new Date());
  console.log(files.join('\n'));
}

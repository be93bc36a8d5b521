import { join } from 'node:path';
import { z } from 'zod';
import { priceSchema, type Price, type WorkspaceConfig } from '../../shared/domain/target.js';
import { packageRoot } from '../package-root.js';
import { readYamlFile } from '../yaml-file.js';

const shippedTableSchema = z.object({
  as_of: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
  sources: z.record(z.string(), z.string()),
  models: z.record(z.string().min(1), priceSchema),
});

/** The public price table shipped with canary-gate (fixtures/prices/public-prices.yaml). */
export function shippedPriceTableFile(): string {
  return join(packageRoot(), 'fixtures', 'prices', 'public-prices.yaml');
}

let shipped: Record<string, Price> | undefined;

/** The shipped public prices, each dated with the table's `as_of`. */
export function shippedPrices(file = shippedPriceTableFile()): Record<string, Price> {
  if (file !== shippedPriceTableFile()) return readTable(file);
  shipped ??= readTable(file);
  return shipped;
}

function readTable(file: string): Record<string, Price> {
  const { value } = readYamlFile(file, shippedTableSchema);
  return Object.fromEntries(Object.entries(value.models).map(([model, p]) => [model, { ...p, as_of: p.as_of ?? value.as_of }]));
}

/** The prices a workspace replays with: its own `prices:` over the shipped public table. */
export function workspacePrices(config: Pick<WorkspaceConfig, 'prices'>): Record<string, Price> {
  return { ...shippedPrices(), ...config.prices };
}

// Only a date or version may follow a listed id: o3-pro is not o3, but o3-2025-04-16 is.
const VERSION_SUFFIX = /^-(?:\d{4}-\d{2}-\d{2}|\d{8}|latest|v\d+(?:[.:]\d+)*)$/;

/**
 * The price of a model: its exact id, else the listed id it extends with a date or version suffix
 * (gpt-4o-2024-08-06 → gpt-4o; claude-sonnet-4-5-20250929 → claude-sonnet-4-5; o3-pro → none).
 */
export function priceFor(prices: Readonly<Record<string, Price>>, model: string): Price | undefined {
  const exact = prices[model];
  if (exact) return exact;
  let best: string | undefined;
  for (const id of Object.keys(prices)) {
    if (model.startsWith(id) && VERSION_SUFFIX.test(model.slice(id.length)) && (best === undefined || id.length > best.length)) best = id;
  }
  return best === undefined ? undefined : prices[best];
}

/**
 * Which layers the server speaks (one per schema under protocol/mtproto/schema/) and the tables for
 * each, built once per isolate on first use. A client's declared layer resolves to the greatest
 * supported layer not above it; older than the oldest gets the oldest.
 */
import { API_SCHEMAS, MTPROTO_SCHEMA } from "../gen/index.ts";
import { buildTables, type TlTables } from "../tl/tables.ts";

/** Supported layers, oldest first. */
export const SUPPORTED_LAYERS: readonly number[] = API_SCHEMAS.map((s) => s.layer);

/** The layer the core's object model follows: the newest schema. */
export const CURRENT_LAYER: number = SUPPORTED_LAYERS[SUPPORTED_LAYERS.length - 1] as number;

export function resolveLayer(declared: number): number {
  let best = SUPPORTED_LAYERS[0] as number;
  for (const layer of SUPPORTED_LAYERS) if (layer <= declared) best = layer;
  return best;
}

const cache = new Map<number, TlTables>();

/** The tables of a supported layer (resolved first, so any declared layer is accepted). */
export function tablesForLayer(layer: number): TlTables {
  const resolved = resolveLayer(layer);
  let tables = cache.get(resolved);
  if (!tables) {
    const schema = API_SCHEMAS.find((s) => s.layer === resolved);
    if (!schema) throw new Error(`no schema for layer ${resolved}`);
    tables = buildTables(schema, MTPROTO_SCHEMA);
    cache.set(resolved, tables);
  }
  return tables;
}

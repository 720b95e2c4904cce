/**
 * Per-site grid origins for approximate location, in storage.local (key "locationGrids"): a random
 * offset per site, made the first time the site asks, so the site gets the same snapped point on every
 * call and two sites' grids do not line up. Random numbers only; never a position.
 */
import { browser } from 'wxt/browser';
import { clampGridMetres, DEFAULT_GRID_METRES, type GridOffset } from '../engine/location-snap';

const KEY = 'locationGrids';

export interface LocationGrids {
  /** Grid size in metres for every site (200–2000). */
  metres: number;
  offsets: Record<string, GridOffset>;
}

/** Uniform in [0, 1) from the CSPRNG: offsets must not be guessable from the site name or the time. */
function secureRandom(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0] / 2 ** 32;
}

async function read(): Promise<LocationGrids> {
  const stored = (await browser.storage.local.get(KEY))[KEY] as Partial<LocationGrids> | undefined;
  return { metres: clampGridMetres(stored?.metres ?? DEFAULT_GRID_METRES), offsets: { ...stored?.offsets } };
}

// One writer at a time, so two first requests from one site cannot make two different offsets.
let queue: Promise<unknown> = Promise.resolve();
function serialised<T>(task: () => Promise<T>): Promise<T> {
  const next = queue.catch(() => undefined).then(task);
  queue = next;
  return next;
}

/** The grid for `site`, making and storing its offset on first use. */
export function gridFor(site: string): Promise<{ metres: number; offset: GridOffset }> {
  return serialised(async () => {
    const grids = await read();
    let offset = grids.offsets[site];
    if (!offset) {
      offset = { north: secureRandom(), east: secureRandom() };
      await browser.storage.local.set({ [KEY]: { ...grids, offsets: { ...grids.offsets, [site]: offset } } });
    }
    return { metres: grids.metres, offset };
  });
}

/** The grid size in metres (for showing it: "about 1 km"). */
export async function gridMetres(): Promise<number> {
  return (await read()).metres;
}

import { describe, expect, it } from 'vitest';
import { clampGridMetres, distanceMetres, MAX_GRID_METRES, MIN_GRID_METRES, snapToGrid } from '@/src/engine/location-snap';

/** A small deterministic PRNG so the property checks are reproducible. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
}

describe('snapToGrid', () => {
  it('lands within half a cell diagonal of the true point, everywhere and at every grid size', () => {
    const r = prng(7);
    for (let i = 0; i < 20_000; i++) {
      const p = { latitude: r() * 170 - 85, longitude: r() * 360 - 180 };
      const metres = MIN_GRID_METRES + r() * (MAX_GRID_METRES - MIN_GRID_METRES);
      const s = snapToGrid(p.latitude, p.longitude, metres, { north: r(), east: r() });
      expect(distanceMetres(p, s)).toBeLessThanOrEqual(metres * 0.71);
    }
  });

  it('gives the same point for every position in a cell: repeated calls and small moves reveal nothing', () => {
    const offset = { north: 0.37, east: 0.81 };
    const a = snapToGrid(31.2304, 121.4737, 1000, offset);
    expect(snapToGrid(31.2304, 121.4737, 1000, offset)).toEqual(a);
    const near = [
      [31.2305, 121.4738],
      [31.2303, 121.4736],
    ].map(([lat, lon]) => snapToGrid(lat, lon, 1000, offset));
    // Nearby points share the cell unless a cell edge passes between them; at least one does here.
    expect(near.some((n) => n.latitude === a.latitude && n.longitude === a.longitude)).toBe(true);
    expect(a).not.toEqual({ latitude: 31.2304, longitude: 121.4737 });
  });

  it('shifts the grid per site: different offsets give different points for the same position', () => {
    const r = prng(11);
    const points = new Set<string>();
    for (let i = 0; i < 10; i++) {
      const s = snapToGrid(31.2304, 121.4737, 1000, { north: r(), east: r() });
      points.add(`${s.latitude.toFixed(6)},${s.longitude.toFixed(6)}`);
    }
    expect(points.size).toBe(10);
  });

  it('cells are the grid size apart', () => {
    const offset = { north: 0, east: 0 };
    const a = snapToGrid(31.2304, 121.4737, 1000, offset);
    const b = snapToGrid(31.2304 + 1000 / 111_320, 121.4737, 1000, offset);
    expect(distanceMetres(a, b)).toBeGreaterThan(990);
    expect(distanceMetres(a, b)).toBeLessThan(1010);
  });

  it('keeps longitudes in range across the antimeridian and clamps the grid size', () => {
    const s = snapToGrid(0, 179.9999, 2000, { north: 0.5, east: 0.9 });
    expect(s.longitude).toBeGreaterThanOrEqual(-180);
    expect(s.longitude).toBeLessThan(180);
    expect(clampGridMetres(50)).toBe(MIN_GRID_METRES);
    expect(clampGridMetres(1e6)).toBe(MAX_GRID_METRES);
    expect(clampGridMetres(Number.NaN)).toBe(1000);
  });
});

/**
 * Approximate location: snap a position to the centre of its cell in a square grid (in metres),
 * whose origin is shifted per site by a random offset. Pure math, no browser APIs.
 *
 * Why a grid and not random noise: noise averages out over repeated calls, a grid cell does not —
 * every call from anywhere in the cell returns the same point. Why a per-site offset: with one global
 * grid, sites could pool answers and every user in a cell would share the same published points.
 * The page can tell the cell, and thus the true point to within about the cell's size (the true
 * point is at most half a diagonal, ~0.71 × size, from the answer).
 */
export const MIN_GRID_METRES = 200;
export const MAX_GRID_METRES = 2000;
export const DEFAULT_GRID_METRES = 1000;

/** Metres per degree of latitude (mean), and of longitude at the equator. */
const METRES_PER_DEGREE = 111_320;

/** Fractions of a cell in [0, 1) by which a site's grid origin is shifted north and east. */
export interface GridOffset {
  north: number;
  east: number;
}

export function clampGridMetres(metres: number): number {
  return Number.isFinite(metres) ? Math.min(MAX_GRID_METRES, Math.max(MIN_GRID_METRES, metres)) : DEFAULT_GRID_METRES;
}

/** The centre of the grid cell holding (latitude, longitude). */
export function snapToGrid(
  latitude: number,
  longitude: number,
  metres: number,
  offset: GridOffset,
): { latitude: number; longitude: number } {
  const size = clampGridMetres(metres);
  const latStep = size / METRES_PER_DEGREE;
  const row = Math.floor((latitude - offset.north * latStep) / latStep);
  const lat = Math.max(-90, Math.min(90, (row + 0.5 + offset.north) * latStep));
  // Longitude degrees shrink towards the poles; the cell's own centre latitude fixes its width, so
  // every point of the row uses the same width and lands on the same centre.
  const lonStep = Math.min(360, size / (METRES_PER_DEGREE * Math.max(0.01, Math.cos((lat * Math.PI) / 180))));
  const col = Math.floor((longitude - offset.east * lonStep) / lonStep);
  let lon = (col + 0.5 + offset.east) * lonStep;
  if (lon >= 180) lon -= 360;
  if (lon < -180) lon += 360;
  return { latitude: lat, longitude: lon };
}

/** Great-circle distance in metres (haversine), for checks and tests. */
export function distanceMetres(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * Draws the toolbar/store icons (a white shield with a check on a teal tile) and writes
 * public/icons/{16,32,48,128}.png, which WXT lists in the manifest by itself.
 * Run: npx tsx src/dev/icons/make-icons.ts
 * Plain Node (zlib) so the icons need no image library and can be regenerated anywhere.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

type Rgba = [number, number, number, number];
const TEAL: Rgba = [15, 118, 110, 255];
const WHITE: Rgba = [255, 255, 255, 255];
const NONE: Rgba = [0, 0, 0, 0];

function insideRoundedSquare(x: number, y: number): boolean {
  const [lo, hi, r] = [0.03, 0.97, 0.2];
  const cx = Math.min(Math.max(x, lo + r), hi - r);
  const cy = Math.min(Math.max(y, lo + r), hi - r);
  return x >= lo && x <= hi && y >= lo && y <= hi && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** A shield: straight sides, then an elliptic point at the bottom. */
function insideShield(x: number, y: number): boolean {
  const half = 0.27;
  if (y < 0.17 || y > 0.86) return false;
  if (y <= 0.52) return Math.abs(x - 0.5) <= half;
  return Math.abs(x - 0.5) <= half * Math.sqrt(Math.max(0, 1 - ((y - 0.52) / 0.34) ** 2));
}

function distanceToSegment(px: number, py: number, [ax, ay]: number[], [bx, by]: number[]): number {
  const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
  return Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay)));
}

function onCheck(x: number, y: number): boolean {
  const [a, b, c] = [
    [0.36, 0.5],
    [0.46, 0.61],
    [0.65, 0.39],
  ];
  return Math.min(distanceToSegment(x, y, a, b), distanceToSegment(x, y, b, c)) <= 0.045;
}

function colorAt(x: number, y: number): Rgba {
  if (!insideRoundedSquare(x, y)) return NONE;
  if (insideShield(x, y)) return onCheck(x, y) ? TEAL : WHITE;
  return TEAL;
}

/** RGBA pixels, 4×4 supersampled so small sizes stay smooth. */
function render(size: number): Buffer {
  const samples = 4;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = colorAt((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          // Premultiply so transparent samples do not darken edges.
          for (let i = 0; i < 3; i++) sum[i] += (c[i] * c[3]) / 255;
          sum[3] += c[3];
        }
      }
      const n = samples * samples;
      const alpha = sum[3] / n;
      const o = (py * size + px) * 4;
      for (let i = 0; i < 3; i++) pixels[o + i] = alpha ? Math.round(((sum[i] / n) * 255) / alpha) : 0;
      pixels[o + 3] = Math.round(alpha);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function encodePng(size: number, rgba: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const signature = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const outDir = new URL('../../../public/icons/', import.meta.url);
mkdirSync(outDir, { recursive: true });
for (const size of [16, 32, 48, 128]) {
  writeFileSync(new URL(`${size}.png`, outDir), encodePng(size, render(size)));
}

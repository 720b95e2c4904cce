/**
 * The page world's cost of "was what the user typed sent elsewhere?" (src/page-world/match.ts): what a
 * request costs the page when four fields are watched, cold (the first request after a value changed,
 * which hashes every normalised form) and warm (every later request, hashes cached), on a small beacon
 * and on a 64 KB JSON body, and how many digests the page computes (once per value change, not per
 * request). Runs the same code in Node with WebCrypto, as the page runs it with crypto.subtle.
 *
 *   npx tsx src/dev/bench/exfil-match.ts        (also run by `npm run bench`)
 */
import { performance } from 'node:perf_hooks';
import { cachedHashCount, findSecrets, type Digest, type Secret } from '../../page-world/match';
import { MAX_SCANNED_CHARS as NETWORK_CAP } from '../../page-world/network';

const subtle = globalThis.crypto.subtle;
const digest: Digest = async (algorithm, text) =>
  Array.from(new Uint8Array(await subtle.digest(algorithm, new TextEncoder().encode(text))), (b) => b.toString(16).padStart(2, '0')).join(
    '',
  );

const secrets = (n: number): Secret[] => [
  { category: 'email', value: `Jane.Doe.${n}@gmail.com` },
  { category: 'phone', value: `138 9999 ${String(n).padStart(4, '0')}` },
  { category: 'birthdate', value: '1990-03-07' },
  { category: 'address', value: 'Shanghai' },
];
const context = { callingCodes: ['86', '1'] };

/** A body the size of a busy analytics batch: nested JSON with hex ids, none of them ours. */
function bigBody(): string {
  const events = [];
  for (let i = 0; events.join(',').length < NETWORK_CAP - 300; i++)
    events.push(JSON.stringify({ e: 'view', id: (i * 2654435761).toString(16).padStart(40, 'a'), t: 1733300000 + i, p: `/item/${i}` }));
  return `{"batch":[${events.join(',')}]}`.slice(0, NETWORK_CAP);
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(label: string, body: string, runs: number): Promise<void> {
  let n = 1;
  const cold: number[] = [];
  const warm: number[] = [];
  for (let i = 0; i < runs; i++) {
    // A new value (the user typed again): the first request hashes; the next ones reuse the hashes.
    const list = secrets(n++);
    let t = performance.now();
    await findSecrets(body, list, digest, context);
    cold.push(performance.now() - t);
    t = performance.now();
    await findSecrets(body, list, digest, context);
    warm.push(performance.now() - t);
  }
  const row = (name: string, xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return `${name.padEnd(6)} p50 ${percentile(s, 50).toFixed(2)} ms  p95 ${percentile(s, 95).toFixed(2)} ms  max ${s[s.length - 1].toFixed(2)} ms`;
  };
  console.log(`${label} (${(body.length / 1024).toFixed(1)} KB, ${runs} runs, 4 watched fields)`);
  console.log(`  ${row('cold', cold)}`);
  console.log(`  ${row('warm', warm)}`);
}

async function main(): Promise<void> {
  console.log('Page world: matching typed values in outgoing requests (src/page-world/match.ts)');
  await measure('small beacon, no match', 'https://ads.example/tr?ev=PageView&id=123456&ts=1733300000', 100);
  await measure('64 KB JSON body, no match', bigBody(), 40);
  // Hashes per value change, not per request: 200 requests with the same values hash each form once.
  const fresh: Digest = (algorithm, text) => digest(algorithm, text);
  const same = secrets(99_999);
  const token = 'a'.repeat(64); // a digest-shaped token, so every request looks at the hashes
  for (let i = 0; i < 200; i++) await findSecrets(`x=${i}&h=${token}`, same, fresh, context);
  const once = cachedHashCount(fresh);
  same[0] = { category: 'email', value: 'changed@example.com' };
  for (let i = 0; i < 200; i++) await findSecrets(`x=${i}&h=${token}`, same, fresh, context);
  console.log(
    `forms digested over 200 requests, values unchanged: ${once}; after one value changed, 200 more: ${cachedHashCount(fresh) - once} more`,
  );
}

void main();

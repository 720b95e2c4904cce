import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64Needles, carriesCoordinates, findSecrets, normalisedForms, type Digest } from '@/src/page-world/match';

const digest: Digest = async (algorithm, text) =>
  createHash(algorithm === 'SHA-1' ? 'sha1' : 'sha256')
    .update(text)
    .digest('hex');
const noDigest: Digest = async () => null;
const hex = (alg: string, s: string) => createHash(alg).update(s).digest('hex');
const email = { category: 'email', value: '  Jane.Doe+shop@Example.com ' };

describe('findSecrets', () => {
  it('finds a value sent raw, in any case, in URL or body', async () => {
    expect(await findSecrets('https://t.example/c?e=jane.doe+shop@example.com', [email], digest)).toEqual([
      { category: 'email', encoding: 'raw' },
    ]);
    expect(await findSecrets('{"email":"Jane.Doe+shop@Example.com"}', [email], digest)).toEqual([{ category: 'email', encoding: 'raw' }]);
  });

  it('finds it URL-encoded (including + for spaces in form encoding)', async () => {
    const url = 'https://t.example/c?e=' + encodeURIComponent('Jane.Doe+shop@Example.com');
    expect(await findSecrets(url, [email], digest)).toEqual([{ category: 'email', encoding: 'urlencoded' }]);
    const name = { category: 'national_id', value: '11010519491231002X ab' };
    expect(await findSecrets('id=11010519491231002X+ab', [name], digest)).toEqual([{ category: 'national_id', encoding: 'urlencoded' }]);
  });

  it('finds it base64-encoded, alone or inside a longer base64 payload, at any alignment, standard or URL-safe', async () => {
    const value = 'jane.doe+shop@example.com';
    for (const prefix of ['', '{"e":"', '{"em":"', '{"ema":"']) {
      const payload = Buffer.from(`${prefix}${value}","t":1}`).toString('base64');
      expect(await findSecrets(`d=${payload}`, [email], digest)).toEqual([{ category: 'email', encoding: 'base64' }]);
      const urlSafe = Buffer.from(`${prefix}${value}??>>`).toString('base64url');
      expect(await findSecrets(urlSafe, [email], digest)).toEqual([{ category: 'email', encoding: 'base64' }]);
    }
  });

  it('finds MD5, SHA-1 and SHA-256 hex of the trimmed and of the lower-cased value, upper- or lower-case hex', async () => {
    for (const [alg, encoding] of [
      ['md5', 'md5'],
      ['sha1', 'sha1'],
      ['sha256', 'sha256'],
    ] as const) {
      expect(await findSecrets(`em=${hex(alg, 'jane.doe+shop@example.com')}`, [email], digest)).toEqual([{ category: 'email', encoding }]);
      expect(await findSecrets(`em=${hex(alg, 'Jane.Doe+shop@Example.com').toUpperCase()}`, [email], digest)).toEqual([
        { category: 'email', encoding },
      ]);
    }
  });

  it('compares phone numbers as digits', async () => {
    const phone = { category: 'phone', value: '139 8765 0123' };
    expect(await findSecrets('p=13987650123', [phone], digest)).toEqual([{ category: 'phone', encoding: 'raw' }]);
    expect(await findSecrets(`ph=${hex('sha256', '13987650123')}`, [phone], digest)).toEqual([{ category: 'phone', encoding: 'sha256' }]);
  });

  it('without crypto.subtle (plain http) still finds MD5 and the rest, just not SHA', async () => {
    expect(await findSecrets(hex('md5', 'jane.doe+shop@example.com'), [email], noDigest)).toEqual([{ category: 'email', encoding: 'md5' }]);
    expect(await findSecrets(hex('sha256', 'jane.doe+shop@example.com'), [email], noDigest)).toEqual([]);
  });

  it('never matches short values, other values, or requests without them', async () => {
    expect(
      await findSecrets(
        'x=1234&y=abcd',
        [
          { category: 'birthdate', value: '1234' },
          { category: 'email', value: 'a@b' },
        ],
        digest,
      ),
    ).toEqual([]);
    expect(await findSecrets('x=12345', [{ category: 'phone', value: '12345' }], digest)).toEqual([]);
    expect(await findSecrets('e=john@example.com&h=' + hex('sha256', 'john@example.com'), [email], digest)).toEqual([]);
    expect(await findSecrets('', [email], digest)).toEqual([]);
  });

  it('reports each category once, with the first encoding that matched', async () => {
    const both = `a=jane.doe+shop@example.com&b=${hex('md5', 'jane.doe+shop@example.com')}&p=13987650123`;
    expect(await findSecrets(both, [email, email, { category: 'phone', value: '13987650123' }], digest)).toEqual([
      { category: 'email', encoding: 'raw' },
      { category: 'phone', encoding: 'raw' },
    ]);
  });
});

describe('normalisedForms and base64Needles', () => {
  it('trims, lower-cases, and keeps phone digits', () => {
    expect(normalisedForms(email)).toEqual(['Jane.Doe+shop@Example.com', 'jane.doe+shop@example.com']);
    expect(normalisedForms({ category: 'phone', value: '+86 139-8765-0123' })).toEqual([
      '+86 139-8765-0123',
      '8613987650123',
      '+8613987650123',
      '13987650123',
      '013987650123',
    ]);
    expect(normalisedForms({ category: 'birthdate', value: ' 1987 ' })).toEqual([]);
  });

  it('base64 needles are substrings of the encoding at every offset', () => {
    const needles = base64Needles('1987-06-05');
    for (const prefix of ['', 'a', 'ab']) {
      const enc = Buffer.from(prefix + '1987-06-05' + 'xyz').toString('base64');
      expect(needles.some((n) => enc.includes(n))).toBe(true);
    }
  });
});

describe('carriesCoordinates', () => {
  it('needs both coordinates to three decimals, rounded or cut', () => {
    expect(carriesCoordinates('{"lat":31.230416,"lng":121.473701}', 31.230416, 121.473701)).toBe(true);
    expect(carriesCoordinates('loc=31.230,121.474', 31.230416, 121.473701)).toBe(true);
    expect(carriesCoordinates('loc=31.23,121.47', 31.230416, 121.473701)).toBe(false);
    expect(carriesCoordinates('lat=31.230416', 31.230416, 121.473701)).toBe(false);
    expect(carriesCoordinates('{"lat":31.240,"lng":121.473}', 31.230416, 121.473701)).toBe(false);
  });
});

describe('findSecrets in percent-encoded URLs', () => {
  it('finds base64 that was percent-encoded into a query string', async () => {
    const phone = { category: 'phone', value: '13987650123' };
    for (const payload of ['{"u":"13987650123","ts":1}', '{"uu":"13987650123"}', '{"p":"13987650123"}>>>']) {
      const url = 'https://t.test/t?d=' + encodeURIComponent(Buffer.from(payload).toString('base64'));
      expect(await findSecrets(url, [phone], digest)).toEqual([{ category: 'phone', encoding: 'base64' }]);
    }
  });
});

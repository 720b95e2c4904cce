import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findSecrets, MAX_FORMS_PER_REQUEST, type Digest } from '@/src/page-world/match';
import { birthdateForms, emailForms, phoneForms, regionCallingCodes, textForms } from '@/src/page-world/normalise';

const digest: Digest = async (algorithm, text) =>
  createHash(algorithm === 'SHA-1' ? 'sha1' : 'sha256')
    .update(text)
    .digest('hex');
const hash = (alg: string, s: string, enc: 'hex' | 'base64' | 'base64url' = 'hex') => createHash(alg).update(s).digest(enc);
const CN = { callingCodes: ['86'] };

describe('the platforms’ normalisations (page world)', () => {
  it('phone: with the country code of the page’s region, digits only (Meta) and E.164 (Google, TikTok)', async () => {
    const phone = { category: 'phone', value: '138 9999 0417' };
    for (const sent of ['8613899990417', '+8613899990417']) {
      expect(await findSecrets(`ph=${hash('sha256', sent)}`, [phone], digest, CN)).toEqual([{ category: 'phone', encoding: 'sha256' }]);
      // Without a region a Chinese mobile number still gets +86: its shape says where it is from.
      expect(await findSecrets(`{"user":{"ph":"${hash('sha256', sent)}"}}`, [phone], digest)).toEqual([
        { category: 'phone', encoding: 'sha256' },
      ]);
    }
    // A German number typed nationally, on a .de page: 49 + the number without its trunk 0.
    const de = { category: 'phone', value: '0151 2345 6789' };
    const codes = regionCallingCodes({ hostname: 'shop.example.de' });
    expect(codes).toEqual(['49']);
    expect(await findSecrets(`x=${hash('md5', '+4915123456789')}`, [de], digest, { callingCodes: codes })).toEqual([
      { category: 'phone', encoding: 'md5' },
    ]);
    expect(await findSecrets(`x=${hash('md5', '+4915123456789')}`, [de], digest, CN)).toEqual([]);
  });

  it('phone: the typed prefix wins, and the national number is tried too', () => {
    expect(phoneForms('+44 7700 900123', ['86'])).toEqual(
      expect.arrayContaining(['447700900123', '+447700900123', '7700900123', '07700900123']),
    );
    expect(phoneForms('0044 7700 900123', [])).toEqual(expect.arrayContaining(['447700900123', '+447700900123']));
    // Typed with the code but no "+": not prefixed twice.
    expect(phoneForms('8613899990417', ['86'])).toEqual(expect.arrayContaining(['8613899990417', '+8613899990417']));
    expect(phoneForms('8613899990417', ['86'])).not.toContain('868613899990417');
  });

  it('region: from the domain, the page’s language, then the browser’s', () => {
    expect(regionCallingCodes({ hostname: 'm.shop.cn', pageLang: 'en-US', browserLang: 'fr-FR' })).toEqual(['86', '1', '33']);
    expect(regionCallingCodes({ hostname: '127.0.0.1', pageLang: 'zh-Hans-CN' })).toEqual(['86']);
    expect(regionCallingCodes({ hostname: 'localhost', pageLang: 'zh' })).toEqual(['86']);
    expect(regionCallingCodes({})).toEqual([]);
  });

  it('e-mail: trimmed and lower-cased, and Google’s gmail form without dots', async () => {
    expect(emailForms('Jane.Doe@GMail.com')).toEqual(['Jane.Doe@GMail.com', 'jane.doe@gmail.com', 'janedoe@gmail.com']);
    expect(emailForms('Jane.Doe@example.com')).toHaveLength(2);
    const email = { category: 'email', value: ' Jane.Doe@googlemail.com ' };
    expect(await findSecrets(`em=${hash('sha256', 'janedoe@googlemail.com')}`, [email], digest)).toEqual([
      { category: 'email', encoding: 'sha256' },
    ]);
  });

  it('hashes are found as hex and as base64 (standard or URL-safe, padded or not)', async () => {
    const email = { category: 'email', value: 'jane@example.com' };
    for (const body of [
      `{"em":"${hash('sha256', 'jane@example.com', 'base64')}"}`,
      `em=${hash('sha256', 'jane@example.com', 'base64url')}`,
      `em=${encodeURIComponent(hash('sha1', 'jane@example.com', 'base64'))}`,
      `{"a":[{"b":{"c":"${hash('md5', 'jane@example.com', 'base64')}"}}]}`,
    ]) {
      expect((await findSecrets(body, [email], digest)).map((m) => m.category)).toEqual(['email']);
    }
  });

  it('nested JSON (a JSON string inside JSON) is unescaped before matching', async () => {
    const email = { category: 'email', value: 'jane@example.com' };
    const inner = JSON.stringify({ user_data: { email_address: 'jane@example.com' } });
    const outer = JSON.stringify({ events: [{ payload: inner.replace('@', '\\u0040') }] });
    expect(await findSecrets(outer, [email], digest)).toEqual([{ category: 'email', encoding: 'raw' }]);
  });

  it('birth date as YYYYMMDD, first/last name and city without punctuation, postcode as 5 digits', async () => {
    expect(birthdateForms('1990-03-07')).toContain('19900307');
    expect(birthdateForms('07/03/1990')).toEqual(expect.arrayContaining(['19900307', '19900703']));
    expect(birthdateForms('1990年3月7日')).toContain('19900307');
    expect(textForms("O'Brien")).toContain('obrien');
    expect(textForms('San Francisco')).toContain('sanfrancisco');
    expect(textForms('94107-1234')).toContain('94107');
    const dob = { category: 'birthdate', value: '1990-03-07' };
    expect(await findSecrets(`db=${hash('sha256', '19900307')}`, [dob], digest)).toEqual([{ category: 'birthdate', encoding: 'sha256' }]);
    // A short value is looked for only as a hash: "sf" sent raw is no finding, nor is a 3-letter city in plain text.
    const city = { category: 'address', value: 'NYC' };
    expect(await findSecrets('ct=nyc', [city], digest)).toEqual([]);
    expect(await findSecrets(`ct=${hash('sha256', 'nyc')}`, [city], digest)).toEqual([{ category: 'address', encoding: 'sha256' }]);
  });

  it('bounds the work per request: at most MAX_FORMS_PER_REQUEST forms, whatever the number of fields', async () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ category: `c${i}`, value: `value-${i}-end` }));
    const last = many[many.length - 1];
    expect(await findSecrets(`x=${last.value}`, many, digest)).toEqual([]);
    expect(await findSecrets(`x=${many[0].value}`, many, digest)).toEqual([{ category: 'c0', encoding: 'raw' }]);
    expect(MAX_FORMS_PER_REQUEST).toBeLessThan(200);
  });
});

/**
 * The forms in which ad and analytics platforms send what a shopper typed, per kind of data: the
 * normalisations their "advanced matching" / "enhanced conversions" specifications tell site owners to
 * apply before hashing, so that the hashes match the platform's own.
 *
 * - Meta advanced matching: e-mail trimmed and lower-cased; phone as digits *with the country code*,
 *   no "+" or leading zeros; first/last name lower-cased without punctuation; date of birth YYYYMMDD;
 *   city lower-cased without spaces or punctuation; postcode lower-cased without spaces (US: 5 digits).
 * - Google enhanced conversions: e-mail trimmed and lower-cased, and for gmail.com / googlemail.com the
 *   dots before the "@" removed; phone in E.164 ("+8613899990417"); names lower-cased and trimmed.
 * - TikTok advanced matching: e-mail trimmed and lower-cased; phone in E.164 with "+".
 *
 * Runs in the page world only: values never leave it (see match.ts).
 */

/** Calling codes of regions, for a phone typed without its country code. Small on purpose (page-world size). */
const CALLING_CODES: Record<string, string> = {
  cn: '86',
  hk: '852',
  mo: '853',
  tw: '886',
  jp: '81',
  kr: '82',
  sg: '65',
  my: '60',
  in: '91',
  id: '62',
  th: '66',
  vn: '84',
  ph: '63',
  au: '61',
  nz: '64',
  us: '1',
  ca: '1',
  mx: '52',
  br: '55',
  gb: '44',
  uk: '44',
  ie: '353',
  de: '49',
  at: '43',
  ch: '41',
  fr: '33',
  be: '32',
  nl: '31',
  es: '34',
  pt: '351',
  it: '39',
  pl: '48',
  cz: '420',
  se: '46',
  no: '47',
  dk: '45',
  fi: '358',
  ru: '7',
  tr: '90',
  ae: '971',
  sa: '966',
  za: '27',
};
/** Every code above, longest first, to split "+<code><national>" typed numbers. */
const KNOWN_CODES = [...new Set(Object.values(CALLING_CODES))].sort((a, b) => b.length - a.length);

/** At most this many calling codes are tried for a phone without one. */
const MAX_REGION_CODES = 3;

/**
 * The page's likely regions, as calling codes: from its country-code domain, its language tag's region
 * ("zh-CN"), and the browser's. A Chinese mobile number (1[3-9] + 9 digits) adds 86 whatever the page.
 */
export function regionCallingCodes(hints: { hostname?: string; pageLang?: string; browserLang?: string }): string[] {
  const codes: string[] = [];
  const add = (region: string | undefined) => {
    const code = region && CALLING_CODES[region.toLowerCase()];
    if (code && !codes.includes(code) && codes.length < MAX_REGION_CODES) codes.push(code);
  };
  add(/\.([a-z]{2})\.?$/i.exec(hints.hostname ?? '')?.[1]);
  for (const tag of [hints.pageLang, hints.browserLang]) add(/^[a-z]{2,3}[-_](?:[a-z]{4}[-_])?([a-z]{2})\b/i.exec(tag ?? '')?.[1]);
  // Languages spoken mostly in one region: "zh" pages are usually for mainland China, "ja" Japan, "ko" Korea.
  for (const tag of [hints.pageLang, hints.browserLang]) add({ zh: 'cn', ja: 'jp', ko: 'kr' }[(tag ?? '').slice(0, 2).toLowerCase()]);
  return codes;
}

/** A phone's forms: as typed, digits, with the typed or the page region's country code, and E.164. */
export function phoneForms(typed: string, callingCodes: readonly string[]): string[] {
  const forms: string[] = [typed];
  const digits = typed.replace(/\D/g, '');
  forms.push(digits);
  const international = /^\s*(?:\+|00)/.test(typed);
  if (international) {
    const full = typed.trim().startsWith('+') ? digits : digits.slice(2);
    forms.push(full, `+${full}`);
    // The national number too ("+86 138…" typed, "138…" or "0138…" sent).
    const code = KNOWN_CODES.find((c) => full.startsWith(c) && full.length - c.length >= 7);
    if (code) forms.push(full.slice(code.length), `0${full.slice(code.length)}`);
  } else {
    const national = digits.replace(/^0+/, '');
    const codes = [...callingCodes];
    if (/^1[3-9]\d{9}$/.test(digits) && !codes.includes('86')) codes.push('86');
    for (const code of codes) {
      // A number typed with its code but no "+" ("8613899990417") is already international.
      if (national.startsWith(code) && national.length - code.length >= 7) forms.push(national, `+${national}`);
      else forms.push(`${code}${national}`, `+${code}${national}`);
    }
  }
  return forms;
}

/** An e-mail's forms: as typed (trimmed), lower-cased, and Google's gmail form without dots in the local part. */
export function emailForms(typed: string): string[] {
  const lower = typed.toLowerCase();
  const forms = [typed, lower];
  const at = lower.lastIndexOf('@');
  if (at > 0 && /^(gmail|googlemail)\.com$/.test(lower.slice(at + 1))) forms.push(lower.slice(0, at).replace(/\./g, '') + lower.slice(at));
  return forms;
}

/** A birth date as YYYYMMDD (and YYYY-MM-DD) from the ways people type it; day/month order tried both ways when unclear. */
export function birthdateForms(typed: string): string[] {
  const forms = [typed];
  const pad = (n: string) => n.padStart(2, '0');
  const add = (y: string, m: string, d: string) => {
    if (Number(m) >= 1 && Number(m) <= 12 && Number(d) >= 1 && Number(d) <= 31)
      forms.push(`${y}${pad(m)}${pad(d)}`, `${y}-${pad(m)}-${pad(d)}`);
  };
  const ymd = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(typed);
  if (ymd) add(ymd[1], ymd[2], ymd[3]);
  const dmy = /^(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})$/.exec(typed);
  if (dmy) {
    add(dmy[3], dmy[2], dmy[1]);
    add(dmy[3], dmy[1], dmy[2]);
  }
  return forms;
}

/** Names, cities, postcodes: lower-cased; without punctuation; without spaces; a US ZIP+4 as 5 digits. */
export function textForms(typed: string): string[] {
  const lower = typed.toLowerCase();
  const noPunctuation = lower.replace(/[\p{P}\p{S}]/gu, '').trim();
  const forms = [typed, lower, noPunctuation, noPunctuation.replace(/\s+/g, '')];
  const zip = /^(\d{5})-?\d{4}$/.exec(typed);
  if (zip) forms.push(zip[1]);
  return forms;
}

/** The forms of one typed value for its category, most likely first, duplicates and empties removed. */
export function platformForms(category: string, typed: string, callingCodes: readonly string[]): string[] {
  const forms =
    category === 'phone'
      ? phoneForms(typed, callingCodes)
      : category === 'email'
        ? emailForms(typed)
        : category === 'birthdate'
          ? birthdateForms(typed)
          : category === 'national_id'
            ? [typed, typed.toLowerCase(), typed.toUpperCase()]
            : textForms(typed);
  return [...new Set(forms.filter(Boolean))];
}

import { describe, expect, it } from 'vitest';
import { bundledRuleset } from '../../../src/engine/rules/builtin';
import { compileRuleset } from '../../../src/engine/rules/compile';
import { validateRuleset } from '../../../src/engine/rules/validate';
import { siteOfUrl } from '../../../src/shared/site';
import { fieldRecipients, recipientFor, thirdPartiesOnPage, thirdPartyForHost } from '../../../src/engine/score/recipients';
import { scorePage } from '../../../src/engine/score/score';
import { field, page, shopCheckoutEn, signals } from './observations';

const rs = bundledRuleset();
const PAGE = 'https://www.shop.example.co.uk/checkout';

describe('siteOfUrl', () => {
  it('is the registrable domain, or host:port for IPs and localhost, and null for non-web URLs', () => {
    expect(siteOfUrl('https://a.b.shop.example.co.uk/x?y')).toBe('example.co.uk');
    expect(siteOfUrl('http://127.0.0.1:8080/a')).toBe('127.0.0.1:8080');
    expect(siteOfUrl('http://127.0.0.1:9090/a')).toBe('127.0.0.1:9090');
    expect(siteOfUrl('http://localhost:3000/')).toBe('localhost:3000');
    expect(siteOfUrl('mailto:a@b.example')).toBeNull();
    expect(siteOfUrl('not a url')).toBeNull();
  });
});

describe('recipients of a field', () => {
  const fieldAt = (formAction: string) => field({ id: 'dob', autocomplete: 'bday', formAction });

  it('a form posting to its own site (other subdomain) goes to this site', () => {
    expect(fieldRecipients(fieldAt('https://api.shop.example.co.uk/order'), PAGE, 'example.co.uk', rs)).toEqual([
      { relation: 'this-site', site: 'example.co.uk', via: 'form' },
    ]);
  });

  it('a form posting cross-site names the receiving site, and the page itself still sees what is typed', () => {
    expect(fieldRecipients(fieldAt('https://collect.partner.example/in'), PAGE, 'example.co.uk', rs)).toEqual([
      { relation: 'other-site', site: 'partner.example', via: 'form' },
      { relation: 'this-site', site: 'example.co.uk', via: 'page' },
    ]);
  });

  it('a form posting to a known third party names it and its kind', () => {
    const [r] = fieldRecipients(fieldAt('https://api.megvii.com/faceid/v3'), PAGE, 'example.co.uk', rs);
    expect(r).toMatchObject({
      relation: 'third-party',
      site: 'megvii.com',
      via: 'form',
      thirdParty: { id: 'megvii-faceid', kind: 'face-sdk' },
    });
  });

  it('no form action: only the site whose document asks (evidence), never a guess', () => {
    expect(fieldRecipients(fieldAt(''), PAGE, 'example.co.uk', rs)).toEqual([
      { relation: 'this-site', site: 'example.co.uk', via: 'page' },
    ]);
    // A field in a cross-site frame is read by that frame's site.
    expect(fieldRecipients(fieldAt(''), 'https://pay.other.example/frame', 'example.co.uk', rs)).toEqual([
      { relation: 'other-site', site: 'other.example', via: 'page' },
    ]);
  });

  it('a non-web action (mailto:) names nobody for the form', () => {
    expect(recipientFor('mailto:orders@shop.example.co.uk', 'example.co.uk', 'form', rs)).toBeNull();
  });
});

describe('scorePage attaches recipients and lists third-party scripts', () => {
  it('every field and API finding of the shop checkout goes to this site', () => {
    const report = scorePage(shopCheckoutEn(), rs);
    expect(report.findings.length).toBeGreaterThan(0);
    for (const f of report.findings) expect(f.recipients).toEqual([{ relation: 'this-site', site: '127.0.0.1:8080', via: 'page' }]);
    expect(report.thirdParties).toEqual([]);
  });

  it('a cross-site form action is named on its findings; the grade does not change', () => {
    const obs = shopCheckoutEn();
    const plain = scorePage(obs, rs);
    for (const f of obs.frames[0].fields) f.formAction = 'http://127.0.0.1:9090/collect';
    const report = scorePage(obs, rs);
    expect(report.grade).toBe(plain.grade);
    const birth = report.findings.find((f) => f.category === 'birthdate')!;
    expect(birth.recipients![0]).toEqual({ relation: 'other-site', site: '127.0.0.1:9090', via: 'form' });
  });

  it('script hosts of every frame are matched by host suffix, most telling kind first, own site excluded', () => {
    const sig = {
      ...signals('', 'Checkout', 'Place order'),
      scriptHosts: ['www.googletagmanager.com', 'static.hotjar.com', 'script.hotjar.com', 'cdn.example.com'],
    };
    const obs = page(
      PAGE,
      sig,
      [field({ id: 'dob', autocomplete: 'bday' })],
      [],
      [
        {
          frameUrl: 'https://verify.example/',
          page: { ...signals('https://verify.example/', '', ''), scriptHosts: ['api.megvii.com', 'hm.baidu.com'] },
          fields: [],
          apis: [],
        },
      ],
    );
    const parties = scorePage(obs, rs).thirdParties!;
    expect(parties.map((p) => [p.id, p.kind])).toEqual([
      ['hotjar', 'session-recorder'],
      ['megvii-faceid', 'face-sdk'],
      ['google-tag-manager', 'analytics'],
      ['baidu-tongji', 'analytics'],
    ]);
    expect(parties[0].hosts).toEqual(['static.hotjar.com', 'script.hotjar.com']);
    // On Hotjar's own site its scripts are first-party.
    expect(thirdPartiesOnPage(obs.frames, 'https://www.hotjar.com/', rs).map((p) => p.id)).not.toContain('hotjar');
  });

  it('does not match look-alike hosts', () => {
    const parties = rs.source.thirdParties;
    expect(thirdPartyForHost('nothotjar.com', parties)).toBeNull();
    expect(thirdPartyForHost('hotjar.com.evil.example', parties)).toBeNull();
    expect(thirdPartyForHost('api.map.baidu.com', parties)?.id).toBe('baidu-maps');
    expect(thirdPartyForHost('baidu.com', parties)).toBeNull();
  });
});

describe('the thirdParties section of a ruleset', () => {
  const base = structuredClone(rs.source) as Record<string, unknown> & { thirdParties: { id: string; hosts: string[] }[] };

  it('the bundled ruleset lists each host once', () => {
    expect(validateRuleset(base).ok).toBe(true);
    const hosts = base.thirdParties.flatMap((p) => p.hosts);
    expect(new Set(hosts).size).toBe(hosts.length);
  });

  it('rejects duplicate ids, a host listed twice and malformed hosts, with paths', () => {
    const bad = structuredClone(base);
    bad.thirdParties.push({ ...bad.thirdParties[0] });
    const result = validateRuleset(bad);
    expect(result.ok).toBe(false);
    const paths = result.ok ? [] : result.errors.map((e) => e.path);
    const last = bad.thirdParties.length - 1;
    expect(paths).toContain(`$.thirdParties[${last}].id`);
    expect(paths).toContain(`$.thirdParties[${last}].hosts[0]`);
    for (const host of ['https://hotjar.com', '*.hotjar.com', 'Hotjar.com', 'hotjar.com/x', 'localhost']) {
      const one = structuredClone(base);
      one.thirdParties[0].hosts = [host];
      const r = validateRuleset(one);
      expect(r.ok, host).toBe(false);
      if (!r.ok) expect(r.errors[0].path).toBe('$.thirdParties[0].hosts[0]');
    }
  });

  it('a ruleset without the section has no third parties', () => {
    const { thirdParties: _, ...rest } = structuredClone(base);
    const result = validateRuleset(rest);
    expect(result.ok).toBe(true);
    if (result.ok) expect(scorePage(shopCheckoutEn(), compileRuleset(result.ruleset)).thirdParties).toEqual([]);
  });
});

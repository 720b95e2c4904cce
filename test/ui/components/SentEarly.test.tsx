// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import type { Finding, PageReport } from '../../../src/shared/model';
import type { RulesetTexts } from '../../../src/messaging/protocol';
import { translator } from '../../../src/shared/strings';
import { ReportView } from '../../../src/ui/components/ReportView';

const texts = (names: Record<string, string>): RulesetTexts => ({
  id: 'core',
  version: '1',
  categories: Object.fromEntries(Object.entries(names).map(([id, name]) => [id, { name, why: 'w', whatToDo: 'd', tier: 2, legal: [] }])),
  serviceKinds: { shop: 'Shop' },
  pageKinds: { checkout: 'Checkout' },
});

function sent(category: string, site: string, encoding: 'sha256' | 'raw' | 'base64'): Finding {
  return {
    category,
    source: 'network',
    required: null,
    necessity: 'unnecessary',
    ruleId: `network.sent.${category}`,
    evidence: `navigator.sendBeacon() → ${site} (${encoding})`,
    api: 'network.send',
    frameUrl: 'https://shop.example/',
    element: null,
    tier: 2,
    penalty: 12,
    recipients: [{ relation: 'other-site', site, via: 'network' }],
    sent: { receiver: site, via: 'beacon', encoding },
  };
}

const report = (findings: Finding[]): PageReport => ({
  url: 'https://shop.example/checkout',
  grade: 'D',
  score: 45,
  pageKind: 'checkout',
  serviceKind: 'shop',
  findings,
  ruleset: 'core@1',
  updatedAt: 1,
});

let root: HTMLElement;
afterEach(() => root?.remove());

function show(
  r: PageReport,
  lang: 'en' | 'zh-CN',
  names: Record<string, string>,
  onCorrect?: Parameters<typeof ReportView>[0]['onCorrect'],
) {
  root = document.createElement('div');
  document.body.append(root);
  act(() => render(<ReportView report={r} texts={texts(names)} lang={lang} t={translator(lang)} onCorrect={onCorrect} />, root));
}

describe('what was sent where, in the popup', () => {
  const findings = [sent('email', 'ads.example', 'sha256'), sent('phone', 'ads.example', 'sha256'), sent('email', 'pixel.example', 'raw')];

  it('one line per receiving site, naming each kind of data and whether it was hashed', () => {
    show(report(findings), 'en', { email: 'e-mail address', phone: 'phone number' });
    const lines = [...root.querySelectorAll('.sent li')].map((li) => li.textContent);
    expect(lines).toEqual([
      'Sent to ads.example before you pressed submit: hashed e-mail address and hashed phone number',
      'Sent to pixel.example before you pressed submit: e-mail address',
    ]);
  });

  it('in Chinese too', () => {
    show(report(findings), 'zh-CN', { email: '电子邮箱', phone: '手机号码' });
    expect(root.querySelector('.sent li')?.textContent).toBe(
      '在你点击提交之前已发送给 ads.example：哈希处理后的电子邮箱和哈希处理后的手机号码',
    );
  });

  it('no section without network findings', () => {
    show(report([]), 'en', {});
    expect(root.querySelector('.sent')).toBeNull();
  });

  it('"this is wrong" on every finding offers three reasons and reports the chosen one with the finding', () => {
    const onCorrect = vi.fn();
    show(report(findings), 'en', { email: 'e-mail address', phone: 'phone number' }, onCorrect);
    const wrongs = root.querySelectorAll('.wrong');
    expect(wrongs.length).toBe(root.querySelectorAll('.evidence li').length);
    const choices = [...wrongs[0].querySelectorAll('button')];
    expect(choices.map((b) => b.textContent)).toEqual(['Not asked here', 'Wrong kind of data', 'This service needs it']);
    act(() => choices[2].click());
    expect(onCorrect).toHaveBeenCalledWith(expect.objectContaining({ source: 'network' }), 'needed');
  });

  it('no "this is wrong" where corrections cannot be made', () => {
    show(report(findings), 'en', {});
    expect(root.querySelector('.wrong')).toBeNull();
  });
});

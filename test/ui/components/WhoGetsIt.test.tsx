// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { render } from 'preact';
import type { Finding, Recipient, ThirdPartyPresence } from '../../../src/shared/model';
import { translator } from '../../../src/shared/strings';
import { cardRecipients, ThirdPartyList, WhoGetsIt } from '../../../src/ui/components/WhoGetsIt';

const finding = (recipients?: Recipient[]): Finding => ({
  category: 'birthdate',
  source: 'field',
  required: true,
  necessity: 'unnecessary',
  ruleId: 'r',
  evidence: 'e',
  api: null,
  frameUrl: 'https://shop.example/',
  element: null,
  tier: 2,
  penalty: 12,
  ...(recipients && { recipients }),
});
const thisSite: Recipient = { relation: 'this-site', site: 'shop.example', via: 'page' };
const formElsewhere: Recipient = { relation: 'other-site', site: 'collect.example', via: 'form' };
const faceSdk: Recipient = {
  relation: 'third-party',
  site: 'megvii.com',
  via: 'form',
  thirdParty: { id: 'megvii-faceid', name: { en: 'Megvii FaceID', 'zh-CN': '旷视 FaceID' }, kind: 'face-sdk' },
};
const hotjar: ThirdPartyPresence = { id: 'hotjar', name: { en: 'Hotjar' }, kind: 'session-recorder', hosts: ['static.hotjar.com'] };

const container = document.createElement('div');
afterEach(() => render(null, container));

describe('WhoGetsIt', () => {
  it('lists each receiving site once, elsewhere first, in English and Chinese', () => {
    const findings = [finding([thisSite, formElsewhere]), finding([formElsewhere, faceSdk])];
    expect(cardRecipients(findings)).toEqual([formElsewhere, faceSdk, thisSite]);
    render(<WhoGetsIt findings={findings} lang="en" t={translator('en')} />, container);
    expect([...container.querySelectorAll('li')].map((li) => li.textContent)).toEqual([
      'Another site: collect.example (the form is sent there)',
      'Megvii FaceID, Face verification: megvii.com (the form is sent there)',
      'This site: shop.example (the page that asks for it)',
    ]);
    render(<WhoGetsIt findings={findings} lang="zh-CN" t={translator('zh-CN')} />, container);
    expect(container.textContent).toContain('其他网站：collect.example');
    expect(container.textContent).toContain('第三方 旷视 FaceID（人脸核验）：megvii.com');
  });

  it('shows nothing when no finding names a recipient (reports from before this feature)', () => {
    render(<WhoGetsIt findings={[finding()]} lang="en" t={translator('en')} />, container);
    expect(container.innerHTML).toBe('');
  });
});

describe('ThirdPartyList', () => {
  it('says what each kind does; a ruleset "why" wins; unknown kinds read as "third party"', () => {
    const parties: ThirdPartyPresence[] = [
      hotjar,
      { id: 'x', name: { en: 'Xtrack' }, kind: 'brand-new-kind', hosts: ['x.example'], why: { en: 'Sells your clicks.' } },
    ];
    render(<ThirdPartyList parties={parties} lang="en" t={translator('en')} />, container);
    const items = [...container.querySelectorAll('li')].map((li) => li.textContent);
    expect(items[0]).toBe('Hotjar · Session recorder: can record what you type, click and scroll on this pagestatic.hotjar.com');
    expect(items[1]).toBe('Xtrack · Third party: Sells your clicks.x.example');
  });
});

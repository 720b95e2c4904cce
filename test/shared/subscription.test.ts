import { describe, expect, it } from 'vitest';
import { checkSubscriptionUrl, originPattern } from '../../src/shared/subscription';

describe('subscription addresses', () => {
  it('allows https anywhere and plain http only on loopback', () => {
    expect(checkSubscriptionUrl('https://lists.example.org/cn.json')).toEqual({ ok: true, url: 'https://lists.example.org/cn.json' });
    expect(checkSubscriptionUrl(' http://127.0.0.1:8080/x.json ').ok).toBe(true);
    expect(checkSubscriptionUrl('http://localhost/x.json').ok).toBe(true);
    expect(checkSubscriptionUrl('http://[::1]/x.json').ok).toBe(true);
    for (const bad of [
      'http://lists.example.org/x.json',
      'ftp://127.0.0.1/x',
      'file:///etc/passwd',
      'javascript:alert(1)',
      'not a url',
      'https://user:pw@example.org/x',
    ]) {
      expect(checkSubscriptionUrl(bad).ok, bad).toBe(false);
    }
    expect(originPattern('https://lists.example.org:8443/a/b.json?x=1')).toBe('https://lists.example.org/*');
  });
});

import { describe, expect, it } from 'vitest';
import { extensionMissingReason } from '../../../src/dev/audit/browser';

describe('extensionMissingReason', () => {
  it('tells the user to build first when there is no built extension', () => {
    expect(extensionMissingReason('/nonexistent/chrome-mv3')).toMatch(/run npm run build:chrome first/);
  });
});

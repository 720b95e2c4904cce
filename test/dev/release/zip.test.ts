/**
 * The release packaging: the version, date and notes read from CHANGELOG.md, and zips whose bytes
 * depend only on the files and the release day (same bytes twice, whatever the file dates or the
 * order files were listed in).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { latestRelease } from '../../../src/dev/release/changelog';
import { reproducibleZip } from '../../../src/dev/release/zip';

const CHANGELOG = `# Changelog

## [Unreleased]

### Added
- something new

## [1.2.0] - 2026-12-01

### Fixed
- a bug

## [1.1.0] - 2026-11-01

- older
`;

describe('latestRelease', () => {
  it('takes the newest released section, not [Unreleased]', () => {
    expect(latestRelease(CHANGELOG)).toEqual({ version: '1.2.0', date: '2026-12-01', notes: '### Fixed\n- a bug', unreleased: true });
  });
  it('an empty [Unreleased] is no pending release', () => {
    expect(latestRelease(CHANGELOG.replace('### Added\n- something new\n', '')).unreleased).toBe(false);
  });
  it('refuses a changelog without a dated release', () => {
    expect(() => latestRelease('# Changelog\n\n## [Unreleased]\n- x\n')).toThrow(/no released version/);
    expect(() => latestRelease('## [1.0.0]\n- x\n')).toThrow(/no date/);
  });
  it('reads the real CHANGELOG.md, whose version is package.json’s', () => {
    const root = path.resolve(import.meta.dirname, '../../..');
    const release = latestRelease(readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8'));
    expect(release.version).toBe(JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version);
  });
});

describe('reproducibleZip', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ntk-zip-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'b.txt'), 'bee');
  writeFileSync(path.join(dir, 'a.json'), '{"a":1}');

  it('gives the same bytes for the same files, whatever their dates and listing order', () => {
    const first = reproducibleZip(dir, ['b.txt', 'a.json'], '2026-12-01');
    utimesSync(path.join(dir, 'b.txt'), new Date(2030, 0, 1), new Date(2030, 0, 1));
    const second = reproducibleZip(dir, ['a.json', 'b.txt'], '2026-12-01');
    expect(Buffer.from(second).equals(Buffer.from(first))).toBe(true);
    expect(Object.keys(unzipSync(first))).toEqual(['a.json', 'b.txt']);
    expect(new TextDecoder().decode(unzipSync(first)['b.txt'])).toBe('bee');
  });

  it('changes when a file changes', () => {
    const before = reproducibleZip(dir, ['a.json'], '2026-12-01');
    writeFileSync(path.join(dir, 'a.json'), '{"a":2}');
    expect(Buffer.from(reproducibleZip(dir, ['a.json'], '2026-12-01')).equals(Buffer.from(before))).toBe(false);
  });
});

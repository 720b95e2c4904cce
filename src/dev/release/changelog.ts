/**
 * The newest released version in CHANGELOG.md (Keep a Changelog: `## [x.y.z] - YYYY-MM-DD`), its date
 * and its notes, and whether an `## [Unreleased]` section still holds entries. The release zips take
 * their version, file dates and release notes from here.
 */
export interface Release {
  version: string;
  /** YYYY-MM-DD */
  date: string;
  /** The section's text under its heading, trimmed. */
  notes: string;
  /** True when `## [Unreleased]` has entries that no released version carries yet. */
  unreleased: boolean;
}

const HEADING = /^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?\s*$/;

export function latestRelease(changelog: string): Release {
  const lines = changelog.split(/\r?\n/);
  const sections: { name: string; date: string | undefined; body: string[] }[] = [];
  for (const line of lines) {
    const m = HEADING.exec(line);
    if (m) sections.push({ name: m[1], date: m[2], body: [] });
    else sections.at(-1)?.body.push(line);
  }
  const unreleased = sections.some((s) => /^unreleased$/i.test(s.name) && s.body.some((l) => /^\s*[-*] /.test(l)));
  const release = sections.find((s) => !/^unreleased$/i.test(s.name));
  if (!release) throw new Error('CHANGELOG.md has no released version (## [x.y.z] - YYYY-MM-DD)');
  if (!/^\d+\.\d+\.\d+$/.test(release.name)) throw new Error(`CHANGELOG.md: "${release.name}" is not a version x.y.z`);
  if (!release.date) throw new Error(`CHANGELOG.md: version ${release.name} has no date (## [x.y.z] - YYYY-MM-DD)`);
  const notes = release.body.join('\n').trim();
  if (!notes) throw new Error(`CHANGELOG.md: version ${release.name} has no notes`);
  return { version: release.name, date: release.date, notes, unreleased };
}

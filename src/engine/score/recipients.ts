/**
 * Who receives what a page asks for (pure): for each finding, the site its form submits to, or the
 * site whose page or frame asks (that site's own scripts read what is typed there); and for the page,
 * the known third parties whose scripts are present (session recorders, face SDKs, maps, analytics, ads).
 *
 * Never a false alarm: a recipient is named only from evidence (a form action, the document that asks,
 * a script host); relations are judged against the site of the page the user is on.
 */
import { parseWebUrl, siteOfUrl } from '../../shared/site';
import type { FieldDescriptor, Finding, FrameObservations, PageObservations, Recipient, ThirdPartyPresence } from '../../shared/model';
import type { CompiledRuleset } from '../rules/compile';
import type { ThirdPartyDef } from '../rules/schema';

/** Most telling first: a session recorder sees a checkout as the user fills it in. */
const KIND_ORDER = ['session-recorder', 'face-sdk', 'map-sdk', 'ads', 'analytics', 'other'];

/** Whether `host` is `suffix` or one of its subdomains. */
export function hostMatches(host: string, suffix: string): boolean {
  return host === suffix || host.endsWith('.' + suffix);
}

/** The ruleset's third party that `host` (a host name or a site) belongs to, if any. */
export function thirdPartyForHost(host: string, parties: readonly ThirdPartyDef[]): ThirdPartyDef | null {
  const h = host.toLowerCase().replace(/\.$/, '');
  return parties.find((p) => p.hosts.some((suffix) => hostMatches(h, suffix))) ?? null;
}

function partiesOf(rs: CompiledRuleset): readonly ThirdPartyDef[] {
  // A ruleset compiled before the section existed has none.
  return rs.source.thirdParties ?? [];
}

/**
 * A recipient for data going to `targetUrl`, judged against `pageSite`; null when the target is not a
 * web URL (mailto:, data:…). Part A's network findings can name their receiver with the same function.
 */
export function recipientFor(targetUrl: string, pageSite: string | null, via: Recipient['via'], rs: CompiledRuleset): Recipient | null {
  const target = parseWebUrl(targetUrl);
  const site = target ? siteOfUrl(targetUrl) : null;
  if (!target || !site) return null;
  if (site === pageSite) return { relation: 'this-site', site, via };
  const party = thirdPartyForHost(target.hostname, partiesOf(rs));
  return party
    ? { relation: 'third-party', site, via, thirdParty: { id: party.id, name: party.name, kind: party.kind } }
    : { relation: 'other-site', site, via };
}

/**
 * Where a field's answer goes: the site its form submits to (an explicit action), and the site of the
 * document the field is in, whose scripts read it anyway (a form without action, or no form: sent by
 * script, which we cannot follow here — part A watches the requests themselves).
 */
export function fieldRecipients(field: FieldDescriptor, frameUrl: string, pageSite: string | null, rs: CompiledRuleset): Recipient[] {
  const out: Recipient[] = [];
  const add = (r: Recipient | null) => {
    if (r && !out.some((o) => o.site === r.site && o.relation === r.relation)) out.push(r);
  };
  if (field.formAction) add(recipientFor(field.formAction, pageSite, 'form', rs));
  add(recipientFor(frameUrl, pageSite, 'page', rs));
  return out;
}

/**
 * Adds `recipients` to field, API and widget findings (network and script findings name theirs
 * already). Fields are found by frame and selector, which are unique per frame document. A map picker
 * goes to the page that shows it and to the map services whose scripts are in its frame.
 */
export function attachRecipients(findings: Finding[], obs: PageObservations, rs: CompiledRuleset): void {
  const pageSite = siteOfUrl(obs.url);
  const fields = new Map<string, FieldDescriptor>();
  for (const frame of obs.frames) for (const f of frame.fields) fields.set(`${frame.frameUrl} ${f.selector}`, f);
  for (const finding of findings) {
    if (finding.recipients) continue;
    if (finding.source === 'field' && finding.element) {
      const field = fields.get(`${finding.frameUrl} ${finding.element.selector}`);
      if (field) finding.recipients = fieldRecipients(field, finding.frameUrl, pageSite, rs);
    } else if (finding.source === 'api' || finding.source === 'widget') {
      const out: Recipient[] = [];
      const page = recipientFor(finding.frameUrl, pageSite, 'page', rs);
      if (page) out.push(page);
      if (finding.source === 'widget')
        out.push(
          ...mapServices(
            obs.frames.find((f) => f.frameUrl === finding.frameUrl),
            pageSite,
            rs,
          ),
        );
      if (out.length) finding.recipients = out;
    }
  }
}

/** The map services (third parties of kind "map-sdk") whose scripts a frame loads, each site once. */
function mapServices(frame: FrameObservations | undefined, pageSite: string | null, rs: CompiledRuleset): Recipient[] {
  const out: Recipient[] = [];
  for (const host of frame?.page.scriptHosts ?? []) {
    if (thirdPartyForHost(host, partiesOf(rs))?.kind !== 'map-sdk') continue;
    const r = recipientFor(`https://${host}/`, pageSite, 'script', rs);
    if (r && r.relation !== 'this-site' && !out.some((o) => o.site === r.site)) out.push(r);
  }
  return out;
}

/** The known third parties whose scripts are on the page, in any frame; the page's own site excluded. */
export function thirdPartiesOnPage(frames: readonly FrameObservations[], pageUrl: string, rs: CompiledRuleset): ThirdPartyPresence[] {
  const parties = partiesOf(rs);
  if (!parties.length) return [];
  const pageSite = siteOfUrl(pageUrl);
  const found = new Map<string, ThirdPartyPresence>();
  for (const frame of frames) {
    for (const host of frame.page.scriptHosts) {
      const party = thirdPartyForHost(host, parties);
      if (!party || siteOfUrl(`https://${host}/`) === pageSite) continue;
      const entry = found.get(party.id) ?? {
        id: party.id,
        name: party.name,
        kind: party.kind,
        hosts: [],
        ...(party.why ? { why: party.why } : {}),
      };
      if (!entry.hosts.includes(host)) entry.hosts.push(host);
      found.set(party.id, entry);
    }
  }
  const rank = (kind: string) => (KIND_ORDER.includes(kind) ? KIND_ORDER.indexOf(kind) : KIND_ORDER.length);
  return [...found.values()].sort((a, b) => rank(a.kind) - rank(b.kind));
}

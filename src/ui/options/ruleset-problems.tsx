/** What the rulesets section and its preview share: a pending import and how its problems are shown. */
import type { PreviewResult } from '../../messaging/protocol';

/** A preview waiting for the user's Apply or Cancel, with where the text came from. */
export interface PendingImport {
  source: 'local' | 'subscribed';
  /** The file name or the URL, to remind the user what they picked. */
  origin: string;
  url?: string;
  sha256Pin?: string;
  result: PreviewResult;
}

/** The technical detail of a failure (status code, hashes, ids), when it says more than the sentence. */
export function ProblemDetail({ code, message }: { code?: string; message: string }) {
  if (!code || !['http', 'network', 'pin', 'other-id', 'address'].includes(code)) return null;
  return (
    <p class="muted small">
      <code>{message}</code>
    </p>
  );
}

export function ErrorList({ errors }: { errors: { path: string; reason: string }[] }) {
  return (
    <ul class="errors">
      {errors.map((e, i) => (
        <li key={i}>
          <code>{e.path}</code> {e.reason}
        </li>
      ))}
    </ul>
  );
}

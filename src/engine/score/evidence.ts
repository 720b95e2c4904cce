/**
 * Evidence: what the user can look for on the page — attributes and label text of a control, or the
 * call a page made, in code-like notation that reads the same in any UI language. Never a value.
 */
import type { ApiObservation, FieldDescriptor, NetworkEncoding, NetworkVia } from '../../shared/model';

/** How much of a question (label, caption) evidence quotes. */
export const MAX_QUESTION = 60;

// Evidence in code-like notation, like API calls' (readable in any UI language); the localized
// necessity note and "Who gets it" say in words that it left before submit.
const VIA_LABELS: Record<NetworkVia, string> = {
  fetch: 'fetch()',
  xhr: 'XMLHttpRequest',
  beacon: 'navigator.sendBeacon()',
  image: '<img src>',
  script: '<script src>',
  websocket: 'WebSocket.send()',
};
const ENCODING_LABELS: Record<NetworkEncoding, string> = {
  raw: 'plain',
  urlencoded: 'URL-encoded',
  base64: 'base64',
  md5: 'MD5',
  sha1: 'SHA-1',
  sha256: 'SHA-256',
};

/** Data that left for another site: by which call, to which site, in which encoding. */
export function networkEvidence(call: { via: NetworkVia; receiver: string; encoding: NetworkEncoding }): string {
  return `${VIA_LABELS[call.via] ?? call.via} → ${call.receiver} (${ENCODING_LABELS[call.encoding] ?? call.encoding})`;
}

export function fieldEvidence(f: FieldDescriptor): string {
  // For radios the button's own label ("Female") says less than the group's question ("Gender").
  const question =
    f.type === 'radio' ? f.nearbyText || f.labelText || f.ariaLabel : f.labelText || f.ariaLabel || f.nearbyText || f.placeholder;
  const attrs: string[] = [f.tag];
  if (f.type === 'file' || f.type === 'radio') attrs.push(`type="${f.type}"`);
  if (f.type === 'file' && f.capture) attrs.push(`capture="${f.capture}"`);
  if (f.name) attrs.push(`name="${short(f.name, 40)}"`);
  else if (f.id) attrs.push(`id="${short(f.id, 40)}"`);
  else if (f.autocomplete) attrs.push(`autocomplete="${short(f.autocomplete, 40)}"`);
  const element = attrs.join(' ');
  // Required markers ("*", "：") are decoration, not part of the question.
  const text = question
    .replace(/\s+/g, ' ')
    .replace(/[\s*＊:：]+$/u, '')
    .trim();
  return text ? `"${short(text, MAX_QUESTION)}" (${element})` : element;
}

export function short(text: string, max: number): string {
  return text.length > max ? text.slice(0, max - 1) + '…' : text;
}

export function apiEvidence(call: ApiObservation): string {
  switch (call.api) {
    case 'geolocation.getCurrentPosition':
    case 'geolocation.watchPosition':
      return `navigator.${call.api}({enableHighAccuracy: ${call.highAccuracy === true}})`;
    case 'mediaDevices.getUserMedia': {
      const parts: string[] = [];
      if (call.video) parts.push(call.facingUser ? 'video: {facingMode: "user"}' : 'video: true');
      if (call.audio) parts.push('audio: true');
      return `navigator.mediaDevices.getUserMedia({${parts.join(', ')}})`;
    }
    case 'contacts.select': {
      const props = (Array.isArray(call.properties) ? call.properties : []).slice(0, 5).map((p) => JSON.stringify(short(String(p), 20)));
      return `navigator.contacts.select([${props.join(', ')}], {multiple: ${call.multiple === true}})`;
    }
    case 'permissions.query':
      return `navigator.permissions.query({name: ${JSON.stringify(short(String(call.name), 40))}})`;
    default:
      return 'unknown API call';
  }
}

/**
 * A random id for this document instance. `crypto.randomUUID` exists only in secure contexts, and
 * plain-http shop pages exist, so fall back to `getRandomValues` (available everywhere).
 */
export function newDocId(): string {
  if (typeof crypto.randomUUID === 'function' && globalThis.isSecureContext !== false) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

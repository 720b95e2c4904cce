/** Small formatting helpers shared by the options page's sections. */
import type { Lang, LocalizedText } from '../../shared/model';

export function localized(text: LocalizedText | undefined, lang: Lang): string {
  return text ? (text[lang] ?? text.en) : '';
}

/** A date and time in the UI language, or '' for "never". */
export function dateTime(ms: number | undefined, lang: Lang): string {
  if (!ms) return '';
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** Saves `text` as a file through the browser's download UI (no permission needed, nothing leaves the device). */
export function saveTextFile(filename: string, text: string, doc: Document = document): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = doc.createElement('a');
  a.href = url;
  a.download = filename;
  doc.body.append(a);
  a.click();
  a.remove();
  // Revoke after the click has been handled: the download holds its own reference by then.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

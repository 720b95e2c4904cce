import { render } from 'preact';
import { PopupApp } from '@/src/ui/popup/PopupApp';
import { preferredLanguage } from '@/src/store/settings';
import { loadUiStrings } from '@/src/ui/ui-strings';
import '@/src/ui/theme.css';
import '@/src/ui/popup/popup.css';

// The user's language choice (options page) wins over the browser's.
void preferredLanguage().then(async (lang) => {
  await loadUiStrings(lang);
  render(<PopupApp lang={lang} />, document.getElementById('app')!);
});

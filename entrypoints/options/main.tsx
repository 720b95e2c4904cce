import { render } from 'preact';
import { OptionsApp } from '@/src/ui/options/OptionsApp';
import { preferredLanguage } from '@/src/store/settings';
import { loadUiStrings } from '@/src/ui/ui-strings';
import '@/src/ui/theme.css';
import '@/src/ui/options/options.css';

void preferredLanguage().then(async (lang) => {
  await loadUiStrings(lang);
  render(<OptionsApp initialLang={lang} />, document.getElementById('app')!);
});

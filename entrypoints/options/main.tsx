import { render } from 'preact';
import { OptionsApp } from '@/src/ui/options/OptionsApp';
import { preferredLanguage } from '@/src/store/settings';
import '@/src/ui/theme.css';
import '@/src/ui/options/options.css';

void preferredLanguage().then((lang) => render(<OptionsApp initialLang={lang} />, document.getElementById('app')!));

import { render } from 'preact';
import { OptionsApp } from '@/src/ui/options/OptionsApp';
import { openingLanguage } from '@/src/ui/ui-strings';
import '@/src/ui/theme.css';
import '@/src/ui/options/options.css';

void openingLanguage().then((lang) => render(<OptionsApp initialLang={lang} />, document.getElementById('app')!));

import { render } from 'preact';
import { PopupApp } from '@/src/ui/popup/PopupApp';
import { openingLanguage } from '@/src/ui/ui-strings';
import '@/src/ui/theme.css';
import '@/src/ui/popup/popup.css';

// The user's language choice (options page) wins over the browser's.
void openingLanguage().then((lang) => render(<PopupApp lang={lang} />, document.getElementById('app')!));

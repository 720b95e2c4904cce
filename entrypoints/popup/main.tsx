import { render } from 'preact';
import { PopupApp } from '@/src/ui/popup/PopupApp';
import '@/src/ui/popup/popup.css';

render(<PopupApp />, document.getElementById('app')!);

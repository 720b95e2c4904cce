/** Runtime messaging for the background and the extension pages (content scripts use sender.ts). */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { ProtocolMap } from './protocol';

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();

/**
 * The content script's sender. Every page gets the content script, so it carries only this: the
 * message format of @webext-core/messaging ({ id, type, data, timestamp } answered by { res } or
 * { err }), which the background's onMessage (messenger.ts) answers, without that library's logger
 * and error (de)serialiser. test/messaging/sender.test.ts checks that the two agree.
 */
import { browser } from 'wxt/browser';
import type { GetDataType, GetReturnType } from '@webext-core/messaging';
import type { ProtocolMap } from './protocol';

let nextId = Math.floor(Math.random() * 1e4);

export async function sendMessage<K extends keyof ProtocolMap>(
  type: K,
  data: GetDataType<ProtocolMap[K]>,
): Promise<GetReturnType<ProtocolMap[K]>> {
  const reply = (await browser.runtime.sendMessage({ id: nextId++, type, data, timestamp: Date.now() })) as
    { res?: GetReturnType<ProtocolMap[K]>; err?: { message?: string } } | undefined;
  if (!reply) throw new Error('No response');
  if (reply.err != null) throw new Error(reply.err.message);
  return reply.res!;
}

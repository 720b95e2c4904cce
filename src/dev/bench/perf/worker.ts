/** The extension's service worker seen from the bench: a CDP session into it, and when it set each badge. */
import type { BrowserContext, CDPSession } from 'playwright-core';
import type { ExtensionSession } from '../../audit/browser';
import type { NeedToKnowDebug } from '../../../messaging/debug-hook';
import { DEBUG_GLOBAL } from '../../../messaging/debug-hook';

// The worker: badge timing and heap through a browser-level CDP session (non-flat attach).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- CDP replies are untyped JSON; callers read the fields they asked for
export type CdpSend = (method: string, params?: object) => Promise<any>;

export async function workerCdp(ctx: BrowserContext, ownOrigin: string): Promise<{ send: CdpSend; detach(): Promise<void> } | null> {
  const browser = ctx.browser();
  if (!browser) return null;
  const cdp: CDPSession = await browser.newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets');
  const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(ownOrigin));
  if (!sw) return null;
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: sw.targetId, flatten: false });
  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    if (e.sessionId !== sessionId) return;
    const msg = JSON.parse(e.message) as { id?: number; result?: unknown; error?: { message: string } };
    const p = msg.id === undefined ? undefined : pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id!);
    if (msg.error) p.reject(new Error(msg.error.message));
    else p.resolve(msg.result);
  });
  return {
    send(method, params = {}) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) }).catch(reject);
      });
    },
    detach: async () => {
      await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => {});
      await cdp.detach().catch(() => {});
    },
  };
}

/** Records, in the worker, when the badge of each tab was last set (re-installed if the worker restarted). */
export async function watchBadge(session: ExtensionSession): Promise<void> {
  await session.inWorker(() => {
    const g = globalThis as unknown as {
      chrome: { action: { setBadgeText(d: { tabId?: number; text: string }): Promise<void> } };
      __badgeTimes?: Record<number, number[]>;
    };
    if (g.__badgeTimes) return;
    g.__badgeTimes = {};
    const original = g.chrome.action.setBadgeText.bind(g.chrome.action);
    g.chrome.action.setBadgeText = (d) => {
      if (typeof d.tabId === 'number') (g.__badgeTimes![d.tabId] ??= []).push(Date.now());
      return original(d);
    };
  }, null);
}

export async function badgeTimesFor(session: ExtensionSession, url: string): Promise<number[]> {
  return session.inWorker(
    async ({ url, hook }) => {
      const g = globalThis as unknown as Record<string, unknown> & { __badgeTimes?: Record<number, number[]> };
      const tabId = await (g[hook] as NeedToKnowDebug).tabIdForUrl(url);
      return tabId === null ? [] : (g.__badgeTimes?.[tabId] ?? []);
    },
    { url, hook: DEBUG_GLOBAL },
  );
}

/** Per-tab state: the frames we were told about and the latest report. Plain DB access, no caching. */
import { getDb, type TabState } from './db';

export type { FrameState, TabState } from './db';

export async function loadTab(tabId: number): Promise<TabState | null> {
  return (await (await getDb()).get('tabs', tabId)) ?? null;
}

export async function saveTab(state: TabState): Promise<void> {
  await (await getDb()).put('tabs', state);
}

export async function deleteTab(tabId: number): Promise<void> {
  await (await getDb()).delete('tabs', tabId);
}

export async function allTabs(): Promise<TabState[]> {
  return (await getDb()).getAll('tabs');
}

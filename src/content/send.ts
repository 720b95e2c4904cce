import type { FrameReport } from '@/src/shared/model';

const RETRY_DELAY_MS = 1000;

/**
 * Sends reports one after another (order matters: each carries only changes) and retries a failed
 * send once after a short delay, e.g. while the service worker is starting. Failures stay quiet:
 * a page must never see errors from us.
 */
export function createReportSender(
  transport: (report: FrameReport) => Promise<unknown>,
  delay: (fn: () => void, ms: number) => void,
): (report: FrameReport) => void {
  let queue: Promise<unknown> = Promise.resolve();
  const sendOnce = (report: FrameReport): Promise<unknown> =>
    transport(report).catch(() => new Promise((resolve) => delay(() => resolve(transport(report).catch(() => undefined)), RETRY_DELAY_MS)));
  return (report) => {
    queue = queue.then(() => sendOnce(report));
  };
}

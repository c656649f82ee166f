/**
 * Delivery of mesh events (and access events) to the targets governance configures: webhooks, the
 * body signed with HMAC-SHA256 when the target names a secret, and repository_dispatch through the
 * app's Octokit; transient failures retried with exponential backoff.
 */
import { createHmac } from 'node:crypto';
import type { EventTarget } from '../core/kinds/governance.ts';
import type { Log } from './log.ts';
import type { GitHub } from './octokit.ts';
import { statusOf } from './octokit.ts';

/** Anything delivered like a mesh event: CloudEvents with an id and a type (push events, access events). */
export interface DeliverableEvent {
  id: string;
  type: string;
}

/** What delivery needs of Octokit: only `request` (for repository_dispatch). */
export type Dispatcher = Pick<GitHub, 'request'>;

export interface DeliveryOptions {
  log: Log;
  env?: Record<string, string | undefined>;
  /** Attempts per event and target, the first included. */
  attempts?: number;
  /** Wait before attempt n+1 is `backoffMs * 2^(n-1)`. */
  backoffMs?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

export interface DeliveryFailure {
  eventId: string;
  target: string;
  error: unknown;
}

/**
 * Sends every event to every target that wants it, retrying transient failures with exponential
 * backoff. Returns the deliveries that failed for good; each is logged with its event id.
 */
export async function deliverEvents(octokit: Dispatcher, events: DeliverableEvent[], targets: EventTarget[], options: DeliveryOptions): Promise<DeliveryFailure[]> {
  const failures: DeliveryFailure[] = [];
  for (const target of targets) {
    const name = target.type === 'webhook' ? `webhook ${target.url}` : `repository_dispatch ${target.repository}`;
    for (const event of events) {
      if (target.events && !target.events.includes(event.type)) continue;
      try {
        await withRetries(() => deliverOne(octokit, event, target, options), options);
        options.log.info({ eventId: event.id, target: name }, 'Mesh event delivered.');
      } catch (error) {
        options.log.error({ err: error, eventId: event.id, type: event.type, target: name }, 'Mesh event could not be delivered.');
        failures.push({ eventId: event.id, target: name, error });
      }
    }
  }
  return failures;
}

/** Not worth another attempt: the request itself is wrong, or the target refuses it. */
class PermanentError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

async function deliverOne(octokit: Dispatcher, event: DeliverableEvent, target: EventTarget, options: DeliveryOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  if (target.type === 'repository_dispatch') {
    const [owner, repo] = (target.repository ?? '').split('/');
    try {
      await octokit.request('POST /repos/{owner}/{repo}/dispatches', {
        owner,
        repo,
        event_type: event.type,
        client_payload: event as unknown as Record<string, unknown>,
        request: { signal: AbortSignal.timeout(timeoutMs) },
      });
    } catch (error) {
      const status = statusOf(error);
      if (status !== undefined && status < 500 && status !== 429) {
        throw new PermanentError(
          `repository_dispatch to ${target.repository} was refused with HTTP ${status}: the app needs "Contents: write" on that repository and must be installed there.`,
          { cause: error },
        );
      }
      throw error;
    }
    return;
  }
  const body = JSON.stringify(event);
  const headers: Record<string, string> = {
    'content-type': 'application/cloudevents+json; charset=utf-8',
    'user-agent': 'meshgate',
    'ce-id': event.id,
  };
  if (target.secretEnv) {
    const secret = (options.env ?? process.env)[target.secretEnv];
    if (!secret) {
      throw new PermanentError(`The webhook ${target.url} is configured with secretEnv ${target.secretEnv}, but that environment variable is empty; set it where the app runs.`);
    }
    headers['x-meshgate-signature'] = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
  }
  const response = await (options.fetch ?? fetch)(target.url!, { method: 'POST', headers, body, signal: AbortSignal.timeout(timeoutMs) });
  if (response.ok) return;
  const text = await response.text().catch(() => '');
  const message = `Webhook ${target.url} answered HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}`;
  if (response.status >= 500 || response.status === 429 || response.status === 408) throw new Error(message);
  throw new PermanentError(message);
}

async function withRetries(task: () => Promise<void>, options: DeliveryOptions): Promise<void> {
  const attempts = options.attempts ?? 4;
  const backoff = options.backoffMs ?? 1000;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await task();
    } catch (error) {
      if (error instanceof PermanentError || attempt >= attempts) throw error;
      options.log.warn({ err: error, attempt }, 'Mesh event delivery failed; retrying.');
      await sleep(backoff * 2 ** (attempt - 1));
    }
  }
}

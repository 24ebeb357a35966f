// The one catch point for commands: parse, check permission, run, and answer kindly whatever happens.
import type { App } from '../app-services.ts';
import type { CommandInvocation } from '../chat.ts';
import type { Logger } from '../logger.ts';
import { text, type Reply } from '../views.ts';
import { RateLimitError, serviceName, UpstreamError, UserInputError } from '../errors.ts';
import { createRegistry, syntaxOf } from '../../commands/registry.ts';

/** Build `handleCommand` for an app. `onLatency` receives each command's duration (metrics). */
export function createCommandHandler(
  app: Omit<App, 'handleCommand'>,
  logger: Logger,
  onLatency?: (name: string, seconds: number, outcome: string) => void,
): (inv: CommandInvocation) => Promise<Reply> {
  const registry = createRegistry(app.commands);
  const private_ = (t: string, tone?: 'error' | 'info'): Reply => ({ ephemeral: true, views: [text(t, tone)] });

  return async (inv) => {
    const started = performance.now();
    const log = logger.child({ platform: inv.platform, channel: inv.channelId, user: inv.userId, command: inv.name });
    let outcome = 'ok';
    // The metric's label: a known command's name, else `unknown` (on Slack the name is whatever word was typed,
    // and each new label would be a series /metrics keeps for good).
    let label = 'unknown';
    try {
      const spec = registry.get(inv.name ?? '');
      if (spec) label = spec.name;
      if (!spec) {
        outcome = 'unknown';
        return private_(registry.help(inv.name || undefined, syntaxOf(inv)));
      }
      if (spec.manage && !inv.canManageChannel) {
        outcome = 'forbidden';
        return private_(`Only people who can manage this channel may use /paper ${spec.name}.`, 'error');
      }
      const args = registry.parse(spec, inv);
      return await spec.handler(args, { invocation: inv, app: app as App });
    } catch (err) {
      if (err instanceof UserInputError) {
        outcome = 'bad-input';
        return private_(err.message, 'error');
      }
      if (err instanceof RateLimitError) {
        outcome = 'upstream';
        log.warn({ err: err.message }, 'command hit a rate limit upstream');
        return private_(`${serviceName(err.service)} is asking us to slow down. Try again in ${Math.ceil(err.retryAfterMs / 1000)} s.`, 'error');
      }
      if (err instanceof UpstreamError) {
        outcome = 'upstream';
        log.warn({ err: err.message, status: err.status }, 'command failed upstream');
        return private_(upstreamReply(err), 'error');
      }
      outcome = 'error';
      log.error({ err }, 'command failed');
      return private_('Something went wrong on our side; it has been logged. Try again, or /paper help.', 'error');
    } finally {
      onLatency?.(label, (performance.now() - started) / 1000, outcome);
    }
  };
}

/** What a person is told when a service paperboy needs failed them: unreachable, too slow, or answering wrongly. */
function upstreamReply(err: UpstreamError): string {
  const name = serviceName(err.service);
  if (err.noAnswer === 'unreachable') return `paperboy cannot reach ${name} right now (no connection could be made). Try again in a few minutes.`;
  if (err.noAnswer === 'timeout') return `${name} is taking too long to answer right now. Try again in a few minutes.`;
  return `${name} is not answering properly right now${err.status ? ` (HTTP ${err.status})` : ''}. Try again in a few minutes.`;
}

// The few typed errors paperboy raises; everything else is a bug.

/** Why a request got no answer at all: no connection could be made, or none came in time. */
export type NoAnswer = 'unreachable' | 'timeout';

/** How a person reads a service's name (errors, logs and metrics carry the short one: `huggingface`, `arxiv`, `slack`). */
export function serviceName(service: string): string {
  return SERVICE_NAMES[service] ?? service;
}
const SERVICE_NAMES: Record<string, string> = { huggingface: 'Hugging Face', arxiv: 'arXiv', slack: 'Slack', discord: 'Discord' };

/** A remote service answered with an error status or an unusable body, or did not answer (`noAnswer`). */
export class UpstreamError extends Error {
  constructor(
    readonly service: string,
    /** What went wrong, without the service's name (the message is `service: detail`). */
    readonly detail: string,
    readonly status?: number,
    readonly noAnswer?: NoAnswer,
  ) {
    super(`${service}: ${detail}`);
    this.name = 'UpstreamError';
  }
}

/** A remote service asked us to slow down and retries ran out. */
export class RateLimitError extends UpstreamError {
  constructor(
    service: string,
    readonly retryAfterMs: number,
  ) {
    super(service, `rate limited, retry after ${Math.ceil(retryAfterMs / 1000)} s`, 429);
    this.name = 'RateLimitError';
  }
}

/** Something a person typed cannot be used; the message is shown to them as is. */
export class UserInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserInputError';
  }
}

/** Configuration is missing or invalid; one line per problem. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`paperboy cannot start:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * A channel cannot take posts for good (Slack `channel_not_found`/`not_in_channel`, Discord 403/404).
 * The scheduler pauses the subscription instead of retrying.
 */
export class ChannelUnavailableError extends Error {
  constructor(
    readonly platform: string,
    readonly channelId: string,
    readonly reason: string,
  ) {
    super(`${platform} channel ${channelId} cannot take posts: ${reason}`);
    this.name = 'ChannelUnavailableError';
  }
}

/**
 * What to say when a server cannot listen on the port a variable set: a ConfigError naming the variable for a port
 * in use or not allowed, else the error as it was.
 */
export function listenProblem(err: unknown, variable: string, port: number): unknown {
  const code = (err as { code?: string })?.code;
  if (code === 'EADDRINUSE') return new ConfigError([`${variable}: port ${port} is already in use (another paperboy, or another program): set ${variable} to a free port, or stop what listens there`]);
  if (code === 'EACCES') return new ConfigError([`${variable}: port ${port} needs privileges this process lacks: set ${variable} to a port above 1023`]);
  return err;
}

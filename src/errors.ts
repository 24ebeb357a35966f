// The few typed errors paperboy raises; everything else is a bug.

/** A remote service answered with an error status or an unusable body. */
export class UpstreamError extends Error {
  constructor(
    readonly service: string,
    message: string,
    readonly status?: number,
  ) {
    super(`${service}: ${message}`);
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

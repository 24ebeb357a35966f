// A size limit on the requests Slack's HTTP receiver reads: Bolt buffers a whole body, however large, before it checks the signature.
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { Logger } from '../../src/logger.ts';

/**
 * Largest request body read, 1 MB. Slack's own are a few kB; the largest, a button press on a
 * message, carries the message's blocks (50 blocks of at most 3,000 characters: about 150 kB).
 */
export const MAX_BODY_BYTES = 1 << 20;

/**
 * Put a size check in front of the server's request listeners (Bolt's HTTPReceiver): a body over
 * `max` bytes, declared or streamed, gets 413 and its connection closed, with a warning; a body
 * within it is read here and handed on as `rawBody`, which Bolt reads instead of the stream.
 */
export function limitBodies(server: Server, logger: Logger, max = MAX_BODY_BYTES): void {
  const listeners = server.listeners('request') as RequestListener[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const refuse = (size: number) => {
      logger.warn({ path: req.url, bytes: size, max }, 'slack: refused a request body over the size limit');
      res.writeHead(413, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' });
      res.end(`request body over ${max} bytes\n`, () => req.destroy());
    };
    const declared = Number(req.headers['content-length']);
    if (declared > max) return refuse(declared);
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= max) return void chunks.push(chunk);
      req.off('data', onData);
      req.off('end', onEnd);
      req.resume();
      refuse(size);
    };
    const onEnd = () => {
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = Buffer.concat(chunks, size);
      for (const listener of listeners) listener.call(server, req, res);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', (err) => logger.warn({ path: req.url, err: err.message }, 'slack: reading a request failed'));
  });
}

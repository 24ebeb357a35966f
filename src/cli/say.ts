// The CLI's messages to people: on stderr, never able to drive the terminal.
import { stripControl } from '../text/cut.ts';

/**
 * Write a message to stderr, its control characters and terminal escapes removed: messages quote what a server
 * answered (a JSON parser's error shows the body's start) or what was typed, and neither may drive the terminal.
 */
export const say = (message: string): void => void process.stderr.write(stripControl(message));

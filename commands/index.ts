// The `/paper` subcommands, in the order help lists them.
import type { CommandSpec } from './command.ts';
import { digest } from './digest.ts';
import { help } from './help.ts';
import { saved } from './saved.ts';
import { search } from './search.ts';
import { show } from './show.ts';
import { settings, subscribe, unsubscribe } from './subscribe.ts';
import { unsave } from './unsave.ts';

/** Every subcommand of `/paper`. */
export const paperCommands: readonly CommandSpec<any>[] = [search, show, digest, saved, unsave, subscribe, unsubscribe, settings, help];

export { COMMAND_NAME } from './command.ts';

// The `<arXiv id or URL>` option of /paper show and /paper unsave: declared once, validated once.
import { z } from 'zod';
import type { OptionSpec } from './command.ts';

export const PAPER_OPTION: OptionSpec = { name: 'paper', type: 'string', required: true, description: 'arXiv id or URL', maxLength: 300 };

export const paperArgs = z.object({
  paper: z.string({ error: 'give an arXiv id or URL' }).trim().min(1, 'give an arXiv id or URL').max(300, 'that is too long for an arXiv id or URL'),
});

// Slack payloads → neutral invocations and reactions.
import { describe, expect, it } from 'vitest';
import { buttonReaction, toInvocation, toReaction } from '../../../adapters/slack/invocation.ts';

describe('toInvocation', () => {
  it('splits the subcommand from the rest of the text', () => {
    expect(toInvocation({ text: '  Search   linear attention ', user_id: 'U1', channel_id: 'C1', team_id: 'T1' })).toEqual({
      platform: 'slack',
      channelId: 'C1',
      workspaceId: 'T1',
      userId: 'U1',
      name: 'search',
      text: 'linear attention',
      canManageChannel: true,
    });
  });

  it('asks for help when there is no text, and bounds huge text', () => {
    expect(toInvocation({ text: '', user_id: 'U1', channel_id: 'C1' }).name).toBe('help');
    const inv = toInvocation({ text: `search ${'x'.repeat(50_000)}`, user_id: 'U1', channel_id: 'C1' });
    expect(inv.text!.length).toBeLessThan(12_001);
  });

  it('reads the text back from Slack’s escaping: entities, wrapped links, mentions and channels', () => {
    const read = (text: string) => toInvocation({ text, user_id: 'U1', channel_id: 'C1' });
    expect(read('search R&amp;D &lt;b&gt; &amp;lt;').text).toBe('R&D <b> &lt;');
    expect(read('show <https://arxiv.org/abs/2406.12345v2|arxiv.org/abs/2406.12345v2>').text).toBe('https://arxiv.org/abs/2406.12345v2');
    expect(read('show <https://huggingface.co/papers/2406.12345>').text).toBe('https://huggingface.co/papers/2406.12345');
    expect(read('subscribe agents <@U2|ana> <#C9|ml-papers> <!here> <!subteam^S1|@team> <mailto:a@b.c|a@b.c>').text).toBe('agents @ana #ml-papers @here @team a@b.c');
    expect(read('<!channel>').name).toBe('@channel');
  });
});

describe('toReaction', () => {
  it('reads a reaction on a message, its emoji as Slack names it (the core drops the skin tone)', () => {
    const r = toReaction({ type: 'reaction_removed', user: 'U2', reaction: '+1::skin-tone-4', item: { type: 'message', channel: 'C1', ts: '1.2' } }, 'T1');
    expect(r).toEqual({ platform: 'slack', channelId: 'C1', workspaceId: 'T1', userId: 'U2', messageId: '1.2', emoji: '+1::skin-tone-4', added: false });
  });

  it('ignores reactions on files', () => {
    expect(toReaction({ type: 'reaction_added', user: 'U2', reaction: 'bookmark', item: { type: 'file' } })).toBeUndefined();
  });
});

describe('buttonReaction', () => {
  it('carries the paper id and uses the container when the message is ephemeral', () => {
    const r = buttonReaction({ user: { id: 'U3' }, container: { message_ts: '9.9', channel_id: 'C9' } }, 'paperboy_save', '2406.12345');
    expect(r).toMatchObject({ channelId: 'C9', messageId: '9.9', paperId: '2406.12345', emoji: 'paperboy_save', added: true });
    expect(buttonReaction({ user: { id: 'U3' }, container: {} }, 'paperboy_save', '2406.12345')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { describeNoChannel } from '../../../src/domain/slack-lines/channel-problem-lines.ts';

describe('describeNoChannel', () => {
  it('tells the announcements channel how to follow the incident and how to get its channel', () => {
    expect(describeNoChannel({ number: 42, problem: 'restricted_action' }).announcement).toBe(
      ':warning: Incident 42 has no channel: this workspace lets only some people create channels, and sitrep is not ' +
        'one of them. Follow it with `/incident timeline #42`. Once that is fixed, `/incident channel #42` opens it.',
    );
  });

  it.each([
    ['no_permission', 'sitrep’s Slack app lacks the permission to create channels (`channels:manage`)'],
    ['missing_scope', 'sitrep’s Slack app lacks the permission to create channels (`channels:manage`)'],
    ['cannot_create_channel', 'Slack said `cannot_create_channel`'],
  ])('says why for %s', (problem, why) => {
    expect(describeNoChannel({ number: 7, problem }).declarer).toContain(`incident 7: ${why}.`);
  });
});

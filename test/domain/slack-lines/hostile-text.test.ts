import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeActionAdded,
  describeActionAssigned,
  describeActionDone,
  describeActionReassigned,
  describeActionSnoozed,
  describeActionWontDo,
  describeEscalation,
  describeReminder,
} from '../../../src/domain/slack-lines/action-item-lines.ts';
import { describeImpactChange } from '../../../src/domain/slack-lines/impact-lines.ts';
import {
  describeAlert,
  describeDeclared,
  describeDeploy,
  describeNote,
  describeReopened,
  describeSeverityChange,
  describeStatusChange,
  slackTime,
} from '../../../src/domain/slack-lines/incident-lines.ts';
import { escapeTypedText } from '../../../src/domain/text/escape-mrkdwn.ts';
import { findForeignTokens, hostileText } from '../../support/hostile-text.ts';

const ACTOR = 'U0ACTOR';
const OWNER = 'U0OWNER';
const AT = new Date('2026-03-10T09:00:00Z');
const DEPLOY_URL = 'https://ci.example.com/runs/1';

/** What sitrep builds into these lines itself: the only `<…>` besides a person mentioned as Slack writes it. */
const BUILT = [`<@${ACTOR}>`, `<@${OWNER}>`, slackTime(AT), `<${DEPLOY_URL}|details>`];

/** Every line builder, fed one hostile string in each place that takes text from people or webhooks. */
const LINES: Record<string, (text: string) => string> = {
  declared: (title) => describeDeclared({ title, severity: title, actorId: ACTOR }),
  status: (message) => describeStatusChange({ from: 'investigating', to: 'monitoring', actorId: ACTOR, message }),
  resolved: (message) => describeStatusChange({ from: 'monitoring', to: 'resolved', actorId: ACTOR, message }),
  reopened: (reason) => describeReopened({ reason, actorId: ACTOR }),
  severity: (name) => describeSeverityChange({ from: name, to: name, actorId: ACTOR }),
  note: (text) => describeNote({ actorId: ACTOR, text }),
  backdatedNote: (text) => describeNote({ actorId: ACTOR, text, backdatedTo: AT }),
  deploy: (text) =>
    describeDeploy({
      service: text,
      version: text,
      environment: text,
      status: 'succeeded',
      layer: text,
      actor: text,
      url: DEPLOY_URL,
    }),
  alert: (text) => describeAlert({ alertName: text, status: 'firing', service: text, summary: text }),
  actionAdded: (title) => describeActionAdded({ actorId: ACTOR, title, kind: null, ownerId: OWNER, dueLabel: null }),
  actionDone: (title) => describeActionDone({ title, actorId: ACTOR }),
  wontDo: (text) => describeActionWontDo({ title: text, actorId: ACTOR, reason: text }),
  reassigned: (title) => describeActionReassigned({ title, actorId: ACTOR, ownerId: OWNER, dueLabel: null }),
  snoozed: (title) => describeActionSnoozed({ title, actorId: ACTOR, dueLabel: 'Fri 4 Dec 2026' }),
  assigned: (title) => describeActionAssigned({ title, incidentNumber: 42, dueLabel: null }),
  reminder: (title) =>
    describeReminder({ reminder: 'overdue', title, incidentNumber: 42, dueLabel: 'x', businessDaysOverdue: 2 }),
  escalation: (title) =>
    describeEscalation({ title, incidentNumber: 42, ownerId: OWNER, dueLabel: 'x', businessDaysOverdue: 5 }),
  impact: (service) =>
    describeImpactChange({
      actorId: ACTOR,
      plan: { action: 'outage', at: AT, open: [{ kind: 'outage', service }], close: [] },
    }).line,
};

describe('the lines sitrep posts, fed hostile text', () => {
  it.each(Object.entries(LINES))('%s never holds a live token it did not build', (_name, line) => {
    fc.assert(
      fc.property(hostileText(), (text) => {
        expect(findForeignTokens(line(text), BUILT)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('shows a note with a special mention and a spoofed link as the characters typed', () => {
    expect(describeNote({ actorId: ACTOR, text: '<!channel> <https://evil.example|https://status.example.com>' })).toBe(
      `:memo: <@${ACTOR}> noted: &lt;!channel&gt; &lt;https://evil.example|https://status.example.com&gt;`,
    );
  });

  it.each([
    { typed: 'ask <@U0BOB|bob> & <@W0CAROL>', shown: 'ask <@U0BOB|bob> &amp; <@W0CAROL>' },
    { typed: '<@U0BOB|<!here>>', shown: '&lt;@U0BOB|&lt;!here&gt;&gt;' },
    { typed: '<@U0BOB|bob', shown: '&lt;@U0BOB|bob' },
    { typed: '<@bob>', shown: '&lt;@bob&gt;' },
    { typed: '<!subteam^S1|@oncall> <#C1|general>', shown: '&lt;!subteam^S1|@oncall&gt; &lt;#C1|general&gt;' },
  ])('keeps $typed a mention only in the forms Slack writes', ({ typed, shown }) => {
    expect(escapeTypedText(typed)).toBe(shown);
  });
});

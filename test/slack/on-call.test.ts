import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLE_PEOPLE } from '../../demo/fake-slack/example-workspace.ts';
import { blockActionsBody, inputValue, viewSubmissionBody } from '../../demo/fake-slack/sign.ts';
import { ACTIONS, BLOCKS, VIEWS } from '../../src/slack/ids.ts';
import { databaseKinds } from '../support/database.ts';
import { startPagingHarness } from '../support/pagerduty/pagerduty-harness.ts';
import { createTestClock } from '../support/test-clock.ts';
import { until } from '../support/until.ts';

const { alice: ALICE, bob: BOB } = EXAMPLE_PEOPLE;
// Monday 23 November 2026, 09:00 UTC: alice's turn on checkout's primary schedule (08:00 to 08:00 UTC).
const MONDAY_MORNING = new Date('2026-11-23T09:00:00Z');

type Harness = Awaited<ReturnType<typeof startPagingHarness>>;

describe.each(databaseKinds)('/incident oncall through PagerDuty’s REST API, on %s', (kind) => {
  let slack: Harness;
  const clock = createTestClock(MONDAY_MORNING);
  afterEach(async () => {
    await slack.close();
  });

  it('says who is on call at each level now, as Slack mentions where it knows the email, in the asker’s zone', async () => {
    slack = await startPagingHarness(kind, { now: clock.now, userId: BOB });
    // Bob works in Los Angeles: alice's turn ends at midnight there.
    expect(await slack.type('oncall checkout-api')).toBe(
      [
        ':telephone_receiver: On call for *checkout-api* now (PagerDuty):',
        `• Level 1: <@${ALICE}> (Checkout primary), until Tue 24 Nov 2026 00:00`,
        '• Level 2: Zed Outsider (not found in Slack by email)',
      ].join('\n'),
    );
    expect(slack.rest.requests).toEqual([{ path: '/oncalls', status: 200 }]);

    // search has PagerDuty for paging but no escalation policy in sitrep.yml.
    expect(await slack.type('oncall search')).toBe(
      'sitrep.yml names no PagerDuty escalation policy for search: add services[].pagerduty.escalationPolicyId.',
    );
    slack.rest.failNext(503);
    expect(await slack.type('oncall checkout-api')).toBe(
      'PagerDuty did not say who is on call for checkout-api (PagerDuty answered 503: Internal Server Error); look in PagerDuty, or try again in a moment.',
    );
  });

  it('says what to set when PAGERDUTY_API_TOKEN is not', async () => {
    slack = await startPagingHarness(kind, { now: clock.now, userId: BOB, restApi: false });
    expect(await slack.type('oncall checkout-api')).toBe(
      'I cannot ask PagerDuty who is on call: PAGERDUTY_API_TOKEN is not set (a read-only REST API key; see docs/integrations.md).',
    );
    expect(slack.rest.requests).toEqual([]);
  });

  it('suggests whom PagerDuty has on call as the lead when services are chosen in the declare form', async () => {
    slack = await startPagingHarness(kind, { now: clock.now, userId: BOB });
    await slack.deliver(slack.slashCommand('').request);
    await until(() => slack.fake.callsTo('views.open').length === 1, 'the declare form');
    const form = [...slack.fake.state.views.values()].at(-1);
    if (!form) throw new Error('no form');
    const blocks = () => (form.json.blocks ?? []) as { block_id?: string; [key: string]: unknown }[];
    expect(blocks().find((block) => block.block_id === BLOCKS.declareServices)).toMatchObject({
      dispatch_action: true,
    });
    expect(blocks().find((block) => block.block_id === BLOCKS.declareLead)).toBeDefined();

    const services = ['checkout-api'].map((value) => ({ text: { type: 'plain_text', text: value }, value }));
    await slack.deliver(
      blockActionsBody({
        userId: BOB,
        actions: [
          {
            action_id: ACTIONS.declareServices,
            block_id: BLOCKS.declareServices,
            type: 'multi_static_select',
            selected_options: services,
          },
        ],
        view: { id: form.id, hash: form.hash, private_metadata: String(form.json.private_metadata) },
      }),
    );
    await until(() => slack.fake.callsTo('views.update').some((call) => call.ok), 'the lead suggested');
    const leadBlock = blocks().find((block) => block.block_id === `${BLOCKS.declareLead}:${ALICE}`);
    expect(leadBlock).toMatchObject({
      element: { type: 'users_select', initial_user: ALICE },
      hint: { text: 'On call for checkout-api now, in PagerDuty. Leave empty to lead it yourself.' },
    });

    // Bob picks himself after all: choosing services again leaves his choice alone.
    await slack.deliver(
      blockActionsBody({
        userId: BOB,
        actions: [
          {
            action_id: ACTIONS.declareServices,
            block_id: BLOCKS.declareServices,
            type: 'multi_static_select',
            selected_options: services,
          },
        ],
        view: {
          id: form.id,
          hash: form.hash,
          private_metadata: String(form.json.private_metadata),
          state: { values: { [`${BLOCKS.declareLead}:${ALICE}`]: { [ACTIONS.declareLead]: inputValue.user(BOB) } } },
        },
      }),
    );
    // Nothing to wait for when nothing happens: give the listener time to do what it should not.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(slack.rest.requests).toHaveLength(1);
    expect(slack.fake.callsTo('views.update')).toHaveLength(1);

    const submitted = await slack.deliver(
      viewSubmissionBody({
        userId: BOB,
        callbackId: VIEWS.declareIncident,
        viewId: form.id,
        privateMetadata: String(form.json.private_metadata),
        values: {
          [BLOCKS.declareTitle]: { [ACTIONS.declareTitle]: inputValue.text('Checkout is down') },
          [BLOCKS.declareSeverity]: { [ACTIONS.declareSeverity]: inputValue.select('3') },
          [BLOCKS.declareServices]: {
            [ACTIONS.declareServices]: { type: 'multi_static_select', selected_options: services },
          },
          [`${BLOCKS.declareLead}:${ALICE}`]: { [ACTIONS.declareLead]: inputValue.user(ALICE) },
        },
      }),
    );
    expect(submitted.status).toBe(200);
    await until(async () => (await slack.prisma.incident.count()) === 1, 'the incident');
    const lead = await slack.prisma.incidentRole.findFirstOrThrow({ where: { role: 'lead' } });
    expect(lead.userId).toBe(ALICE);
  });
});

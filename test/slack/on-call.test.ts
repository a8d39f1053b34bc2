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
    slack.rest.failNext(403);
    expect(await slack.type('oncall checkout-api')).toBe(
      'PagerDuty refused to say who is on call for checkout-api (PagerDuty answered 403: Access Denied): tell whoever runs sitrep to check PAGERDUTY_API_TOKEN and the escalation policy id.',
    );
  });

  it('says what to set when PAGERDUTY_API_TOKEN is not', async () => {
    slack = await startPagingHarness(kind, { now: clock.now, userId: BOB, restApi: false });
    expect(await slack.type('oncall checkout-api')).toBe(
      'I cannot ask PagerDuty who is on call: PAGERDUTY_API_TOKEN is not set (a read-only REST API key; see docs/integrations.md).',
    );
    expect(slack.rest.requests).toEqual([]);
  });

  it('shows whom PagerDuty has on call when a service is chosen in the declare form, and makes them lead on a click', async () => {
    slack = await startPagingHarness(kind, { now: clock.now, userId: BOB });
    await slack.deliver(slack.slashCommand('').request);
    await until(() => slack.fake.callsTo('views.open').length === 1, 'the declare form');
    const form = [...slack.fake.state.views.values()].at(-1);
    if (!form) throw new Error('no form');
    type Block = { block_id?: string; [key: string]: unknown };
    const blocks = () => (form.json.blocks ?? []) as Block[];
    const blockIds = () => blocks().map((block) => block.block_id);
    expect(blocks().find((block) => block.block_id === BLOCKS.declareServices)).toMatchObject({
      dispatch_action: true,
    });
    expect(blockIds()).toContain(BLOCKS.declareLead);
    const metadata = String(form.json.private_metadata);
    const services = ['checkout-api'].map((value) => ({ text: { type: 'plain_text', text: value }, value }));
    const chooseServices = (values: Record<string, unknown>) =>
      slack.deliver(
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
          view: { id: form.id, hash: form.hash, private_metadata: metadata, state: { values } },
        }),
      );
    const updates = () => slack.fake.callsTo('views.update').filter((call) => call.ok).length;

    // Bob had picked himself as lead: the suggestion is shown beside it, and his choice keeps its block (and value).
    await chooseServices({ [BLOCKS.declareLead]: { [ACTIONS.declareLead]: inputValue.user(BOB) } });
    await until(() => updates() === 1, 'the suggestion');
    expect(blocks().find((block) => block.block_id === BLOCKS.declareOnCall)).toMatchObject({
      text: { text: `:telephone_receiver: On call for *checkout-api* now, in PagerDuty: <@${ALICE}>` },
      accessory: { action_id: ACTIONS.declareMakeLead, text: { text: 'Make lead' } },
    });
    expect(blocks().find((block) => block.block_id === BLOCKS.declareLead)).toMatchObject({
      element: { type: 'users_select' },
    });
    expect(blocks().find((block) => block.block_id === BLOCKS.declareLead)?.element).not.toHaveProperty('initial_user');

    // "Make lead": alice is in the Lead field.
    const button = blocks().find((block) => block.block_id === BLOCKS.declareOnCall)?.accessory as { value: string };
    await slack.deliver(
      blockActionsBody({
        userId: BOB,
        actions: [{ action_id: ACTIONS.declareMakeLead, block_id: BLOCKS.declareOnCall, value: button.value }],
        view: { id: form.id, hash: form.hash, private_metadata: metadata },
      }),
    );
    await until(() => updates() === 2, 'alice made lead');
    expect(blocks().find((block) => block.block_id === `${BLOCKS.declareLead}:${ALICE}`)).toMatchObject({
      element: { type: 'users_select', initial_user: ALICE },
    });

    const submitted = await slack.deliver(
      viewSubmissionBody({
        userId: BOB,
        callbackId: VIEWS.declareIncident,
        viewId: form.id,
        privateMetadata: metadata,
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

  it('offers no on-call lead in the declare form without PAGERDUTY_API_TOKEN', async () => {
    slack = await startPagingHarness(kind, { now: clock.now, userId: BOB, restApi: false });
    await slack.deliver(slack.slashCommand('').request);
    await until(() => slack.fake.callsTo('views.open').length === 1, 'the declare form');
    const form = [...slack.fake.state.views.values()].at(-1);
    const services = ((form?.json.blocks ?? []) as { block_id?: string }[]).find(
      (block) => block.block_id === BLOCKS.declareServices,
    );
    expect(services).toBeDefined();
    expect(services).not.toHaveProperty('dispatch_action');
  });
});

import { AppError } from '../domain/app-error.ts';
import { ServiceError } from '../domain/outbox/service-error.ts';
import { type OnCallEntry, type OnCallPort, orderByLevel } from '../domain/paging/on-call.ts';
import type { TTeamConfig } from '../domain/team-config/team-config.ts';
import { escapeTypedText } from '../domain/text/escape-mrkdwn.ts';
import type { EmailDirectory } from './trackers/tracker-deps.ts';

export type OnCallFlowDeps = {
  team: TTeamConfig;
  /** PagerDuty's REST API; undefined without PAGERDUTY_API_TOKEN. */
  onCall: OnCallPort | undefined;
  directory: Pick<EmailDirectory, 'findByEmail'>;
};

/** Who is on call at each level, with the Slack person PagerDuty's email names (null when Slack has nobody). */
export type OnCallLevel = OnCallEntry & { slackUserId: string | null };

const slackUserOf = async (deps: OnCallFlowDeps, email: string | null): Promise<string | null> => {
  if (email === null) return null;
  try {
    return await deps.directory.findByEmail(email);
  } catch {
    // Slack not answering costs the mention, not the answer: the name PagerDuty gives is shown instead.
    return null;
  }
};

/**
 * `/incident oncall <service>`: who PagerDuty has on call now at each level of the service's escalation policy,
 * found in Slack by email. Refused, saying what to set, without an API token or an escalation policy; PagerDuty
 * refusing or not answering is said as such.
 */
const whoIsOnCall =
  (deps: OnCallFlowDeps) =>
  async (service: string): Promise<OnCallLevel[]> => {
    if (deps.onCall === undefined) {
      throw new AppError('BAD_REQUEST', {
        userMessage:
          'I cannot ask PagerDuty who is on call: PAGERDUTY_API_TOKEN is not set (a read-only REST API key; see docs/integrations.md).',
      });
    }
    const policy = deps.team.services.find((candidate) => candidate.name === service)?.pagerduty?.escalationPolicyId;
    if (policy === undefined) {
      throw new AppError('BAD_REQUEST', {
        userMessage: `sitrep.yml names no PagerDuty escalation policy for ${service}: add services[].pagerduty.escalationPolicyId.`,
      });
    }
    let entries: OnCallEntry[];
    try {
      entries = await deps.onCall.whoIsOnCall(policy);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      if (!error.transient) {
        // The key or the policy id is wrong: someone who runs sitrep must fix it, and sees it in the log.
        throw new AppError('CONFIG_INVALID', {
          userMessage: `PagerDuty refused to say who is on call for ${service} (${escapeTypedText(error.message)}): tell whoever runs sitrep to check PAGERDUTY_API_TOKEN and the escalation policy id.`,
          cause: error,
        });
      }
      throw new AppError('SERVICE_UNAVAILABLE', {
        userMessage: `PagerDuty did not say who is on call for ${service} (${escapeTypedText(error.message)}); look in PagerDuty, or try again in a moment.`,
        cause: error,
      });
    }
    return Promise.all(
      orderByLevel(entries).map(async (entry) => ({ ...entry, slackUserId: await slackUserOf(deps, entry.email) })),
    );
  };

export type OnCallFlows = ReturnType<typeof createOnCallFlows>;

export const createOnCallFlows = (deps: OnCallFlowDeps) => ({
  whoIsOnCall: whoIsOnCall(deps),
  /** Whether PagerDuty can be asked at all (PAGERDUTY_API_TOKEN is set). */
  enabled: deps.onCall !== undefined,
});

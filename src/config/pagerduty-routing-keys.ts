import { AppError } from '../domain/app-error.ts';

/** The Events API v2 routing key of each service that pages through PagerDuty, by service name. */
export type RoutingKeys = ReadonlyMap<string, string>;

// PagerDuty's integration keys (and event orchestration routing keys) are 32 letters and digits.
const ROUTING_KEY = /^[A-Za-z0-9]{32}$/;

export type ReadRoutingKeysOptions = {
  /** The team's services (sitrep.yml), each with the variable holding its key when it pages. */
  team: { services: readonly { name: string; pagerduty?: { routingKeyEnv: string } | undefined }[] };
  /** The environment variable of that name (see `TConfig['pagerDuty']`). */
  readVariable: (name: string) => string | undefined;
};

/**
 * Reads the routing key of every service `sitrep.yml` says pages through PagerDuty from the variable it names.
 * Throws `AppError('CONFIG_INVALID')` with one line (never the key) when a variable is unset or is not a key, so
 * `serve` stops at startup rather than at the first page.
 */
export const readRoutingKeys = ({ team, readVariable }: ReadRoutingKeysOptions): RoutingKeys => {
  const keys = new Map<string, string>();
  for (const service of team.services) {
    if (!service.pagerduty) continue;
    const variable = service.pagerduty.routingKeyEnv;
    const key = readVariable(variable);
    if (key === undefined) {
      throw new AppError('CONFIG_INVALID', {
        userMessage: `${variable} is missing: sitrep.yml pages the ${service.name} on-call with it; set it to the Integration Key of the PagerDuty service's Events API v2 integration (see docs/integrations.md)`,
      });
    }
    if (!ROUTING_KEY.test(key)) {
      throw new AppError('CONFIG_INVALID', {
        userMessage: `${variable} should be the 32-character Integration Key of an Events API v2 integration, for ${service.name} (got a value of ${key.length} characters)`,
      });
    }
    keys.set(service.name, key);
  }
  return keys;
};

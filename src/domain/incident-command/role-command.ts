import { ROLE_KINDS, type RoleKind } from '../incident/incident.ts';
import { suggestClosest } from '../text/edit-distance.ts';
import {
  accept,
  code,
  describeNotAPerson,
  type PersonWanted,
  quote,
  readNamedIncident,
  refuse,
  refuseExtraWords,
  USER_MENTION,
  withIncident,
  wordAt,
} from './command-text.ts';
import { COMMAND_USAGE } from './command-usage.ts';
import type { Input, ParseResult } from './incident-command-types.ts';

const ROLE_WANTED: PersonWanted = {
  onePerson: 'A role goes to one person, not to',
  aPerson: 'a role goes to a person',
};

/** After a role word: `[#42|inc-42|42] <@U…>` (the incident only when not given before the role word). */
export const parseRoleAssignment = ({
  input,
  role,
  index,
  incident,
}: {
  input: Input;
  role: RoleKind;
  index: number;
  incident: number | undefined;
}): ParseResult => {
  const named =
    incident === undefined
      ? readNamedIncident({ input, usage: COMMAND_USAGE.role, index })
      : { ok: true as const, incident, next: index };
  if (!named.ok) return named.refusal;
  const at = named.next;
  const written = wordAt(input, at);
  if (written === undefined) {
    return refuse(`Who should take the ${role} role? Mention them with \`@\`.`, COMMAND_USAGE.role);
  }
  const userId = USER_MENTION.exec(written)?.[1];
  if (userId === undefined) return refuse(describeNotAPerson({ written, wanted: ROLE_WANTED }), COMMAND_USAGE.role);
  const extra = wordAt(input, at + 1);
  if (extra !== undefined) {
    return USER_MENTION.test(extra)
      ? refuse(`A role goes to one person; give the ${role} role to one of them.`, COMMAND_USAGE.role)
      : refuseExtraWords({
          input,
          at: at + 1,
          takes: 'Giving a role takes only the person',
          usage: COMMAND_USAGE.role,
        });
  }
  return accept({ kind: 'role', role, userId, ...withIncident(named.incident) });
};

/** After `role`: `[#42|inc-42|42] <lead|comms|scribe> …`. */
export const parseRole = (input: Input): ParseResult => {
  const named = readNamedIncident({ input, usage: COMMAND_USAGE.role });
  if (!named.ok) return named.refusal;
  const index = named.next;
  const written = wordAt(input, index);
  const role = ROLE_KINDS.find((candidate) => candidate === written?.toLowerCase());
  if (role === undefined) {
    const near = written === undefined ? undefined : suggestClosest(written, ROLE_KINDS);
    const problem =
      written === undefined
        ? 'Which role?'
        : `Unknown role ${quote(written)}.${near === undefined ? '' : ` Did you mean ${code(near)}?`}`;
    return refuse(`${problem} The roles are lead, comms and scribe.`, COMMAND_USAGE.role);
  }
  return parseRoleAssignment({ input, role, index: index + 1, incident: named.incident });
};

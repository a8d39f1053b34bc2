import { z } from 'zod';
import { defineInteger, defineSection, defineString, describeExpectation, describeValue } from './config-values.ts';

const DEFAULT_SEVERITIES = [
  {
    level: 1,
    name: 'SEV1',
    description:
      'Critical: the product is down or losing data for many customers. Page everyone needed now and update ' +
      'stakeholders every 30 minutes.',
  },
  {
    level: 2,
    name: 'SEV2',
    description:
      'Major: a core feature is broken or badly degraded for many customers, with no workaround. Page the responders.',
  },
  {
    level: 3,
    name: 'SEV3',
    description:
      'Minor: partial degradation, or a non-critical feature down with a workaround. Handle in working hours.',
  },
  {
    level: 4,
    name: 'SEV4',
    description: 'Low: a cosmetic issue or a near miss with no customer impact. Track it and learn from it.',
  },
];

const ZSeverity = defineSection('a mapping with level, name and description', {
  level: defineInteger({ what: 'a whole number from 1 (most severe) to 9', min: 1, max: 9 }).meta({
    description: 'Unique level from 1 (most severe) to 9.',
  }),
  name: defineString({
    what: 'a short name such as SEV1, without surrounding spaces, at most 20 characters',
    pattern: /^\S(.*\S)?$/,
    max: 20,
  }).meta({ description: 'Short unique name shown to people, such as SEV1.' }),
  description: defineString({ what: 'a description of when to use this severity', max: 500 }).meta({
    description: 'When to declare an incident at this severity, and what it asks of people.',
  }),
});

/** `severities:`: the levels, each with a unique level and name; SEV1 to SEV4 by default. */
export const ZSeverities = z
  .array(ZSeverity, {
    error: (issue) =>
      `expected a list of severities with level, name and description; got ${describeValue(issue.input)}`,
  })
  .min(1, describeExpectation('at least one severity'))
  .superRefine((severities, context) => {
    severities.forEach((severity, index) => {
      const levelTwin = severities.findIndex((other) => other.level === severity.level);
      if (levelTwin < index) {
        context.addIssue({
          code: 'custom',
          path: [index, 'level'],
          input: severity.level,
          message: `expected a level not used by another severity; got ${severity.level}, already used by severities[${levelTwin}]`,
        });
      }
      const nameTwin = severities.findIndex((other) => other.name === severity.name);
      if (nameTwin < index) {
        context.addIssue({
          code: 'custom',
          path: [index, 'name'],
          input: severity.name,
          message: `expected a name not used by another severity; got ${describeValue(severity.name)}, already used by severities[${nameTwin}]`,
        });
      }
    });
  })
  .prefault(DEFAULT_SEVERITIES)
  .meta({ description: 'Severity levels, 1 the most severe. Defaults to SEV1 to SEV4.' });

import { z } from 'zod';
import { isIanaTimeZone } from '../time/time-zone.ts';
import { defineSection, defineString, describeExpectation } from './config-values.ts';

/** `team:`: where the team works and where sitrep talks to it. */
export const ZTeam = defineSection('a mapping with timeZone, announcementsChannel and incidentChannelPrefix', {
  timeZone: z
    .string(describeExpectation('an IANA time zone such as Europe/Paris'))
    .refine(isIanaTimeZone, describeExpectation('an IANA time zone such as Europe/Paris'))
    .default('UTC')
    .meta({ description: 'IANA time zone for business days, reminders and dates shown to the team.' }),
  announcementsChannel: defineString({
    what: 'a Slack channel id such as C024BE91L (from the channel details, not the #name)',
    pattern: /^[CG][A-Z0-9]{8,}$/,
    max: 32,
  })
    .optional()
    .meta({ description: 'Slack channel id where new incidents and resolutions are announced.' }),
  incidentChannelPrefix: defineString({
    what: 'lowercase letters, digits and hyphens, at most 20 characters, such as inc',
    pattern: /^[a-z0-9-]+$/,
    max: 20,
  })
    .default('inc')
    .meta({ description: 'Start of every incident channel name, as in inc-2026-03-14-checkout-api.' }),
});

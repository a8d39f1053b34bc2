import { z } from 'zod';
import { defineBoolean, defineInteger, defineSection, describeExpectation } from './config-values.ts';

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

/** `reminders:`: when action item owners and incident leads are reminded, and the weekly digest. */
export const ZReminders = defineSection(
  'a mapping with dayBeforeDue, dueMorningHour, overdueEveryBusinessDay, escalateToLeadAfterBusinessDays, digest and actionBusinessDays',
  {
    dayBeforeDue: defineBoolean('remind the owner the business day before an action is due')
      .default(true)
      .meta({ description: 'Remind an action owner the business day before it is due.' }),
    dueMorningHour: defineInteger({ what: 'an hour of the day from 0 to 23, such as 9', min: 0, max: 23 })
      .default(9)
      .meta({
        description:
          'Hour at which action owners get their reminders, in each owner’s own time zone (from Slack), on business days.',
      }),
    overdueEveryBusinessDay: defineBoolean('remind every business day while an action is overdue')
      .default(true)
      .meta({ description: 'Remind the owner every business day while an action is overdue.' }),
    escalateToLeadAfterBusinessDays: defineInteger({
      what: 'a whole number of business days from 0 to 60, such as 2',
      min: 0,
      max: 60,
    })
      .default(2)
      .meta({ description: 'Tell the incident lead once an action is this many business days overdue (0: at once).' }),
    digest: defineSection('a mapping with weekday and hour', {
      weekday: z
        .enum(WEEKDAYS, describeExpectation('a weekday in lowercase, such as monday'))
        .default('monday')
        .meta({ description: 'Day of the weekly digest of open actions.' }),
      hour: defineInteger({ what: 'an hour of the day from 0 to 23, such as 9', min: 0, max: 23 })
        .default(9)
        .meta({ description: 'Hour (team time zone) of the weekly digest.' }),
    })
      .prefault({})
      .meta({ description: 'Weekly digest of open action items, posted to the announcements channel.' }),
    actionBusinessDays: defineInteger({
      what: 'a whole number of business days from 1 to 60, such as 5',
      min: 1,
      max: 60,
    })
      .default(5)
      .meta({ description: 'Business days an action item gets when no due date is given.' }),
  },
);

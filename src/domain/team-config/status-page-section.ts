import { z } from 'zod';
import { defineSection, defineString, describeValue } from './config-values.ts';

const ZStatusPageService = defineSection('a mapping with service and name', {
  service: defineString({ what: 'the name of a service under services, such as checkout-api', max: 200 }).meta({
    description: 'The service, as sitrep.yml names it under services.',
  }),
  name: defineString({ what: 'the name customers know it by, such as Checkout', max: 100 }).meta({
    description: 'What the public page calls it: the only name of it that customers see.',
  }),
});

const ZStatusPageGroup = defineSection('a mapping with name and services', {
  name: defineString({ what: 'a group name such as Payments', max: 100 }).meta({
    description: 'A heading on the public page, above its services.',
  }),
  services: z
    .array(ZStatusPageService, { error: (issue) => `expected a list of services; got ${describeValue(issue.input)}` })
    .min(1, { error: 'expected at least one service in the group' }),
});

/**
 * `statusPage:`: the public status page at /status, off without this section. Only the services listed appear, under
 * their public names and groups; nothing else of an incident is public but what people publish.
 */
export const ZStatusPage = defineSection('a mapping with title and groups', {
  title: defineString({ what: 'a page title such as Acme status', max: 100 })
    .default('Status')
    .meta({ description: 'The public page’s title.' }),
  groups: z
    .array(ZStatusPageGroup, { error: (issue) => `expected a list of groups; got ${describeValue(issue.input)}` })
    .min(1, { error: 'expected at least one group' }),
});

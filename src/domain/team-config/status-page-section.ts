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

/** Statuspage's ids are short runs of lower-case letters and digits, such as `kctbh9vrtdwd`. */
const STATUSPAGE_ID = /^[a-z0-9]+$/;

const ZStatuspageId = (what: string) =>
  defineString({ what: `${what}, letters and digits such as kctbh9vrtdwd`, pattern: STATUSPAGE_ID, max: 64 });

/**
 * `statusPage.atlassian:`: an Atlassian Statuspage that sitrep keeps in line with this page (with STATUSPAGE_API_KEY
 * set): each listed service's component status, and an incident per incident with public updates.
 */
const ZAtlassianStatuspage = defineSection('a mapping with pageId and components', {
  pageId: ZStatuspageId('the page id from the Statuspage API page').meta({
    description: 'The Statuspage page to push to, as its API page (or the page’s URL in the manage view) shows it.',
  }),
  components: z
    .record(
      defineString({ what: 'the name of a service on the status page, such as checkout-api', max: 200 }),
      ZStatuspageId('a component id from the component’s edit page'),
      { error: (issue) => `expected a mapping of service to component id; got ${describeValue(issue.input)}` },
    )
    .refine((components) => Object.keys(components).length > 0, { error: 'expected at least one service' })
    .meta({ description: 'The Statuspage component id of each service (of those on this page) it mirrors.' }),
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
  atlassian: ZAtlassianStatuspage.optional().meta({
    description:
      'An Atlassian Statuspage kept in line with this page through its API (needs STATUSPAGE_API_KEY): components and incidents.',
  }),
});

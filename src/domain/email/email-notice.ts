import { z } from 'zod';
import type { IncidentStatus } from '../incident/incident.ts';

/**
 * What subscribers are told about, by reference: a public update (its incident and the request that posted it, unique
 * together) or a maintenance window scheduled or cancelled. The words are read when the email is written, from the
 * public fields only.
 */
export const ZEmailNotice = z.discriminatedUnion('about', [
  z.object({ about: z.literal('update'), incidentId: z.uuid(), requestKey: z.string().min(1) }),
  z.object({
    about: z.literal('maintenance'),
    maintenanceId: z.uuid(),
    change: z.enum(['scheduled', 'cancelled']),
  }),
]);
export type TEmailNotice = z.infer<typeof ZEmailNotice>;

/** A notice's key, the same however often it is fanned out: one email per notice and address. */
export const noticeKeyOf = (notice: TEmailNotice): string =>
  notice.about === 'update'
    ? `update:${notice.incidentId}:${notice.requestKey}`
    : `maintenance:${notice.maintenanceId}:${notice.change}`;

/**
 * The public words of a notice, as subscribers read them: `services` are sitrep's names (the caller keeps only those
 * on the status page, under their public names); nothing internal (the incident's title, channel, people) is here.
 */
export type NoticeContent =
  | {
      about: 'update';
      publicTitle: string;
      status: IncidentStatus;
      text: string;
      postedAt: Date;
      services: string[];
    }
  | {
      about: 'maintenance';
      change: 'scheduled' | 'cancelled';
      services: string[];
      startsAt: Date;
      /** As planned; `cancelledAt` says when a cancelled window ended. */
      endsAt: Date;
      cancelledAt: Date | null;
      text: string;
    };

import { z } from 'zod';

const ZReadiness = z.looseObject({ slack: z.looseObject({ status: z.string() }).optional() });

/** What `/readyz` of the server at `url` says of Slack (`ok`, `paused`), if it says anything. */
export const readSlackStatus = async (url: string): Promise<string | undefined> =>
  ZReadiness.parse(await (await fetch(`${url}/readyz`)).json()).slack?.status;

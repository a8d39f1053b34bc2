import type { DeployFlows } from '../../flows/deploy-flows.ts';
import type { RouteHandler } from '../../http/http-server.ts';
import type { Logger } from '../../observability/logger.ts';
import { answerDeploy } from '../answer-deploy.ts';
import { readBodyOrRefuse } from '../read-body.ts';
import { bearerTokenMatches } from '../tokens-match.ts';
import { sendNotEnabled, sendUnauthorized } from '../webhook-response.ts';
import { parseGenericDeploy } from './deploy-payload.ts';
import { verifyDeploySignature } from './deploy-signature.ts';

export type DeployWebhookOptions = {
  /** `DEPLOY_WEBHOOK_SECRET`; without it the webhook answers 404. */
  secret: string | undefined;
  flows: Pick<DeployFlows, 'recordDeploy'>;
  logger: Logger;
  now: () => Date;
};

/**
 * `POST /webhooks/deploy`: sitrep's own deploy body, signed `X-Sitrep-Signature: sha256=<hex HMAC-SHA256 of the raw
 * body>`. 200 `{ stored }` (false for a redelivery of the same id), 401 unsigned, 400 with zod's issues, 413 over
 * 1 MB, 503 with Retry-After while the database is unreachable (see routes.ts). Senders that can only add fixed
 * headers (Argo CD notifications) may send the secret itself as `Authorization: Bearer`, as Alertmanager does; the
 * signature is better, since it never puts the secret on the wire.
 */
export const createDeployWebhook =
  ({ secret, flows, logger, now }: DeployWebhookOptions): RouteHandler =>
  async (req, res) => {
    if (secret === undefined) {
      sendNotEnabled(res, 'DEPLOY_WEBHOOK_SECRET');
      return;
    }
    const receivedAt = now();
    const rawBody = await readBodyOrRefuse(req, res);
    if (rawBody === undefined) return;
    const signature = req.headers['x-sitrep-signature'];
    const authentic =
      signature === undefined
        ? bearerTokenMatches({ authorization: req.headers.authorization, expected: secret })
        : verifyDeploySignature({ secret, rawBody, signature });
    if (!authentic) {
      logger.warn({ webhook: 'deploy' }, 'refused a deploy webhook with a missing or wrong signature');
      sendUnauthorized(res);
      return;
    }
    await answerDeploy({
      res,
      rawBody,
      parse: (payload) => {
        const parsed = parseGenericDeploy({ payload, receivedAt });
        return parsed.ok ? { ok: true, value: { kind: 'deploy', deploy: parsed.value } } : parsed;
      },
      flows,
      logger,
      context: { webhook: 'deploy' },
    });
  };

import { inputValue, viewSubmissionBody } from '../../../demo/fake-slack/sign.ts';
import { ACTIONS, BLOCKS, VIEWS } from '../../../src/slack/ids.ts';

/** The public update form (opened from `privateMetadata`'s button) filled in and submitted as Slack sends it. */
export const publicUpdateSubmission = ({
  userId,
  privateMetadata,
  title,
  text,
  status,
}: {
  userId: string;
  privateMetadata: string;
  title: string;
  text: string;
  status: string;
}) =>
  viewSubmissionBody({
    userId,
    callbackId: VIEWS.publishUpdate,
    viewId: 'VPUBLISH01',
    privateMetadata,
    values: {
      [BLOCKS.publishTitle]: { [ACTIONS.publishTitle]: inputValue.text(title) },
      [BLOCKS.publishText]: { [ACTIONS.publishText]: inputValue.text(text) },
      [BLOCKS.publishStatus]: { [ACTIONS.publishStatus]: inputValue.select(status) },
    },
  });

/** One generated version of an incident's postmortem, with what Slack has of it so far. */
export type PostmortemVersion = {
  id: string;
  incidentId: string;
  version: number;
  markdown: string;
  generatedAt: Date;
  generatedBy: string | null;
  editedAt: Date | null;
  canvasId: string | null;
  fileId: string | null;
  completedAt: Date | null;
};

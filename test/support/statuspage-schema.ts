import { z } from 'zod';

// Atlassian Statuspage's public API v2 (`/api/v2/summary.json`, `/api/v2/status.json`) as it documents it: the fields
// its readers rely on, required where Statuspage always sends them. Strict on values, open to extra fields.

const ZInstant = z.iso.datetime();
const ZIndicator = z.enum(['none', 'minor', 'major', 'critical', 'maintenance']);

const ZPage = z.object({
  id: z.string().min(1),
  name: z.string(),
  url: z.string().min(1),
  time_zone: z.string(),
  updated_at: ZInstant,
});

const ZStatus = z.object({ indicator: ZIndicator, description: z.string().min(1) });

const ZComponent = z.object({
  id: z.string().min(1),
  name: z.string(),
  status: z.enum(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance']),
  created_at: ZInstant,
  updated_at: ZInstant,
  position: z.int(),
  description: z.string().nullable(),
  page_id: z.string(),
  group_id: z.string().nullable(),
  group: z.boolean(),
  only_show_if_degraded: z.boolean(),
  components: z.array(z.string()).optional(),
});

const ZUpdate = z.object({
  id: z.string().min(1),
  incident_id: z.string().min(1),
  status: z.string(),
  body: z.string(),
  created_at: ZInstant,
  updated_at: ZInstant,
  display_at: ZInstant.nullable(),
});

const ZIncidentFields = {
  id: z.string().min(1),
  name: z.string(),
  impact: ZIndicator,
  created_at: ZInstant,
  updated_at: ZInstant,
  started_at: ZInstant,
  monitoring_at: ZInstant.nullable(),
  resolved_at: ZInstant.nullable(),
  shortlink: z.string().nullable(),
  page_id: z.string(),
  incident_updates: z.array(ZUpdate),
  components: z.array(z.object({ id: z.string(), name: z.string() })),
};

export const ZStatuspageSummary = z.object({
  page: ZPage,
  components: z.array(ZComponent),
  incidents: z.array(
    z.object({
      ...ZIncidentFields,
      status: z.enum(['investigating', 'identified', 'monitoring', 'resolved', 'postmortem']),
    }),
  ),
  scheduled_maintenances: z.array(
    z.object({
      ...ZIncidentFields,
      status: z.enum(['scheduled', 'in_progress', 'verifying', 'completed']),
      scheduled_for: ZInstant,
      scheduled_until: ZInstant,
    }),
  ),
  status: ZStatus,
});

export const ZStatuspageStatus = z.object({ page: ZPage, status: ZStatus });

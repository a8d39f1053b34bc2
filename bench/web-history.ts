import type { PrismaClient } from '../src/store/generated/client.ts';

export type WebHistoryOptions = {
  incidents: number;
  /** Of them, declared since the start of this month (the burn-down's markers). */
  thisMonth: number;
  /** The incident given a long timeline (its own and 300 more entries) and two postmortem versions. */
  busy: number;
  now: Date;
  monthStart: Date;
};

const DAY_MS = 86_400_000;
const USERS = 30;
const DEPLOYS = 30_000;
const ALERTS = 3_000;
/** The last incidents are still open. */
const OPEN = 40;
const BUSY_EXTRA_ENTRIES = 300;

/** A bench user's Slack id, `U05BENCH00` to `U05BENCH29`, in SQL from an integer expression. */
const userOf = (expression: string) => `'U05BENCH' || lpad(((${expression}) % ${USERS})::text, 2, '0')`;

const TITLES = [
  'Checkout latency spike after deploy',
  'Search returns empty results',
  'Payment gateway timeout',
  'Elevated 5xx on cart service',
  'Autocomplete slow for EU users',
  'Order confirmation emails delayed',
  'Database connection pool exhausted',
  'CDN cache purge failed',
  'Login errors for SSO customers',
  'Inventory sync lagging',
];

// A few KB of Markdown per version, as a drafted postmortem with a timeline and action items is.
const POSTMORTEM = `'# Postmortem: ' || i.title || E'\\n\\n## Summary\\n\\n'
  || repeat('Customers saw errors while checking out; the on-call rolled back the release and the error rate fell. ', 12)
  || E'\\n\\n## Timeline\\n\\n'
  || repeat(E'- 14:05 — an alert fired on the error rate of the service\\n', 15)
  || E'\\n## Contributing factors\\n\\n'
  || repeat('A configuration change reached production without the canary that would have caught it. ', 8)`;

/**
 * Two years of a busy team's history, the same on every run (setseed), written with set-based SQL so 10,000
 * incidents take seconds: 1–2 services each (a tenth on services sitrep.yml does not know), impact windows, five
 * timeline entries, three action items (some open, most of those overdue) owned among 30 people whose names Slack's
 * cache holds, one or two postmortem versions of a few KB for each resolved incident, 30,000 production deploys and
 * 3,000 alerts. The last `thisMonth` incidents fall in the current month, the last 40 of them still open.
 */
export const seedWebHistory = async (prisma: PrismaClient, options: WebHistoryOptions): Promise<void> => {
  const { incidents, thisMonth, busy, now, monthStart } = options;
  const from = new Date(now.getTime() - 730 * DAY_MS);
  const older = incidents - thisMonth;
  const run = (sql: string, ...values: unknown[]) => prisma.$executeRawUnsafe(sql, ...values);
  await run('SELECT setseed(0.42)');
  await run('DROP TABLE IF EXISTS bench_incident');
  await run(
    `CREATE TABLE bench_incident AS
     SELECT n, md5('incident-' || n)::uuid AS id,
            (ARRAY[${TITLES.map((title) => `'${title}'`).join(', ')}])[1 + n % ${TITLES.length}] AS title,
            CASE WHEN n <= $3 THEN $1::timestamptz + (n - 1) * (($2::timestamptz - $1::timestamptz) / $3)
                 ELSE $2::timestamptz + (n - $3 - 1) * (($4::timestamptz - interval '2 hours' - $2::timestamptz) / $5)
            END + random() * interval '40 minutes' AS declared_at,
            interval '5 minutes' + random() * interval '55 minutes' AS outage,
            random() * interval '3 hours' AS tail,
            n > $6 - ${OPEN} AS open
     FROM generate_series(1, $6::int) AS n`,
    from.toISOString(),
    monthStart.toISOString(),
    Math.max(older, 1),
    now.toISOString(),
    Math.max(thisMonth, 1),
    incidents,
  );
  await run(`
    INSERT INTO "Incident" (id, number, title, description, severity, status, "channelId", "channelName", "declaredBy",
                            "declaredAt", "impactStartedAt", "detectedAt", "mitigatedAt", "resolvedAt", "updatedAt")
    SELECT id, n, title || ' #' || n, 'Seen by customers in several regions; see the timeline.',
           CASE WHEN n % 20 = 0 THEN 1 WHEN n % 5 = 0 THEN 2 WHEN n % 2 = 0 THEN 3 ELSE 4 END,
           (CASE WHEN NOT open THEN 'resolved' WHEN n % 3 = 0 THEN 'investigating' WHEN n % 3 = 1 THEN 'identified'
                 ELSE 'monitoring' END)::"IncidentStatus",
           'CBENCH' || n, 'inc-' || n, ${userOf('n')}, declared_at, declared_at - interval '10 minutes', declared_at,
           CASE WHEN open AND n % 3 = 0 THEN NULL ELSE declared_at + outage END,
           CASE WHEN open THEN NULL ELSE declared_at + outage + tail END, declared_at
    FROM bench_incident`);
  await run(`SELECT setval('"Incident_number_seq"', $1)`, incidents);
  await run(`
    INSERT INTO "IncidentService" ("incidentId", service)
    SELECT id, CASE WHEN n % 10 < 5 THEN 'checkout-api' WHEN n % 10 < 9 THEN 'search'
                    WHEN n % 20 = 9 THEN 'legacy-billing' ELSE 'edge-cdn' END
    FROM bench_incident
    UNION
    SELECT id, CASE WHEN n % 10 < 5 THEN 'search' ELSE 'checkout-api' END FROM bench_incident WHERE n % 7 = 0`);
  await run(`
    INSERT INTO "IncidentRole" ("incidentId", role, "userId", "assignedBy", "assignedAt")
    SELECT id, 'lead'::"RoleKind", ${userOf('n')}, ${userOf('n')}, declared_at FROM bench_incident`);
  await run(`
    INSERT INTO "ImpactWindow" (id, "incidentId", service, kind, "startedAt", "endedAt", "createdBy")
    SELECT md5('outage-' || s."incidentId" || s.service)::uuid, s."incidentId", s.service, 'outage'::"ImpactKind",
           i."impactStartedAt", i."mitigatedAt", i."declaredBy"
    FROM "IncidentService" s JOIN "Incident" i ON i.id = s."incidentId"
    UNION ALL
    SELECT md5('degraded-' || s."incidentId" || s.service)::uuid, s."incidentId", s.service, 'degraded'::"ImpactKind",
           i."mitigatedAt", i."resolvedAt", i."declaredBy"
    FROM "IncidentService" s JOIN "Incident" i ON i.id = s."incidentId"
    WHERE i.number % 3 = 0 AND i."mitigatedAt" IS NOT NULL`);
  await run(
    `INSERT INTO "TimelineEntry" (id, "incidentId", "naturalKey", source, "occurredAt", "recordedAt", "actorId", text)
     SELECT md5('entry-' || i.n || '-' || e)::uuid, i.id, CASE WHEN e = 0 THEN 'declared' ELSE 'note:' || e END,
            (CASE WHEN e = 0 THEN 'lifecycle' ELSE 'command' END)::"TimelineSource",
            i.declared_at + e * interval '7 minutes', i.declared_at + e * interval '7 minutes', ${userOf('i.n + e')},
            CASE WHEN e = 0 THEN '<@' || ${userOf('i.n')} || '> declared the incident'
                 ELSE 'Update ' || e || ': error rate at ' || (e * 7) || '%, rolling back the last release of the service' END
     FROM bench_incident i, generate_series(0, 4 + CASE WHEN i.n = $1 THEN ${BUSY_EXTRA_ENTRIES} ELSE 0 END) AS e`,
    busy,
  );
  await run(
    `INSERT INTO "ActionItem" (id, "incidentId", title, kind, status, "ownerId", "dueAt", "createdBy", "createdAt",
                               "updatedAt", "doneAt", "ownerTimeZone")
     SELECT md5('action-' || i.n || '-' || a)::uuid, i.id,
            (ARRAY['Add a canary for', 'Alert on the error rate of', 'Document the rollback of'])[a] || ' ' || i.title,
            (ARRAY['fix', 'alarm', 'doc'])[a]::"ActionKind",
            (CASE WHEN i.open OR (i.n * 3 + a) % 16 = 0 THEN 'open' WHEN (i.n + a) % 11 = 0 THEN 'wont_do'
                  ELSE 'done' END)::"ActionStatus",
            ${userOf('i.n * 7 + a')}, i.declared_at + interval '14 days', ${userOf('i.n')}, i.declared_at,
            i.declared_at, CASE WHEN i.open OR (i.n * 3 + a) % 16 = 0 THEN NULL ELSE i.declared_at + interval '9 days' END,
            'Europe/Paris'
     FROM bench_incident i, generate_series(1, 3) AS a`,
  );
  await run(
    `INSERT INTO "Postmortem" (id, "incidentId", version, markdown, "generatedAt", "generatedBy")
     SELECT md5('postmortem-' || i.n || '-' || v)::uuid, i.id, v,
            ${POSTMORTEM} || CASE WHEN v = 2 THEN E'\\n\\n## Lessons\\n\\nCanaries for every service.' ELSE '' END,
            i.declared_at + i.outage + i.tail + v * interval '1 hour', ${userOf('i.n + v')}
     FROM bench_incident i, generate_series(1, 2) AS v
     WHERE NOT i.open AND (v = 1 OR i.n % 2 = 0 OR i.n = $1)`,
    busy,
  );
  await run(
    `INSERT INTO "SlackUser" ("userId", name, tz, "fetchedAt")
     SELECT ${userOf('u')}, 'person-' || u, (ARRAY['Europe/Paris', 'America/New_York', 'UTC'])[1 + u % 3], $1::timestamptz
     FROM generate_series(0, ${USERS - 1}) AS u`,
    now.toISOString(),
  );
  await run(
    `INSERT INTO "DeployEvent" (id, source, "deliveryId", service, "knownService", environment, version, layer, status,
                                actor, "occurredAt")
     SELECT md5('deploy-' || n)::uuid, 'generic'::"DeploySource", 'bench-' || n,
            CASE WHEN n % 20 < 9 THEN 'checkout-api' WHEN n % 20 < 18 THEN 'search' ELSE 'edge-cdn' END,
            n % 20 < 18, 'production', 'v' || n, 'artifact'::"DeployLayer",
            (CASE WHEN n % 25 = 0 THEN 'failed' WHEN n % 40 = 0 THEN 'rolled_back' ELSE 'succeeded' END)::"DeployStatus",
            ${userOf('n')}, $1::timestamptz + (n - 1) * (($2::timestamptz - $1::timestamptz) / $3) + random() * interval '30 minutes'
     FROM generate_series(1, $3::int) AS n`,
    from.toISOString(),
    now.toISOString(),
    DEPLOYS,
  );
  await run(
    `INSERT INTO "AlertEvent" (id, fingerprint, status, service, "alertName", summary, labels, "startsAt", "endsAt")
     SELECT md5('alert-' || n)::uuid, 'fp-' || n, (CASE WHEN n % 2 = 0 THEN 'resolved' ELSE 'firing' END)::"AlertStatus",
            CASE WHEN n % 2 = 0 THEN 'checkout-api' ELSE 'search' END, 'HighErrorRate', 'Error rate above 5%',
            '{"severity":"page"}'::jsonb, starts, CASE WHEN n % 2 = 0 THEN starts + interval '20 minutes' END
     FROM (SELECT n, $1::timestamptz + (n - 1) * (($2::timestamptz - $1::timestamptz) / $3) AS starts
           FROM generate_series(1, $3::int) AS n) AS alerts`,
    from.toISOString(),
    now.toISOString(),
    ALERTS,
  );
  await run('DROP TABLE bench_incident');
  await run('ANALYZE');
};

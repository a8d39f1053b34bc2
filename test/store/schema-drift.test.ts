import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type DatabaseKind, databaseKinds, openTestDatabase, type TestDatabase } from '../support/database.ts';
import { findSchemaDrift, readDatamodel } from '../support/schema-drift.ts';

const SCHEMA_PATH = new URL('../../prisma/schema.prisma', import.meta.url);

type Insertion = { after: string; line: string };

/** schema.prisma with each `line` inserted below the first line that starts with its `after` (which must exist). */
const insertLines = ({ schema, insertions }: { schema: string; insertions: Insertion[] }): string =>
  insertions.reduce((text, { after, line }) => {
    const start = text.indexOf(`\n${after}`);
    const end = text.indexOf('\n', start + 1);
    if (start < 0 || end < 0) throw new Error(`schema.prisma has no line starting with ${after}`);
    return `${text.slice(0, end + 1)}${line}\n${text.slice(end + 1)}`;
  }, schema);

describe('schema.prisma as Prisma parses it', () => {
  it('has the models, enums and keys the drift check walks through', async () => {
    const datamodel = readDatamodel(await readFile(SCHEMA_PATH, 'utf8'));
    expect(datamodel.models.map((m) => m.name)).toContain('Incident');
    expect(datamodel.enums.find((e) => e.name === 'IncidentStatus')?.values.map((v) => v.name)).toEqual([
      'investigating',
      'identified',
      'monitoring',
      'resolved',
    ]);
    const incident = datamodel.models.find((m) => m.name === 'Incident');
    expect(incident?.fields.find((f) => f.name === 'number')?.default).toEqual({ name: 'autoincrement', args: [] });
    expect(incident?.fields.find((f) => f.name === 'declaredAt')?.nativeType).toEqual(['Timestamptz', ['3']]);
    expect(datamodel.indexes.filter((i) => i.model === 'IncidentService')).toHaveLength(2);
  });
});

describe.each(databaseKinds)('schema.prisma and prisma/migrations on %s', (kind: DatabaseKind) => {
  let database: TestDatabase;
  let schema: string;
  beforeAll(async () => {
    [database, schema] = await Promise.all([openTestDatabase(kind), readFile(SCHEMA_PATH, 'utf8')]);
  });
  afterAll(async () => {
    await database?.destroy();
  });

  const driftOf = (text: string, db: TestDatabase = database) =>
    db.withSession((session) => findSchemaDrift({ schema: text, session }));

  it('agree on every table, column, type, default, enum, key, index and foreign key, both ways', async () => {
    expect(await driftOf(schema)).toEqual([]);
  });

  it('looks in the schema the database uses', async () => {
    const rows = await database.withSession((session) => session.query('SELECT current_schema() AS schema'));
    const [row] = z.array(z.object({ schema: z.string() })).parse(rows);
    if (kind === 'pglite') expect(row?.schema).toBe('public');
    else expect(row?.schema).toMatch(/^t_[0-9a-f]{16}$/);
  });

  it('tells a developer who added fields to schema.prisma which migration to write', async () => {
    const edited = insertLines({
      schema,
      insertions: [
        { after: '  tz        String', line: '  locale    String   @default("en-US")' },
        { after: '  tz        String', line: '  teamId    String?  @db.Uuid' },
        { after: '  fetchedAt DateTime', line: '  @@index([teamId, locale])' },
        { after: '  dedupeKey   String', line: '  priority    Int          @default(autoincrement())' },
        { after: 'enum OutboxStatus {', line: '  paused' },
        { after: 'model SlackUser {', line: '  seenAt    DateTime @updatedAt @db.Timestamptz(3)' },
      ],
    });
    expect(await driftOf(edited)).toEqual([
      `enum OutboxStatus: values are (pending, done, dead), schema.prisma has (paused, pending, done, dead). Write: ALTER TYPE "OutboxStatus" ADD VALUE 'paused' BEFORE 'pending';`,
      'OutboxMessage.priority (column "OutboxMessage"."priority") is missing. Write: ALTER TABLE "OutboxMessage" ADD COLUMN "priority" SERIAL NOT NULL;',
      'SlackUser.seenAt (column "SlackUser"."seenAt") is missing. Write: ALTER TABLE "SlackUser" ADD COLUMN "seenAt" TIMESTAMPTZ(3) NOT NULL;',
      'SlackUser.teamId (column "SlackUser"."teamId") is missing. Write: ALTER TABLE "SlackUser" ADD COLUMN "teamId" UUID;',
      `SlackUser.locale (column "SlackUser"."locale") is missing. Write: ALTER TABLE "SlackUser" ADD COLUMN "locale" TEXT NOT NULL DEFAULT 'en-US';`,
      'SlackUser @@index([teamId, locale]): index "SlackUser_teamId_locale_idx" on (teamId, locale) is missing. Write: CREATE INDEX "SlackUser_teamId_locale_idx" ON "SlackUser"("teamId", "locale");',
    ]);
  });

  it('tells which model a migration forgot, with its CREATE TABLE, keys and foreign key', async () => {
    const edited = `${schema}
model IncidentTag {
  incidentId String   @db.Uuid
  tag        String
  addedAt    DateTime @default(now()) @db.Timestamptz(3)
  incident   Incident @relation(fields: [incidentId], references: [id], onDelete: Cascade)

  @@id([incidentId, tag])
}
`.replace('  actions     ActionItem[]', '  actions     ActionItem[]\n  tags        IncidentTag[]');
    expect(await driftOf(edited)).toEqual([
      'model IncidentTag: table "IncidentTag" is missing. Write: CREATE TABLE "IncidentTag" ("incidentId" UUID NOT NULL, "tag" TEXT NOT NULL, "addedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP, CONSTRAINT "IncidentTag_pkey" PRIMARY KEY ("incidentId", "tag"));',
      'IncidentTag.incident: foreign key "IncidentTag_incidentId_fkey" is missing. Write: ALTER TABLE "IncidentTag" ADD CONSTRAINT "IncidentTag_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;',
    ]);
  });

  it('reports a field whose type, nullability, default or relation schema.prisma changed', async () => {
    const edited = schema
      .replace('  severity        Int\n', '  severity        String?\n')
      .replace('  attempts    Int          @default(0)', '  attempts    Int          @default(1)')
      .replace(/(model ImpactWindow \{[^}]*?)onDelete: Cascade/, '$1onDelete: Restrict');
    expect(await driftOf(edited)).toEqual([
      'Incident.severity (column "Incident"."severity") is integer, schema.prisma wants text. Write: ALTER TABLE "Incident" ALTER COLUMN "severity" SET DATA TYPE TEXT;',
      'Incident.severity (column "Incident"."severity") is NOT NULL, schema.prisma has it optional. Write: ALTER TABLE "Incident" ALTER COLUMN "severity" DROP NOT NULL;',
      'OutboxMessage.attempts (column "OutboxMessage"."attempts") has DEFAULT 0, schema.prisma wants DEFAULT 1. Write: ALTER TABLE "OutboxMessage" ALTER COLUMN "attempts" SET DEFAULT 1;',
      'ImpactWindow.incident: foreign key "ImpactWindow_incidentId_fkey" is FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE, schema.prisma wants FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE RESTRICT ON UPDATE CASCADE',
    ]);
  });

  describe('on a database a migration got wrong', () => {
    let broken: TestDatabase;
    beforeAll(async () => {
      broken = await openTestDatabase(kind);
      await broken.withSession((session) =>
        session.exec(`
          ALTER TABLE "Incident" DROP COLUMN "severity";
          DROP INDEX "ActionItem_status_dueAt_idx";
          ALTER TABLE "Incident" ALTER COLUMN "updatedAt" SET DEFAULT now();
          ALTER TABLE "TimelineEntry" DROP CONSTRAINT "TimelineEntry_incidentId_fkey";
          ALTER TYPE "RoleKind" ADD VALUE 'observer';
          CREATE TABLE "Leftover" ("id" integer);
          ALTER TABLE "Postmortem" ADD COLUMN "draft" boolean;
          CREATE INDEX "Incident_title_idx" ON "Incident" ("title" DESC);
          ALTER TABLE "AlertEvent" DROP CONSTRAINT "AlertEvent_pkey";
        `),
      );
    });
    afterAll(async () => {
      await broken?.destroy();
    });

    it('reports each difference, naming the model and field and the SQL that puts it right', async () => {
      expect(await driftOf(schema, broken)).toEqual([
        'enum RoleKind: values are (lead, comms, scribe, observer), schema.prisma has (lead, comms, scribe)',
        'Incident.severity (column "Incident"."severity") is missing. Write: ALTER TABLE "Incident" ADD COLUMN "severity" INTEGER NOT NULL;',
        'Incident.updatedAt (column "Incident"."updatedAt") has DEFAULT now(), schema.prisma has no database default. Write: ALTER TABLE "Incident" ALTER COLUMN "updatedAt" DROP DEFAULT;',
        'column "Postmortem"."draft" (boolean) is in no field of model Postmortem. Add the field or write: ALTER TABLE "Postmortem" DROP COLUMN "draft";',
        'table "Leftover" is in no model of schema.prisma. Add the model or write: DROP TABLE "Leftover";',
        'AlertEvent.id @id: primary key "AlertEvent_pkey" on (id) is missing. Write: ALTER TABLE "AlertEvent" ADD CONSTRAINT "AlertEvent_pkey" PRIMARY KEY ("id");',
        'ActionItem @@index([status, dueAt]): index "ActionItem_status_dueAt_idx" on (status, dueAt) is missing. Write: CREATE INDEX "ActionItem_status_dueAt_idx" ON "ActionItem"("status", "dueAt");',
        'index "Incident_title_idx" on "Incident" (title DESC) is in no @id, @unique or @@index of schema.prisma. Declare it or write: DROP INDEX "Incident_title_idx";',
        'TimelineEntry.incident: foreign key "TimelineEntry_incidentId_fkey" is missing. Write: ALTER TABLE "TimelineEntry" ADD CONSTRAINT "TimelineEntry_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;',
      ]);
    });
  });
});

-- A report's older facts (impact windows, incidents and deploys dated before the day before yesterday) are kept in
-- the server's memory between pages, and each read first asks whether they changed: these triggers count, per
-- service, every change to such a row (a backfilled deploy, an old window closed, an incident resolved days after it
-- was declared, a service added to an old incident, a deletion), in the changing transaction, so a read that sees
-- the change sees the count move. Changes to today's and yesterday's facts, nearly all of them, count nothing:
-- reports always read those rows afresh, and a busy service's deploys never wait on this table's row. The triggers
-- run once per statement over its transition tables, so a restore or a backfill of many old rows raises each
-- service's count once, in the order of the services' names (two writers never wait on each other crosswise).
-- The count is derived: backups leave it out.

-- CreateTable
CREATE TABLE "ServiceFactVersion" (
    "service" TEXT NOT NULL,
    "version" BIGINT NOT NULL,

    CONSTRAINT "ServiceFactVersion_pkey" PRIMARY KEY ("service")
);

-- Rows dated before the start of yesterday (UTC, on the database's clock at the start of the transaction) count:
-- readers keep in memory only rows from before the start of the day before yesterday, a day's margin for a
-- transaction that began before midnight.
CREATE FUNCTION sitrep_fact_is_old(at timestamptz) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT at IS NOT NULL AND at < date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '1 day'
$$;

-- '*' stands for every service: a TRUNCATE, which names none.
CREATE FUNCTION sitrep_bump_fact_versions(services text[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "ServiceFactVersion" (service, version)
  SELECT service, 1 FROM unnest(services) AS service GROUP BY service ORDER BY service
  ON CONFLICT (service) DO UPDATE SET version = "ServiceFactVersion".version + 1
$$;

CREATE FUNCTION sitrep_facts_truncated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sitrep_bump_fact_versions(ARRAY['*']);
  RETURN NULL;
END $$;

-- A row of one service dated by the column its trigger names (an impact window by its start, so an old window that
-- ends now is a change to an old row; a deploy by when it happened). A column that is not there is an error, not a
-- change that goes uncounted.
CREATE FUNCTION sitrep_fact_date(fact jsonb, dated_by text) RETURNS timestamptz LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
  IF NOT fact ? dated_by THEN RAISE EXCEPTION 'sitrep_dated_facts_changed: no column %', dated_by; END IF;
  RETURN (fact ->> dated_by)::timestamptz;
END $$;

CREATE FUNCTION sitrep_dated_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM sitrep_bump_fact_versions(ARRAY(
      SELECT r.service FROM new_rows r WHERE sitrep_fact_is_old(sitrep_fact_date(to_jsonb(r), TG_ARGV[0]))));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM sitrep_bump_fact_versions(ARRAY(
      SELECT r.service FROM old_rows r WHERE sitrep_fact_is_old(sitrep_fact_date(to_jsonb(r), TG_ARGV[0]))
      UNION SELECT r.service FROM new_rows r WHERE sitrep_fact_is_old(sitrep_fact_date(to_jsonb(r), TG_ARGV[0]))));
  ELSE
    PERFORM sitrep_bump_fact_versions(ARRAY(
      SELECT r.service FROM old_rows r WHERE sitrep_fact_is_old(sitrep_fact_date(to_jsonb(r), TG_ARGV[0]))));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "ImpactWindow_fact_version_insert" AFTER INSERT ON "ImpactWindow"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sitrep_dated_facts_changed('startedAt');
CREATE TRIGGER "ImpactWindow_fact_version_update" AFTER UPDATE ON "ImpactWindow"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sitrep_dated_facts_changed('startedAt');
CREATE TRIGGER "ImpactWindow_fact_version_delete" AFTER DELETE ON "ImpactWindow"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sitrep_dated_facts_changed('startedAt');
CREATE TRIGGER "ImpactWindow_fact_version_truncate" AFTER TRUNCATE ON "ImpactWindow"
  FOR EACH STATEMENT EXECUTE FUNCTION sitrep_facts_truncated();

CREATE TRIGGER "DeployEvent_fact_version_insert" AFTER INSERT ON "DeployEvent"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sitrep_dated_facts_changed('occurredAt');
CREATE TRIGGER "DeployEvent_fact_version_update" AFTER UPDATE ON "DeployEvent"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION sitrep_dated_facts_changed('occurredAt');
CREATE TRIGGER "DeployEvent_fact_version_delete" AFTER DELETE ON "DeployEvent"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sitrep_dated_facts_changed('occurredAt');
CREATE TRIGGER "DeployEvent_fact_version_truncate" AFTER TRUNCATE ON "DeployEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION sitrep_facts_truncated();

-- An incident is dated by its declaration; only the instants a report reads count as a change. Its services are
-- its IncidentService rows (a deleted incident's go with it, and count there).
CREATE FUNCTION sitrep_incidents_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sitrep_bump_fact_versions(ARRAY(
    SELECT s.service
    FROM new_rows n
    JOIN old_rows o ON o.id = n.id
    JOIN "IncidentService" s ON s."incidentId" = n.id
    WHERE (sitrep_fact_is_old(o."declaredAt") OR sitrep_fact_is_old(n."declaredAt"))
      AND (o."declaredAt", o."impactStartedAt", o."mitigatedAt", o."resolvedAt")
          IS DISTINCT FROM (n."declaredAt", n."impactStartedAt", n."mitigatedAt", n."resolvedAt")));
  RETURN NULL;
END $$;

CREATE TRIGGER "Incident_fact_version_update" AFTER UPDATE ON "Incident"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sitrep_incidents_changed();
CREATE TRIGGER "Incident_fact_version_truncate" AFTER TRUNCATE ON "Incident"
  FOR EACH STATEMENT EXECUTE FUNCTION sitrep_facts_truncated();

-- A service added to or taken from an incident that is old, or already gone (a cascade).
CREATE FUNCTION sitrep_incident_services_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM sitrep_bump_fact_versions(ARRAY(
      SELECT r.service FROM new_rows r LEFT JOIN "Incident" i ON i.id = r."incidentId"
      WHERE i.id IS NULL OR sitrep_fact_is_old(i."declaredAt")));
  ELSIF TG_OP = 'UPDATE' THEN
    PERFORM sitrep_bump_fact_versions(ARRAY(
      SELECT r.service FROM (SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows) r
      LEFT JOIN "Incident" i ON i.id = r."incidentId"
      WHERE i.id IS NULL OR sitrep_fact_is_old(i."declaredAt")));
  ELSE
    PERFORM sitrep_bump_fact_versions(ARRAY(
      SELECT r.service FROM old_rows r LEFT JOIN "Incident" i ON i.id = r."incidentId"
      WHERE i.id IS NULL OR sitrep_fact_is_old(i."declaredAt")));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "IncidentService_fact_version_insert" AFTER INSERT ON "IncidentService"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sitrep_incident_services_changed();
CREATE TRIGGER "IncidentService_fact_version_update" AFTER UPDATE ON "IncidentService"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION sitrep_incident_services_changed();
CREATE TRIGGER "IncidentService_fact_version_delete" AFTER DELETE ON "IncidentService"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION sitrep_incident_services_changed();
CREATE TRIGGER "IncidentService_fact_version_truncate" AFTER TRUNCATE ON "IncidentService"
  FOR EACH STATEMENT EXECUTE FUNCTION sitrep_facts_truncated();

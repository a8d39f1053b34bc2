-- A report's older facts (impact windows, incidents and deploys from before yesterday) are kept in the server's
-- memory between pages, and each read first asks whether they changed: these triggers count, per service, every
-- change to such a row (a backfilled deploy, an old window edited, an incident resolved days after it was declared,
-- the retention job deleting), in the changing transaction, so a read that sees the change sees the count move.
-- Changes of today and yesterday, nearly all of them, count nothing: reports always read those rows afresh, and a
-- busy service's deploys never wait on this table's row. The count is derived: backups leave it out.

-- CreateTable
CREATE TABLE "ServiceFactVersion" (
    "service" TEXT NOT NULL,
    "version" BIGINT NOT NULL,

    CONSTRAINT "ServiceFactVersion_pkey" PRIMARY KEY ("service")
);

-- Rows dated before the start of yesterday (UTC, on the database's clock at the start of the transaction) are the
-- ones a report may hold in memory: readers keep in memory only rows from before the start of the day before
-- yesterday, a day's margin for a transaction that began before midnight.
CREATE FUNCTION sitrep_fact_is_old(at timestamptz) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT at IS NOT NULL AND at < date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - interval '1 day'
$$;

CREATE FUNCTION sitrep_bump_fact_version(changed text) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "ServiceFactVersion" (service, version) VALUES (changed, 1)
  ON CONFLICT (service) DO UPDATE SET version = "ServiceFactVersion".version + 1
$$;

-- A row of one service dated by the column the trigger names: an impact window by its start (an old window that
-- ends now is a change to an old row), a deploy by when it happened.
CREATE FUNCTION sitrep_dated_fact_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND sitrep_fact_is_old((to_jsonb(OLD) ->> TG_ARGV[0])::timestamptz) THEN
    PERFORM sitrep_bump_fact_version(OLD.service);
  END IF;
  IF TG_OP <> 'DELETE' AND sitrep_fact_is_old((to_jsonb(NEW) ->> TG_ARGV[0])::timestamptz) THEN
    PERFORM sitrep_bump_fact_version(NEW.service);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "ImpactWindow_fact_version" AFTER INSERT OR UPDATE OR DELETE ON "ImpactWindow"
  FOR EACH ROW EXECUTE FUNCTION sitrep_dated_fact_changed('startedAt');

CREATE TRIGGER "DeployEvent_fact_version" AFTER INSERT OR UPDATE OR DELETE ON "DeployEvent"
  FOR EACH ROW EXECUTE FUNCTION sitrep_dated_fact_changed('occurredAt');

-- An incident is dated by its declaration; only the instants a report reads count as a change. Its services are
-- its IncidentService rows (a deleted incident's go with it, and count there).
CREATE FUNCTION sitrep_incident_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (sitrep_fact_is_old(OLD."declaredAt") OR sitrep_fact_is_old(NEW."declaredAt"))
     AND (OLD."declaredAt", OLD."impactStartedAt", OLD."mitigatedAt", OLD."resolvedAt")
         IS DISTINCT FROM (NEW."declaredAt", NEW."impactStartedAt", NEW."mitigatedAt", NEW."resolvedAt") THEN
    PERFORM sitrep_bump_fact_version(s.service) FROM "IncidentService" s WHERE s."incidentId" = NEW.id;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "Incident_fact_version" AFTER UPDATE ON "Incident"
  FOR EACH ROW EXECUTE FUNCTION sitrep_incident_changed();

-- A service added to or taken from an incident; one whose incident is gone already (a cascade) counts too.
CREATE FUNCTION sitrep_incident_service_changed_at(incident uuid) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT sitrep_fact_is_old("declaredAt") FROM "Incident" WHERE id = incident), true)
$$;

CREATE FUNCTION sitrep_incident_service_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' AND sitrep_incident_service_changed_at(OLD."incidentId") THEN
    PERFORM sitrep_bump_fact_version(OLD.service);
  END IF;
  IF TG_OP <> 'DELETE' AND sitrep_incident_service_changed_at(NEW."incidentId") THEN
    PERFORM sitrep_bump_fact_version(NEW.service);
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "IncidentService_fact_version" AFTER INSERT OR UPDATE OR DELETE ON "IncidentService"
  FOR EACH ROW EXECUTE FUNCTION sitrep_incident_service_changed();

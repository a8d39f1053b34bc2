-- A report (the services page, `sitrep report`, the overview) reads the impact windows that overlap its period and
-- the incidents declared, or whose impact started, in it. Without these the database read every window of the
-- service and every incident ever declared to keep a month's: with two years of history, most of a page's time.

-- CreateIndex
CREATE INDEX "Incident_impactStartedAt_idx" ON "Incident"("impactStartedAt");

-- CreateIndex
CREATE INDEX "ImpactWindow_service_endedAt_idx" ON "ImpactWindow"("service", "endedAt");

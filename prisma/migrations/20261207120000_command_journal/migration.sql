-- CreateTable
CREATE TABLE "JournaledCommand" (
    "id" UUID NOT NULL,
    "body" JSONB NOT NULL,
    "receivedAt" TIMESTAMPTZ(3) NOT NULL,
    "leaseUntil" TIMESTAMPTZ(3) NOT NULL,
    "holder" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "JournaledCommand_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "JournaledCommand_leaseUntil_idx" ON "JournaledCommand"("leaseUntil");

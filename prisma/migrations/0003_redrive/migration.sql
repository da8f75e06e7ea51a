-- CreateTable
CREATE TABLE "redrive_job" (
    "id" TEXT NOT NULL,
    "clusterId" TEXT NOT NULL,
    "flowId" TEXT,
    "sourceTopic" TEXT NOT NULL,
    "targetMode" TEXT NOT NULL,
    "targetTopic" TEXT,
    "selection" JSONB NOT NULL,
    "ratePerSecond" INTEGER NOT NULL,
    "maxRedrives" INTEGER NOT NULL DEFAULT 3,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "progress" JSONB NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,
    "scanned" INTEGER NOT NULL DEFAULT 0,
    "sent" INTEGER NOT NULL DEFAULT 0,
    "skippedLoop" INTEGER NOT NULL DEFAULT 0,
    "skippedNoTarget" INTEGER NOT NULL DEFAULT 0,
    "filteredOut" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "runnerId" TEXT,
    "createdById" TEXT,
    "cancelledById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "redrive_job_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "redrive_job_clusterId_createdAt_idx" ON "redrive_job"("clusterId", "createdAt");

-- CreateIndex
CREATE INDEX "redrive_job_flowId_createdAt_idx" ON "redrive_job"("flowId", "createdAt");

-- CreateIndex
CREATE INDEX "redrive_job_status_idx" ON "redrive_job"("status");

-- AddForeignKey
ALTER TABLE "redrive_job" ADD CONSTRAINT "redrive_job_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "cluster"("id") ON DELETE CASCADE ON UPDATE CASCADE;


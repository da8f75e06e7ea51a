-- Spans received on /v1/traces (issue 6). The topic, group and status indexes are partial
-- (hand-edited after `npm run db:diff`; Prisma's schema cannot say so): see prisma/schema.prisma.
-- CreateTable
CREATE TABLE "span" (
    "traceId" TEXT NOT NULL,
    "spanId" TEXT NOT NULL,
    "parentSpanId" TEXT,
    "name" TEXT NOT NULL,
    "kind" SMALLINT NOT NULL,
    "service" TEXT NOT NULL,
    "startNs" BIGINT NOT NULL,
    "durationNs" BIGINT NOT NULL,
    "startMs" BIGINT NOT NULL,
    "statusCode" SMALLINT NOT NULL,
    "statusMessage" TEXT,
    "topic" TEXT,
    "consumerGroup" TEXT,
    "partition" INTEGER,
    "offset" BIGINT,
    "attributes" JSON NOT NULL,
    "resource" JSON NOT NULL,
    "events" JSON NOT NULL,
    "links" JSON NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "span_pkey" PRIMARY KEY ("traceId","spanId")
);

-- CreateTable
CREATE TABLE "span_link" (
    "traceId" TEXT NOT NULL,
    "spanId" TEXT NOT NULL,
    "linkedTraceId" TEXT NOT NULL,
    "linkedSpanId" TEXT NOT NULL,
    "startMs" BIGINT NOT NULL,

    CONSTRAINT "span_link_pkey" PRIMARY KEY ("traceId","spanId","linkedTraceId","linkedSpanId")
);

-- CreateIndex
CREATE INDEX "span_service_startMs_idx" ON "span"("service", "startMs");

-- CreateIndex
CREATE INDEX "span_topic_startMs_idx" ON "span"("topic", "startMs") WHERE "topic" IS NOT NULL;

-- CreateIndex
CREATE INDEX "span_consumerGroup_startMs_idx" ON "span"("consumerGroup", "startMs") WHERE "consumerGroup" IS NOT NULL;

-- CreateIndex
CREATE INDEX "span_statusCode_startMs_idx" ON "span"("statusCode", "startMs") WHERE "statusCode" = 2;

-- CreateIndex
CREATE INDEX "span_startMs_idx" ON "span"("startMs");

-- CreateIndex
CREATE INDEX "span_link_linkedTraceId_idx" ON "span_link"("linkedTraceId");

-- CreateIndex
CREATE INDEX "span_link_startMs_idx" ON "span_link"("startMs");


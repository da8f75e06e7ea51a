-- Span resources stored once (issue 6, ingest speed): span.resource moves to span_resource, keyed
-- by the SHA-256 (first 32 hex digits) of its JSON text, which is what the ingest path computes
-- from the text it sends. Hand-edited after `npm run db:diff span_resource` to carry existing spans
-- over, to drop links within a trace from span_link (span.links keeps them), to drop the unused
-- receivedAt column (a default evaluated for every row), and to keep attributes, events and links
-- as the JSON text the ingest path writes (a json column parsed it again on every insert).

-- CreateTable
CREATE TABLE "span_resource" (
    "id" TEXT NOT NULL,
    "attributes" JSON NOT NULL,
    "lastStartMs" BIGINT NOT NULL,

    CONSTRAINT "span_resource_pkey" PRIMARY KEY ("id")
);

-- AlterTable
ALTER TABLE "span" ADD COLUMN "resourceId" TEXT;

UPDATE "span" SET "resourceId" = left(encode(sha256(convert_to("resource"::text, 'UTF8')), 'hex'), 32);

INSERT INTO "span_resource" ("id", "attributes", "lastStartMs")
SELECT DISTINCT ON ("resourceId") "resourceId", "resource", max("startMs") OVER (PARTITION BY "resourceId")
FROM "span";

ALTER TABLE "span" ALTER COLUMN "resourceId" SET NOT NULL;

ALTER TABLE "span" DROP COLUMN "resource";

ALTER TABLE "span" DROP COLUMN "receivedAt",
  ALTER COLUMN "attributes" SET DATA TYPE TEXT,
  ALTER COLUMN "events" SET DATA TYPE TEXT,
  ALTER COLUMN "links" SET DATA TYPE TEXT;

DELETE FROM "span_link" WHERE "linkedTraceId" = "traceId";

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

-- Each distinct resource, with the latest start of a span that uses it (a read-only pass over span).
INSERT INTO "span_resource" ("id", "attributes", "lastStartMs")
SELECT DISTINCT ON ("id") "id", "resource", max("startMs") OVER (PARTITION BY "id")
FROM (SELECT left(encode(sha256(convert_to("resource"::text, 'UTF8')), 'hex'), 32) AS "id", "resource", "startMs" FROM "span") AS s;

-- One rewrite of span: the resource becomes its id, attributes/events/links become text, receivedAt goes.
ALTER TABLE "span"
  ALTER COLUMN "resource" SET DATA TYPE TEXT USING left(encode(sha256(convert_to("resource"::text, 'UTF8')), 'hex'), 32),
  ALTER COLUMN "attributes" SET DATA TYPE TEXT,
  ALTER COLUMN "events" SET DATA TYPE TEXT,
  ALTER COLUMN "links" SET DATA TYPE TEXT,
  DROP COLUMN "receivedAt";

ALTER TABLE "span" RENAME COLUMN "resource" TO "resourceId";

DELETE FROM "span_link" WHERE "linkedTraceId" = "traceId";

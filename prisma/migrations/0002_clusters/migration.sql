-- AlterTable
ALTER TABLE "flow" ADD COLUMN     "clusterId" TEXT;

-- CreateTable
CREATE TABLE "cluster" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "brokers" TEXT[],
    "saslMechanism" TEXT,
    "saslUsername" TEXT,
    "saslPasswordEnc" TEXT,
    "tls" BOOLEAN NOT NULL DEFAULT false,
    "tlsCaEnc" TEXT,
    "tlsCertEnc" TEXT,
    "tlsKeyEnc" TEXT,
    "tlsRejectUnauthorized" BOOLEAN NOT NULL DEFAULT true,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "cluster_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "cluster_name_key" ON "cluster"("name");

-- CreateIndex
CREATE INDEX "flow_clusterId_idx" ON "flow"("clusterId");

-- AddForeignKey
ALTER TABLE "flow" ADD CONSTRAINT "flow_clusterId_fkey" FOREIGN KEY ("clusterId") REFERENCES "cluster"("id") ON DELETE SET NULL ON UPDATE CASCADE;


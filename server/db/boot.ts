import "server-only";
import { env } from "../env";
import { startEmbeddedDb, type EmbeddedDb } from "./embedded";
import { migrate } from "./migrate";
import { createClient } from "./client";
import { ensureFirstAdmin } from "../services/users";
import { seedDemo } from "../services/demo";

/** Running redrives finish the batch they are sending and checkpoint it, within 5 s. */
async function stopRedrives(): Promise<void> {
  const { redriveRunners } = await import("../kafka/redrive");
  await Promise.race([redriveRunners().stopAll(), new Promise((r) => setTimeout(r, 5000))]);
}

const g = globalThis as unknown as { __flowlensBoot?: Promise<void>; __flowlensEmbedded?: EmbeddedDb };

/** Start the store (embedded unless DATABASE_URL is set), apply migrations, create the first admin. */
export function boot(): Promise<void> {
  g.__flowlensBoot ??= (async () => {
    const e = env();
    let url = e.DATABASE_URL;
    if (!url) {
      g.__flowlensEmbedded = await startEmbeddedDb(`${e.FLOWLENS_DATA_DIR}/db`);
      url = g.__flowlensEmbedded.url;
      process.env.FLOWLENS_EMBEDDED_DATABASE_URL = url;
      const stop = () =>
        void stopRedrives()
          .then(() => g.__flowlensEmbedded?.stop())
          .finally(() => process.exit(0));
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
    }
    // Some migrations rewrite stored rows (0005: about 20 s per million stored spans on the embedded store).
    const applied = await migrate(url, undefined, (name) => console.log(`flowlens: applying migration ${name}…`));
    if (applied.length) console.log(`flowlens: applied migrations ${applied.join(", ")}`);
    const prisma = createClient(url);
    try {
      const admin = await ensureFirstAdmin(prisma, {
        email: e.FLOWLENS_ADMIN_EMAIL,
        password: e.FLOWLENS_ADMIN_PASSWORD,
      });
      if (admin?.password) {
        console.log(
          `\nflowlens: created the first admin. Sign in as ${admin.email} with password ${admin.password}\n` +
            "flowlens: this password is shown once; change it under Settings → Users.\n",
        );
      } else if (admin) {
        console.log(`flowlens: created the first admin ${admin.email} (password from FLOWLENS_ADMIN_PASSWORD)`);
      }
      if (e.FLOWLENS_DEMO && (await seedDemo(prisma))) console.log('flowlens: seeded the demo flow "Order fulfilment"');
    } finally {
      await prisma.$disconnect();
    }
  })();
  return g.__flowlensBoot;
}

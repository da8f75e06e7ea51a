"use client";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";

const links = [
  { href: "/flows", label: "Design" },
  { href: "/observe", label: "Observe" },
  { href: "/traces", label: "Traces" },
  { href: "/settings/users", label: "Settings", match: "/settings" },
];

export function AppNav({ user }: { user: { name: string; email: string; role: string } }) {
  const pathname = usePathname();
  const router = useRouter();

  async function signOut() {
    await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    router.replace("/sign-in");
    router.refresh();
  }

  return (
    <header className="topbar">
      <Link href="/flows" className="brand">
        Flowlens
      </Link>
      <nav aria-label="Main">
        <ul>
          {links.map((l) => {
            const active = pathname.startsWith(l.match ?? l.href);
            return (
              <li key={l.href}>
                <Link href={l.href} aria-current={active ? "page" : undefined}>
                  {l.label}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="who">
        <span title={user.email}>{user.name}</span>
        <span className="badge">{user.role}</span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </div>
    </header>
  );
}

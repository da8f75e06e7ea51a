import type { Metadata } from "next";
import { SignInForm } from "@/components/auth/sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams;
  // Only same-site paths: never redirect to another origin after sign-in.
  const target = next && next.startsWith("/") && !next.startsWith("//") ? next : "/flows";
  return (
    <main className="signin">
      <div className="signin-card">
        <h1 className="brand">Flowlens</h1>
        <p className="muted">Design event flows on Kafka, and watch them run.</p>
        <SignInForm next={target} />
      </div>
    </main>
  );
}

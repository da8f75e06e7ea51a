import { TRPCClientError } from "@trpc/client";

/** A sentence for a person, from whatever a mutation or query threw. */
export function errorMessage(e: unknown): string {
  if (e instanceof TRPCClientError) {
    const data = e.data as { zodError?: { fieldErrors: Record<string, string[]>; formErrors: string[] } } | undefined;
    const fields = data?.zodError ? Object.values(data.zodError.fieldErrors).flat() : [];
    const form = data?.zodError?.formErrors ?? [];
    if (fields.length || form.length) return [...form, ...fields].join(" ");
    return e.message;
  }
  return e instanceof Error ? e.message : "Something went wrong";
}

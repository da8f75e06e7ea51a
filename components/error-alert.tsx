"use client";
import { errorMessage } from "./error-message";

/** The reason a query or mutation failed, announced to screen readers; nothing when there is none. */
export function ErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p role="alert" className="error">
      {errorMessage(error)}
    </p>
  );
}

"use client";
import type { Diagnostic } from "@/server/flow/validate";

export function ProblemsPanel({ diagnostics, onPick }: { diagnostics: readonly Diagnostic[]; onPick: (d: Diagnostic) => void }) {
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  const warnings = diagnostics.length - errors;
  return (
    <section className="problems" aria-label="Problems">
      <h2>
        Problems <span className="muted">({errors} error{errors === 1 ? "" : "s"}, {warnings} warning{warnings === 1 ? "" : "s"})</span>
      </h2>
      {diagnostics.length === 0 ? (
        <p className="muted small">No problems found.</p>
      ) : (
        <ul>
          {diagnostics.map((d) => (
            <li key={d.id} className={d.severity}>
              <button type="button" className="link" onClick={() => onPick(d)}>
                <span aria-hidden>{d.severity === "error" ? "✖" : "⚠"}</span> {d.message}
              </button>
              <span className="muted small"> Fix: {d.fix}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

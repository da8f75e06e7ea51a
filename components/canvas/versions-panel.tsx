"use client";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "../trpc";

export function VersionsPanel({ flowId, current, viewing, canEdit, onView, onRestore, onClose }: { flowId: string; current: number; viewing: number | null; canEdit: boolean; onView: (v: number | null) => void; onRestore: (v: number) => void; onClose: () => void }) {
  const trpc = useTRPC();
  const versions = useQuery(trpc.flows.versions.queryOptions({ id: flowId }));
  return (
    <aside className="versions" aria-label="Version history">
      <div className="row between">
        <h2>History</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {versions.isPending && <p className="muted small">Loading…</p>}
      <ol>
        {versions.data?.map((v) => (
          <li key={v.version} className={v.version === viewing ? "viewing" : undefined}>
            <div>
              <strong>v{v.version}</strong> {v.version === current && <span className="badge">current</span>}
              <div className="muted small">
                {v.createdAt.toLocaleString()} · {v.author ?? "unknown"}
                {v.message && ` · ${v.message}`}
              </div>
            </div>
            <div className="row">
              <button type="button" onClick={() => onView(v.version === viewing ? null : v.version)} aria-label={`View version ${v.version}`}>
                {v.version === viewing ? "Back" : "View"}
              </button>
              {canEdit && v.version !== current && (
                <button type="button" onClick={() => onRestore(v.version)} aria-label={`Restore version ${v.version}`}>
                  Restore
                </button>
              )}
            </div>
          </li>
        ))}
      </ol>
    </aside>
  );
}

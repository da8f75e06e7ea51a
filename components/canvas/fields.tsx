"use client";
import { useId, useState, type ReactNode } from "react";

// Inputs for the properties panel. Each keeps what the person typed until it is valid, shows
// why it is not, and commits valid values to the document straight away.

type Commit<T> = (value: T) => string | null;

function useDraft(external: string) {
  const [draft, setDraft] = useState<{ text: string; base: string; error: string | null } | null>(null);
  const current = draft && draft.base === external ? draft : null;
  return { text: current?.text ?? external, error: current?.error ?? null, setDraft: (text: string, error: string | null) => setDraft({ text, base: external, error }) };
}

function Wrap({ id, label, error, hint, children }: { id: string; label: string; error: string | null; hint?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      {children}
      {hint && !error && <p className="muted small">{hint}</p>}
      {error && (
        <p id={`${id}-error`} className="error small" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function TextField({ label, value, onCommit, readOnly, multiline, hint, placeholder }: { label: string; value: string; onCommit: Commit<string>; readOnly?: boolean; multiline?: boolean; hint?: string; placeholder?: string }) {
  const id = useId();
  const d = useDraft(value);
  const props = {
    id,
    value: d.text,
    readOnly,
    placeholder,
    "aria-invalid": d.error ? true : undefined,
    "aria-describedby": d.error ? `${id}-error` : undefined,
    onChange: (e: { target: { value: string } }) => {
      const err = onCommit(e.target.value);
      d.setDraft(e.target.value, err);
    },
  };
  return (
    <Wrap id={id} label={label} error={d.error} hint={hint}>
      {multiline ? <textarea rows={3} {...props} /> : <input {...props} />}
    </Wrap>
  );
}

export function NumberField({ label, value, onCommit, readOnly, min, hint }: { label: string; value: number; onCommit: Commit<number>; readOnly?: boolean; min?: number; hint?: string }) {
  const id = useId();
  const d = useDraft(String(value));
  return (
    <Wrap id={id} label={label} error={d.error} hint={hint}>
      <input
        id={id}
        inputMode="numeric"
        value={d.text}
        readOnly={readOnly}
        aria-invalid={d.error ? true : undefined}
        aria-describedby={d.error ? `${id}-error` : undefined}
        onChange={(e) => {
          const t = e.target.value.trim();
          const n = Number(t);
          const err = t === "" || !Number.isFinite(n) ? "Enter a number" : !Number.isInteger(n) ? "Enter a whole number" : min !== undefined && n < min ? `Must be at least ${min}` : onCommit(n);
          d.setDraft(e.target.value, err);
        }}
      />
    </Wrap>
  );
}

export function SelectField<T extends string>({ label, value, options, onCommit, readOnly }: { label: string; value: T; options: Array<{ value: T; label: string }>; onCommit: Commit<T>; readOnly?: boolean }) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  return (
    <Wrap id={id} label={label} error={error}>
      <select id={id} value={value} disabled={readOnly} onChange={(e) => setError(onCommit(e.target.value as T))}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Wrap>
  );
}

export function CheckField({ label, value, onCommit, readOnly }: { label: string; value: boolean; onCommit: Commit<boolean>; readOnly?: boolean }) {
  return (
    <label className="check">
      <input type="checkbox" checked={value} disabled={readOnly} onChange={(e) => onCommit(e.target.checked)} />
      {label}
    </label>
  );
}

"use client";
import { json } from "@codemirror/lang-json";
import CodeMirror from "@uiw/react-codemirror";
import { useId, useMemo, useState } from "react";
import { parseJson } from "@/server/flow/file-format";
import { jsonSchemaProblems } from "@/server/flow/json-schema/check";
import type { JsonSchema } from "@/server/flow/model";

function parseProblem(text: string): { value?: JsonSchema; error?: string } {
  const parsed = parseJson(text);
  if ("error" in parsed) return parsed;
  const value = parsed.value;
  if (!value || typeof value !== "object" || Array.isArray(value)) return { error: "A schema must be a JSON object." };
  const problems = jsonSchemaProblems(value);
  if (problems.length) return { error: `Not a valid JSON Schema: ${problems.join("; ")}` };
  return { value: value as JsonSchema };
}

/**
 * A JSON Schema editor (CodeMirror 6, bundled). Only valid schemas reach the flow; while the
 * text is invalid it stays here with the reason shown beside it.
 */
export function JsonSchemaEditor({ label, value, onChange, readOnly }: { label: string; value: JsonSchema; onChange: (v: JsonSchema) => void; readOnly?: boolean }) {
  const id = useId();
  const external = useMemo(() => JSON.stringify(value, null, 2), [value]);
  const [draft, setDraft] = useState<{ text: string; base: string } | null>(null);
  // A change from outside (undo, another field) replaces a draft that was based on older text.
  const text = draft && draft.base === external ? draft.text : external;
  const error = draft && draft.base === external ? parseProblem(draft.text).error : undefined;
  const extensions = useMemo(() => [json()], []);

  return (
    <div className="field">
      <span id={`${id}-label`} className="field-label">
        {label}
      </span>
      <div className={`schema-editor ${error ? "invalid" : ""}`}>
        <CodeMirror
          value={text}
          editable={!readOnly}
          extensions={extensions}
          basicSetup={{ lineNumbers: true, foldGutter: false, highlightActiveLine: false }}
          aria-labelledby={`${id}-label`}
          aria-describedby={error ? `${id}-error` : undefined}
          aria-invalid={error ? true : undefined}
          onChange={(t) => {
            const r = parseProblem(t);
            if (r.value) {
              // Keep the text as typed; it stays on screen while the flow holds the same schema.
              setDraft({ text: t, base: JSON.stringify(r.value, null, 2) });
              onChange(r.value);
            } else setDraft({ text: t, base: external });
          }}
        />
      </div>
      {error && (
        <p id={`${id}-error`} className="error small" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

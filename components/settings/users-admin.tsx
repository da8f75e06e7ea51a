"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { FormEvent } from "react";
import { ErrorAlert } from "../error-alert";
import { useTRPC } from "../trpc";

const roles = ["viewer", "editor", "admin"] as const;

export function UsersAdmin({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const users = useQuery(trpc.users.list.queryOptions());
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
  const create = useMutation(trpc.users.create.mutationOptions({ onSuccess: refresh }));
  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onSuccess: refresh }));

  function onCreate(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const formEl = e.currentTarget;
    const f = new FormData(formEl);
    create.mutate(
      {
        email: String(f.get("email")),
        name: String(f.get("name")),
        password: String(f.get("password")),
        role: f.get("role") as (typeof roles)[number],
      },
      { onSuccess: () => formEl.reset() },
    );
  }

  return (
    <section className="stack">
      <h1>Users</h1>
      <form className="card row wrap" onSubmit={onCreate} aria-label="Add user">
        <label>
          Email
          <input name="email" type="email" required />
        </label>
        <label>
          Name
          <input name="name" required />
        </label>
        <label>
          Initial password
          <input name="password" type="password" minLength={12} required autoComplete="new-password" />
        </label>
        <label>
          Role
          <select name="role" defaultValue="viewer">
            {roles.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={create.isPending}>
          Add user
        </button>
        <ErrorAlert error={create.error} />
      </form>
      <ErrorAlert error={setRole.error} />
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Email</th>
            <th>Role</th>
          </tr>
        </thead>
        <tbody>
          {users.data?.map((u) => (
            <tr key={u.id}>
              <td>{u.name}</td>
              <td>{u.email}</td>
              <td>
                <select
                  aria-label={`Role of ${u.email}`}
                  value={u.role}
                  disabled={u.id === currentUserId}
                  onChange={(e) => setRole.mutate({ userId: u.id, role: e.target.value as (typeof roles)[number] })}
                >
                  {roles.map((r) => (
                    <option key={r}>{r}</option>
                  ))}
                </select>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

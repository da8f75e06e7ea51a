export const roles = ["viewer", "editor", "admin"] as const;
export type Role = (typeof roles)[number];

const rank: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

export function isRole(v: unknown): v is Role {
  return typeof v === "string" && (roles as readonly string[]).includes(v);
}

/** True when `role` grants at least what `needed` grants. */
export function hasRole(role: string, needed: Role): boolean {
  return isRole(role) && rank[role] >= rank[needed];
}

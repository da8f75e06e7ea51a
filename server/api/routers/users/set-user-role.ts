import { setUserRole } from "../../../services/users";
import { adminProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { setUserRoleRequest, setUserRoleResponse } from "./set-user-role.types";

export const setUserRoleRoute = adminProcedure
  .input(setUserRoleRequest)
  .output(setUserRoleResponse)
  .mutation(({ ctx, input }) => setUserRole(ctx.db, ctx.user.id, input.userId, input.role).catch(toTrpcError));

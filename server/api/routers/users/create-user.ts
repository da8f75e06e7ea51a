import { createUser } from "../../../services/users";
import { adminProcedure } from "../../trpc";
import { toTrpcError } from "../errors";
import { createUserRequest, createUserResponse } from "./create-user.types";

export const createUserRoute = adminProcedure
  .input(createUserRequest)
  .output(createUserResponse)
  .mutation(async ({ ctx, input }) => {
    const user = await createUser(ctx.db, input).catch(toTrpcError);
    await ctx.db.auditLog.create({
      data: { actorId: ctx.user.id, action: "user.create", target: user.id, detail: { email: user.email, role: user.role } },
    });
    return user;
  });

import { listUsers } from "../../../services/users";
import { adminProcedure } from "../../trpc";
import { listUsersResponse } from "./list-users.types";

export const listUsersRoute = adminProcedure.output(listUsersResponse).query(({ ctx }) => listUsers(ctx.db));

import { router } from "../../trpc";
import { createUserRoute } from "./create-user";
import { listUsersRoute } from "./list-users";
import { setUserRoleRoute } from "./set-user-role";

export const usersRouter = router({ list: listUsersRoute, create: createUserRoute, setRole: setUserRoleRoute });

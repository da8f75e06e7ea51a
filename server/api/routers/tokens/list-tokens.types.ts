import { z } from "zod";
import { tokenView } from "./tokens.types";

export const listTokensResponse = z.array(tokenView);

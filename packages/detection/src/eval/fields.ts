// Field mapping pipeline: a Sigma field name is looked up on the normalized event first
// (ECS names such as `user.name`), then among the fields as the sender wrote them.
import type { VigilEvent } from "@vigil/schema";
import { getField } from "@vigil/schema";

export type FieldResolver = (event: VigilEvent, field: string) => unknown;

export const resolveField: FieldResolver = (event, field) => {
  const normalized = getField(event, field);
  return normalized !== undefined ? normalized : getField(event.original, field);
};

export type { VigilEvent, EventOutcome, Receiver } from "./event";
export { getField, isRecord } from "./get-field";

export type { VigilEvent, EventOutcome, Receiver, EventSection, UserSection, EndpointSection, ProcessSection, SyslogSection } from "./event";
export { getField, isRecord } from "./get-field";

export { writeAudit } from "./writeAudit";
export type { AuditEntry } from "./writeAudit";
export { writeSystemAudit } from "./writeSystemAudit";
export type { SystemAuditEntry } from "./writeSystemAudit";
export { writeClientAudit } from "./writeClientAudit";

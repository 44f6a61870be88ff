export { acceptException, MAX_SNOOZE_MS, type AcceptExceptionInput } from "./accept-exception";
export { compileConditions, conditionSchema, ENTITY_FIELDS, EXCEPTION_OPS, fieldValues, groupKeyFields, MAX_CONDITIONS, type ExceptionCondition, type ExceptionOp } from "./conditions";
export { deleteException } from "./delete-exception";
export { toExceptionView, type ExceptionKind, type ExceptionView } from "./exception-view";
export { listExceptions, MAX_EXCEPTIONS_LISTED } from "./list-exceptions";
export { proposalFor, proposeException, type ExceptionProposal } from "./propose-exception";
export { suppressMatches, type SuppressionResult } from "./suppress";

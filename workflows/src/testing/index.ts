// @vigil/workflows/testing: helpers for tests of anything that sends Vigil notifications.
export { parseMail, startSmtpSink, type CapturedMail, type SmtpSink, type SmtpSinkOptions } from "./smtp-sink";

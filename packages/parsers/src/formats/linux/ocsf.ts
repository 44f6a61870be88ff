// OCSF class ids used by the formats (https://schema.ocsf.io/1.3.0/classes).
export const OCSF = {
  fileActivity: 1001,
  processActivity: 1007,
  eventLogActivity: 1008,
  registryKeyActivity: 201001,
  registryValueActivity: 201002,
  accountChange: 3001,
  authentication: 3002,
  groupManagement: 3006,
  networkActivity: 4001,
  httpActivity: 4002,
  dnsActivity: 4003,
  apiActivity: 6003,
  securityFinding: 2001,
} as const;

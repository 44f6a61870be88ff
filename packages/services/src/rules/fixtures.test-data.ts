// Small Sigma rules used by the rule-management tests.
export const FAILED_LOGON = `title: Test failed logon
id: 0e7a1a52-0c1c-4b8e-9d53-7f7f1f4c1a01
status: test
logsource:
  product: test
detection:
  selection:
    action: logon
    outcome: failure
  condition: selection
level: low
`;

export const ADMIN_CREATED = `title: Test admin created
id: 0e7a1a52-0c1c-4b8e-9d53-7f7f1f4c1a02
logsource:
  product: test
detection:
  selection:
    action: admin-created
  condition: selection
level: high
`;

export const BROKEN = `title: Broken rule
id: 0e7a1a52-0c1c-4b8e-9d53-7f7f1f4c1a03
logsource:
  product: test
detection:
  selection:
    action|nosuchmodifier: x
  condition: selection
`;

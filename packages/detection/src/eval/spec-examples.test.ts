// The complete example of the correlation specification ("Failed Logins Followed by Successful
// Login"), loaded verbatim: a temporal_ordered correlation over an event_count correlation.
import type { VigilEvent } from "@vigil/schema";
import { describe, expect, it } from "vitest";
import { DetectionEngine, loadRules } from "../index";
import { makeEvent } from "../test-support";

const SPEC_EXAMPLE = `title: Correlation - Multiple Failed Logins Followed by Successful Login
id: b180ead8-d58f-40b2-ae54-c8940995b9b6
status: experimental
description: Detects multiple failed logins by a single user followed by a successful login of that user
references:
    - https://reference.com
author: Florian Roth (Nextron Systems)
date: 2023-06-16
correlation:
    type: temporal_ordered
    rules:
        - multiple_failed_login
        - successful_login
    group-by:
        - User
    timespan: 10m
falsepositives:
    - Unlikely
level: high
---
title: Multiple failed logons
id: a8418a5a-5fc4-46b5-b23b-6c73beb19d41
description: Detects multiple failed logins within a certain amount of time
name: multiple_failed_login
correlation:
    type: event_count
    rules:
        - failed_login
    group-by:
        - User
    timespan: 10m
    condition:
        gte: 10
---
title: Single failed login
id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
name: failed_login
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID:
            - 529
            - 4625
    condition: selection
---
title: Successful login
id: 4d0a2c83-c62c-4ed4-b475-c7e23a9269b8
description: Detects a successful login
name: successful_login
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID:
            - 528
            - 4624
    condition: selection
`;

const T0 = Date.UTC(2026, 10, 27, 10);
const logon = (EventID: number, seconds: number, User = "alice"): VigilEvent =>
  makeEvent({ "@timestamp": new Date(T0 + seconds * 1000).toISOString(), original: { EventID, User, Channel: "Security", n: seconds } });
const titles = (events: VigilEvent[]) => {
  const set = loadRules([{ file: "spec.yml", text: SPEC_EXAMPLE }]);
  expect(set.errors).toEqual([]);
  return new DetectionEngine(set).process("t", events).map((m) => m.ruleTitle);
};
const failures = (from: number, n: number, user?: string) => Array.from({ length: n }, (_, i) => logon(4625, from + i * 10, user));
const CHAIN = "Correlation - Multiple Failed Logins Followed by Successful Login";

describe("specification example: failed logins followed by a successful login", () => {
  it("fires after 10 failures then a success of the same user within 10 minutes", () => {
    const out = titles([...failures(0, 10), logon(4624, 120)]);
    expect(out).toEqual(["Multiple failed logons", CHAIN]);
  });

  it("does not fire with 9 failures, a success first, another user's success, or past 10 minutes", () => {
    expect(titles([...failures(0, 9), logon(4624, 120)])).not.toContain(CHAIN);
    expect(titles([logon(4624, 0), ...failures(10, 10)])).not.toContain(CHAIN);
    expect(titles([...failures(0, 10), logon(4624, 120, "bob")])).not.toContain(CHAIN);
    expect(titles([...failures(0, 10), logon(4624, 90 + 601)])).not.toContain(CHAIN);
  });
});

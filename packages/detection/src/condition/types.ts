export type ConditionNode =
  | { type: "and"; children: ConditionNode[] }
  | { type: "or"; children: ConditionNode[] }
  | { type: "not"; child: ConditionNode }
  | { type: "ref"; name: string }
  /** `1 of sel*`, `all of them`: resolved to concrete selection names at parse time. */
  | { type: "of"; min: number | "all"; names: string[] };

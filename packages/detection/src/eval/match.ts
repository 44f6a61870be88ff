// In-memory backend: evaluates a rule's condition tree against one event. Written with plain
// loops (no closures per call): this runs rules x events times.
import type { VigilEvent } from "@vigil/schema";
import type { ConditionNode } from "../condition/types";
import type { DetectionItem, Selection, SigmaRule } from "../model/types";
import type { FieldLookup, ValueMatcher } from "../model/values";
import type { FieldResolver } from "./fields";
import { eventStrings, resolveField } from "./fields";

interface Ctx {
  rule: SigmaRule;
  event: VigilEvent;
  resolve: FieldResolver;
  /** Built on first use: only fieldref-like matchers read other fields. */
  lookup?: FieldLookup;
  /** Every scalar value of the event as text, built on the first keyword item. */
  strings?: string[];
}

function lookupFor(matcher: ValueMatcher, ctx: Ctx): FieldLookup | undefined {
  const k = matcher.kind;
  if (k !== undefined && k !== "fieldref" && k !== "not" && k !== "time") return undefined;
  return (ctx.lookup ??= (field) => ctx.resolve(ctx.event, field));
}

function testValue(matcher: ValueMatcher, value: unknown, ctx: Ctx): boolean {
  const lookup = lookupFor(matcher, ctx);
  if (matcher.whole || !Array.isArray(value)) return matcher.test(value, lookup);
  for (const v of value) if (matcher.test(v, lookup)) return true;
  return false;
}

function testItemValue(item: DetectionItem, matcher: ValueMatcher, value: unknown, ctx: Ctx): boolean {
  if (item.field !== null) return testValue(matcher, value, ctx);
  ctx.strings ??= eventStrings(ctx.event);
  for (const s of ctx.strings) if (matcher.test(s)) return true;
  return false;
}

function itemMatches(item: DetectionItem, ctx: Ctx): boolean {
  if (item.matchers.length === 0) return false;
  const value = item.field === null ? undefined : ctx.resolve(ctx.event, item.field);
  for (const matcher of item.matchers) {
    const hit = testItemValue(item, matcher, value, ctx);
    if (item.all && !hit) return false;
    if (!item.all && hit) return true;
  }
  return item.all;
}

function selectionMatches(selection: Selection, ctx: Ctx): boolean {
  for (const group of selection.alternatives) {
    let all = true;
    for (const item of group) {
      if (!itemMatches(item, ctx)) {
        all = false;
        break;
      }
    }
    if (all) return true;
  }
  return false;
}

function selectionByName(name: string, ctx: Ctx): boolean {
  return selectionMatches(ctx.rule.selections.get(name) as Selection, ctx);
}

function evaluate(node: ConditionNode, ctx: Ctx): boolean {
  switch (node.type) {
    case "and":
      for (const c of node.children) if (!evaluate(c, ctx)) return false;
      return true;
    case "or":
      for (const c of node.children) if (evaluate(c, ctx)) return true;
      return false;
    case "not":
      return !evaluate(node.child, ctx);
    case "ref":
      return selectionByName(node.name, ctx);
    case "of": {
      const needed = node.min === "all" ? node.names.length : node.min;
      let hits = 0;
      for (const name of node.names) {
        if (selectionByName(name, ctx)) hits++;
        else if (node.min === "all") return false;
        if (hits >= needed) return true;
      }
      return false;
    }
  }
}

export function matchesRule(rule: SigmaRule, event: VigilEvent, resolve: FieldResolver = resolveField): boolean {
  const ctx: Ctx = { rule, event, resolve };
  return evaluate(rule.condition, ctx);
}

import { errorPosition } from "./search-time";

/** The query with a caret under the character the parser stopped at, and the reason. */
export function SearchError({ query, message }: { query: string; message: string }) {
  const position = errorPosition(message);
  const reason = position === null ? message : message.replace(/^position \d+: /, "");
  return (
    <div role="alert" aria-label="Query error" className="rounded-md border border-red-900 bg-red-950/50 px-4 py-3 text-sm text-red-200">
      {position !== null && (
        <pre className="mb-2 overflow-x-auto font-mono text-xs leading-5 text-slate-200">
          {query || " "}
          {"\n"}
          <span className="text-red-400" data-testid="query-error-caret">{`${" ".repeat(Math.max(0, position - 1))}^`}</span>
        </pre>
      )}
      <p>
        {position !== null && <span className="font-semibold">Position {position}: </span>}
        {reason}
      </p>
    </div>
  );
}

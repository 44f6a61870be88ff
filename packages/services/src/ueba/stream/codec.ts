// UEBA state snapshots as stored bytes: JSON, compressed with brotli (quality 1: ~40 ms for 18 MB
// of state, about a tenth of its size) behind a 4-byte tag. A snapshot of tens of thousands of
// entities is 10-20 MB of JSON; encoding it must not stall the processing thread, whose event loop
// also runs the store writer and detection. So the entities are copied and serialized in slices
// with the event loop let through in between, streamed through the compressor on libuv's thread
// pool. Rows from before (plain JSON text, see migration 20261129000200_ueba_state_bytea) still decode.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { setImmediate as yieldToLoop } from "node:timers/promises";
import { promisify } from "node:util";
import { brotliDecompress, constants, createBrotliCompress } from "node:zlib";

const decompress = promisify(brotliDecompress);

/** "VUB1": Vigil UEBA state, brotli, version 1. */
const TAG = Buffer.from("VUB1", "latin1");
/** Entities serialized between two turns of the event loop (~3 ms of work each). */
const SLICE = 1000;

/**
 * A snapshot to encode: `head`'s fields, then `items` under `listKey`. The items are read (and may
 * be built) a slice at a time, with the event loop let through between slices.
 */
export interface SnapshotParts {
  head: object;
  listKey: string;
  items: Iterable<unknown>;
}

/** The JSON text of `parts` in pieces (`listKey` comes last), the event loop let through between slices. */
export async function* jsonPieces({ head, listKey, items }: SnapshotParts): AsyncGenerator<string> {
  const text = JSON.stringify(head);
  yield `${text.slice(0, -1)}${text === "{}" ? "" : ","}${JSON.stringify(listKey)}:[`;
  const slice: unknown[] = [];
  let first = true;
  const flush = () => {
    const json = JSON.stringify(slice);
    slice.length = 0;
    const piece = `${first ? "" : ","}${json.slice(1, -1)}`;
    first = false;
    return piece;
  };
  for (const item of items) {
    slice.push(item);
    if (slice.length < SLICE) continue;
    yield flush();
    await yieldToLoop();
  }
  if (slice.length > 0) yield flush();
  yield "]}";
}

/**
 * A snapshot as stored bytes. The JSON goes through the compressor piece by piece: the whole text is
 * never held at once (tens of MB the collector would then have to move), and the compression runs
 * off the event loop.
 */
export async function encodeSnapshot(parts: SnapshotParts): Promise<Buffer> {
  const out: Buffer[] = [TAG];
  const compressor = createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 1, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT } });
  await pipeline(Readable.from(jsonPieces(parts)), compressor, async (chunks: AsyncIterable<Buffer>) => {
    for await (const chunk of chunks) out.push(chunk);
  });
  return Buffer.concat(out);
}

/** A snapshot of `head` and its `entities` (as `snapshotParts()` of @vigil/ml gives them) to encode. */
export function entitiesParts({ head, entities }: { head: object; entities: Iterable<unknown> }): SnapshotParts {
  return { head, listKey: "entities", items: entities };
}

/** Stored bytes back to the snapshot; throws an error that says what is wrong with them. */
export async function decodeSnapshot<T>(bytes: Buffer): Promise<T> {
  let json: string;
  if (bytes.length >= TAG.length && bytes.subarray(0, TAG.length).equals(TAG)) {
    try {
      json = (await decompress(bytes.subarray(TAG.length))).toString("utf8");
    } catch (err) {
      throw new Error(`state snapshot: the compressed bytes do not decompress (${err instanceof Error ? err.message : String(err)})`);
    }
  } else if (bytes[0] === 0x7b) json = bytes.toString("utf8");
  else throw new Error(`state snapshot: neither compressed state nor JSON (${bytes.length} bytes starting ${bytes.subarray(0, 4).toString("hex")})`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (err) {
    throw new Error(`state snapshot: invalid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("state snapshot: not a JSON object");
  return parsed as T;
}

// A small zip reader (no dependency): walks the central directory and inflates each entry with
// node:zlib. Enough for rule packs: stored (0) and deflated (8) entries, no zip64, no encryption.
import { inflateRawSync } from "node:zlib";
import { AppError } from "../errors";

export interface ZipEntry {
  path: string;
  data: Buffer;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** Largest total of uncompressed bytes accepted (a zip bomb stops here with a clear error). */
export const MAX_ZIP_UNCOMPRESSED_BYTES = 64 * 1024 * 1024;

function bad(reason: string): AppError {
  return new AppError("BAD_REQUEST", `zip: ${reason}`);
}

function findEndOfCentralDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end.
  const stop = Math.max(0, zip.length - 22 - 0xffff);
  for (let i = zip.length - 22; i >= stop; i--) if (zip.readUInt32LE(i) === EOCD_SIGNATURE) return i;
  throw bad("not a zip file (no end of central directory record)");
}

function entryData(zip: Buffer, localOffset: number, method: number, compressedSize: number, size: number, path: string): Buffer {
  if (localOffset + 30 > zip.length || zip.readUInt32LE(localOffset) !== LOCAL_SIGNATURE) throw bad(`${path}: bad local header`);
  const start = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
  const raw = zip.subarray(start, start + compressedSize);
  if (raw.length !== compressedSize) throw bad(`${path}: truncated entry`);
  if (method === 0) return raw;
  if (method !== 8) throw bad(`${path}: unsupported compression method ${method} (stored and deflate only)`);
  try {
    return inflateRawSync(raw, { maxOutputLength: Math.max(size, 1) });
  } catch (error) {
    throw bad(`${path}: cannot inflate (${error instanceof Error ? error.message : String(error)})`);
  }
}

/** Every file entry (directories skipped), in central-directory order. */
export function readZip(zip: Buffer): ZipEntry[] {
  if (zip.length < 22) throw bad("not a zip file (too short)");
  const eocd = findEndOfCentralDirectory(zip);
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) throw bad("zip64 archives are not supported");
  const entries: ZipEntry[] = [];
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (offset + 46 > zip.length || zip.readUInt32LE(offset) !== CENTRAL_SIGNATURE) throw bad("corrupt central directory");
    const flags = zip.readUInt16LE(offset + 8);
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const path = zip.toString("utf8", offset + 46, offset + 46 + nameLength);
    offset += 46 + nameLength + extraLength + commentLength;
    if (path.endsWith("/")) continue;
    if (flags & 0x1) throw bad(`${path}: encrypted entries are not supported`);
    total += size;
    if (total > MAX_ZIP_UNCOMPRESSED_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", `zip: more than ${MAX_ZIP_UNCOMPRESSED_BYTES} bytes uncompressed`);
    entries.push({ path, data: entryData(zip, localOffset, method, compressedSize, size, path) });
  }
  return entries;
}

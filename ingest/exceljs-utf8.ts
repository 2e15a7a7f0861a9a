// exceljs's streaming reader decodes each zip chunk to text on its own, so a Chinese character
// split across two chunks turns into "��" (exceljs issues #2063, #2084; fix PRs unmerged). This
// puts a decoder that carries partial characters over into require's cache before exceljs loads.
import { createRequire } from "node:module";
import { StringDecoder } from "node:string_decoder";

type SaxEvent = { eventType: "opentag" | "text" | "closetag"; value: unknown };
interface SaxesParser {
  on(event: string, listener: (value: unknown) => void): void;
  write(text: string): void;
}

const require = createRequire(import.meta.url);
const parseSaxPath = require.resolve("exceljs/lib/utils/parse-sax.js");
const { SaxesParser } = createRequire(parseSaxPath)("saxes") as { SaxesParser: new () => SaxesParser };

/** exceljs's parse-sax, with a StringDecoder between the zip stream and the XML parser. */
async function* parseSax(iterable: AsyncIterable<Buffer | string>): AsyncGenerator<SaxEvent[]> {
  const parser = new SaxesParser();
  const decoder = new StringDecoder("utf8");
  let error: unknown;
  let events: SaxEvent[] = [];
  parser.on("error", (err) => (error = err));
  for (const eventType of ["opentag", "text", "closetag"] as const) {
    parser.on(eventType, (value) => events.push({ eventType, value }));
  }
  for await (const chunk of iterable) {
    parser.write(typeof chunk === "string" ? chunk : decoder.write(chunk));
    if (error) throw error;
    yield events;
    events = [];
  }
  const rest = decoder.end();
  if (rest) {
    parser.write(rest);
    if (error) throw error;
    yield events;
  }
}

if (!require.cache[parseSaxPath]) {
  const module = new (require("node:module") as typeof import("node:module")).Module(parseSaxPath);
  module.filename = parseSaxPath;
  module.loaded = true;
  module.exports = parseSax;
  require.cache[parseSaxPath] = module;
}

export const exceljsUtf8Patched = require.cache[parseSaxPath]?.exports === parseSax;

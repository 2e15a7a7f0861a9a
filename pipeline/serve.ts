// `jiandu serve`: the published site over HTTP — static files only, no Framework server. The published folder
// is looked up again on every request, so a nightly publish shows up without restarting the server.
import { createReadStream, existsSync, realpathSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { createGzip } from "node:zlib";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".woff2": "font/woff2",
  ".arrow": "application/vnd.apache.arrow.file",
  ".txt": "text/plain; charset=utf-8",
};
const COMPRESSIBLE = new Set([".html", ".js", ".css", ".json", ".svg", ".txt"]);

/** The file a URL path names inside root, Framework-style (`/a` → `a.html`, `/a/` → `a/index.html`); null if none. */
export function resolveSitePath(root: string, urlPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(urlPath.split("?")[0]!);
  } catch {
    return null;
  }
  const relative = normalize(path).replace(/^(\.\.(\/|\\|$))+/, "");
  const candidates = relative.endsWith("/") ? [join(relative, "index.html")] : [relative, `${relative}.html`, join(relative, "index.html")];
  for (const candidate of candidates) {
    const full = join(root, candidate);
    // Nothing outside the site folder, whatever the path says.
    if (full !== root && !full.startsWith(root + sep)) return null;
    if (existsSync(full) && statSync(full).isFile()) return full;
  }
  return null;
}

function send(request: IncomingMessage, response: ServerResponse, file: string, status = 200): void {
  const ext = extname(file);
  const gzip = COMPRESSIBLE.has(ext) && /\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""));
  response.writeHead(status, {
    "content-type": TYPES[ext] ?? "application/octet-stream",
    // Framework fingerprints its assets (name.hash.ext); pages and data change every night.
    "cache-control": /\.[0-9a-f]{8}\.\w+$/.test(file) ? "public, max-age=31536000, immutable" : "no-cache",
    ...(gzip ? { "content-encoding": "gzip", vary: "accept-encoding" } : { "content-length": statSync(file).size }),
  });
  if (request.method === "HEAD") return void response.end();
  const stream = createReadStream(file);
  (gzip ? stream.pipe(createGzip()) : stream).pipe(response);
}

export interface ServeOptions {
  /** The published folder (a symlink that publishing switches) or any built site folder. */
  siteDir: string;
  port: number;
  host?: string;
}

export function serveSite(options: ServeOptions): Promise<Server> {
  const server = createServer((request, response) => {
    if (request.method !== "GET" && request.method !== "HEAD") {
      response.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    if (!existsSync(options.siteDir)) {
      response.writeHead(503, { "content-type": "text/plain; charset=utf-8" }).end("站点尚未发布：请先运行 jiandu run。\n");
      return;
    }
    const root = realpathSync(options.siteDir);
    const file = resolveSitePath(root, request.url ?? "/");
    if (file) return send(request, response, file);
    const notFound = join(root, "404.html");
    if (existsSync(notFound)) return send(request, response, notFound, 404);
    response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("未找到该页面。\n");
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host ?? "127.0.0.1", () => resolve(server));
  });
}

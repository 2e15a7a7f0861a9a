// Where the project lives on disk, so every stage resolves its folders the same way.
import { fileURLToPath } from "node:url";
import { dirname } from "node:path";

export const projectRoot = dirname(dirname(fileURLToPath(import.meta.url)));

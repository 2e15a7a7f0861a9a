#!/usr/bin/env node
// The installed `jiandu` command: TypeScript runs through tsx's loader, no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("./cli.ts");
await main(process.argv);

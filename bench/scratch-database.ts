// A database of its own for one benchmark, on the default warehouse's server, dropped afterwards.
import pg from "pg";
import { openWarehouse } from "../warehouse/connection.ts";

/** Run `work` with the URL of a fresh database `name`; needs the right to create databases. */
export async function withScratchDatabase<T>(name: string, work: (url: string) => Promise<T>): Promise<T> {
  const warehouse = await openWarehouse();
  const admin = new pg.Client({ connectionString: warehouse.url });
  await admin.connect();
  const quoted = `"${name.replace(/"/g, '""')}"`;
  try {
    await admin.query(`drop database if exists ${quoted} with (force)`);
    await admin.query(`create database ${quoted}`);
    const url = new URL(warehouse.url);
    url.pathname = `/${name}`;
    return await work(url.toString());
  } finally {
    await admin.query(`drop database if exists ${quoted} with (force)`);
    await admin.end();
    await warehouse.close();
  }
}

// Mermaid reads a Gantt chart into tasks: prints each task's id and text,
// and fails unless there are as many tasks as expected, with distinct ids,
// and the chart's title is the one written.
// Usage: node tasks.mjs FILE.mmd EXPECTED_TASKS EXPECTED_TITLE
import { JSDOM } from 'jsdom';
import fs from 'node:fs';
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;
Object.defineProperty(globalThis, 'navigator', { value: dom.window.navigator, configurable: true });
const { default: mermaid } = await import('mermaid');
mermaid.initialize({ startOnLoad: false });
const [file, expected, title] = process.argv.slice(2);
const d = await mermaid.mermaidAPI.getDiagramFromText(fs.readFileSync(file, 'utf8'));
const tasks = d.db.getTasks();
for (const t of tasks) console.log(`${t.id}: ${t.task.trim()}`);
const ids = new Set(tasks.map((t) => t.id));
const got = d.db.getDiagramTitle();
let ok = tasks.length === Number(expected) && ids.size === tasks.length && got === title;
console.log(`${tasks.length} tasks (expected ${expected}), ${ids.size} ids, title "${got}" (expected "${title}")`);
process.exit(ok ? 0 : 1);

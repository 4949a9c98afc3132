// Figures for the run's summary: each test file adds "name value" lines to a
// file the `run` script reads at the end (VERIFY_FIGURES); nothing without it.
import { appendFileSync } from "node:fs";

export function figure(name, value) {
  if (process.env.VERIFY_FIGURES) appendFileSync(process.env.VERIFY_FIGURES, `${name}\t${value}\n`);
}

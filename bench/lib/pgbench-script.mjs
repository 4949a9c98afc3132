// Turns the statements one request ran (agora's debug "sql" log lines, in
// order) into a pgbench script plus -D variable definitions, so pgbench runs
// exactly the same SQL with the same parameters.
//
//   node pgbench-script.mjs LOG_FILE SCRIPT_OUT DEFINES_OUT
//
// pgbench reads ":name" as a variable anywhere in a command, even inside a
// string literal, so colons in literals become E'\x3a' escapes (the same
// constant for PostgreSQL), and "$n" parameters become ":sKpN" variables,
// passed as -D sKpN=value (one line per define in DEFINES_OUT).
import { readFileSync, writeFileSync } from 'node:fs';

const [logFile, scriptOut, definesOut] = process.argv.slice(2);
const statements = readFileSync(logFile, 'utf8')
  .split('\n')
  .filter((l) => l.includes('"message":"sql"'))
  .map((l) => JSON.parse(l))
  .map((e) => ({ sql: e['db.statement'], params: JSON.parse(e['db.params']) }));
if (statements.length === 0) throw new Error(`no "sql" lines in ${logFile}: was agora at AGORA_LOG_LEVEL=debug?`);

// Escapes colons inside single-quoted literals; leaves '::' casts alone.
// A literal holding a colon is rewritten as an E'' literal (its backslashes
// doubled); other literals are copied as they are.
function escapeColons(sql) {
  let out = '';
  for (let i = 0; i < sql.length; i++) {
    if (sql[i] !== "'") { out += sql[i]; continue; }
    // Find the end of this literal ('' is an escaped quote).
    let j = i + 1;
    while (j < sql.length && !(sql[j] === "'" && sql[j + 1] !== "'")) j += sql[j] === "'" ? 2 : 1;
    const body = sql.slice(i + 1, j);
    const alreadyE = /[eE]$/.test(out);
    if (body.includes(':') && !alreadyE) out += "E'" + body.replace(/\\/g, '\\\\').replace(/:/g, '\\x3a') + "'";
    else if (body.includes(':')) out += "'" + body.replace(/:/g, '\\x3a') + "'";
    else out += "'" + body + "'";
    i = j;
  }
  return out;
}

const defines = [];
const lines = statements.map((s, k) => {
  let sql = escapeColons(s.sql).replace(/\s+/g, ' ').trim();
  sql = sql.replace(/\$(\d+)/g, (_, n) => {
    const name = `s${k}p${n}`;
    return `:${name}`;
  });
  s.params.forEach((v, i) => {
    if (v === null) throw new Error(`statement ${k} has a NULL parameter $${i + 1}; pgbench cannot pass NULL`);
    defines.push(`s${k}p${i + 1}=${v}`);
  });
  return sql.endsWith(';') ? sql : `${sql};`;
});
writeFileSync(scriptOut, lines.join('\n') + '\n');
writeFileSync(definesOut, defines.join('\n') + (defines.length ? '\n' : ''));
process.stdout.write(`${statements.length} statements, ${defines.length} parameters\n`);

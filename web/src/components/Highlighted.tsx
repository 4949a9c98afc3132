import type { Schemas } from "../api/client";

type Runs = Schemas["Highlighted"];

// Text with the words a search matched marked. The server sends runs of plain
// text (never HTML), so nothing here is parsed as markup.
export function Highlighted({ runs }: { runs: Runs }) {
  return (
    <>
      {runs.map((run, i) =>
        // Runs never change order within one result: the index is a stable key.
        run.match ? <mark key={i}>{run.text}</mark> : <span key={i}>{run.text}</span>,
      )}
    </>
  );
}

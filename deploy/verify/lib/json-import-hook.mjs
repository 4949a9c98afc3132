// Module hook: @actions/workflow-parser is published for bundlers and imports
// its JSON schema without `with { type: "json" }`, which Node refuses. This
// supplies the attribute for .json files inside that package, nothing else.
export async function load(url, context, nextLoad) {
  if (url.endsWith(".json") && url.includes("/@actions/workflow-parser/")) {
    return nextLoad(url, { ...context, importAttributes: { ...(context.importAttributes ?? {}), type: "json" } });
  }
  return nextLoad(url, context);
}

// One parsed tree and one schema per run, shared by every suite, plus the figures the
// summary prints.
import { loadTree } from "./model.mjs";
import { loadSchema } from "./schema.mjs";
import { TERRAFORM_DIR } from "./paths.mjs";

let treePromise;
let schemaValue;

export const tree = () => (treePromise ??= loadTree(TERRAFORM_DIR));
export const schema = () => (schemaValue ??= loadSchema());

export const stats = {
  files: 0,
  modules: 0,
  resources: 0,
  dataSources: 0,
  arguments: 0,
  nestedBlocks: 0,
  opaque: 0,
  references: 0,
  rules: 0,
  houseRules: 0,
  ruleEvaluations: 0,
  fixturesFired: 0,
  fixtureCount: 0,
  fixtureBases: 0,
  fixturesFromBases: 0,
  fixtureSkips: 0,
  rulesWithCases: 0,
  skips: [],
  envAssertions: 0,
  checkerFixtures: 0,
  formatFiles: 0,
  fmtAgreement: null,
};

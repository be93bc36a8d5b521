/** Suites as reviewed YAML: reading and resolving them, curating cases from traffic, lifecycle, lint, schemas. */
export { readSuiteFile, readSuiteSource, resolveSuite, caseFromSample, noTrafficWarning, type ResolvedSuite, type ResolveSuiteOptions } from './load-suite.js';
export { addCasesToSuite, type AddCasesResult, type NewSuiteOptions } from './add-cases.js';
export { canMoveStatus, setCaseStatus, type StatusChangeResult } from './case-status.js';
export { createSuiteFromSamples, DEFAULT_SAMPLE_SEED, type CreateSuiteOptions, type CreateSuiteResult } from './create-suite.js';
export { draftCaseFromSample, draftCaseFromStored, sampleCaseId, type DraftAuthor } from './draft-case.js';
export { lintSuite, type LintFinding, type LintRule, type LintSeverity, type SuiteLint } from './lint-suite.js';
export { findSuite, listSuites, showSuite, suiteFiles, type SuiteListing, type SuiteShow } from './list-suites.js';
export { installWorkspaceSchemas, jsonSchemaOf, schemaKinds, WORKSPACE_SCHEMA_DIR, type SchemaKind } from './json-schemas.js';

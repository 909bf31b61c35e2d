export {
  provenanceStatementSchema,
  provenanceStatementJsonSchema,
  INTOTO_STATEMENT_TYPE,
  SLSA_PROVENANCE_TYPE,
  RELM_BUILD_TYPE,
  LOCAL_BUILDER_ID,
  PROVENANCE_ARTIFACT,
  PROVENANCE_MEDIA_TYPE,
  type ProvenanceStatement,
  type StatementSubject,
} from "./statement-schema.ts";
export { provenanceStatement, statementText, provenanceArtifact, type ProvenanceFacts, type StatementArtifact } from "./build-statement.ts";
export { checkProvenance, type StatementCheck } from "./check-statement.ts";

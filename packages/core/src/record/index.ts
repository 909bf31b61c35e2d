export { releaseRecordSchema, releaseRecordJsonSchema, approvalEvidenceSchema, recordArtifactSchema, RECORD_SCHEMA_VERSION, RECORD_MEDIA_TYPE, recordKey, type ReleaseRecord, type RecordArtifact } from "./release-record-schema.ts";
export { recordText, recordDigest } from "./record-digest.ts";
export { verifyChain, type ChainProblem, type ChainRecord, type ChainReport } from "./verify-chain.ts";
export { checkArtifactName } from "./artifact-name.ts";
export { rollbackTarget, type RollbackQuery } from "./rollback-target.ts";

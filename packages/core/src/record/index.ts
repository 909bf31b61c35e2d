export { releaseRecordSchema, releaseRecordJsonSchema, approvalEvidenceSchema, recordArtifactSchema, pipelineSchema, RECORD_SCHEMA_VERSION, RECORD_MEDIA_TYPE, recordKey, type ReleaseRecord, type RecordArtifact } from "./release-record-schema.ts";
export { recordText, recordDigest } from "./record-digest.ts";
export { verifyChain, readEntry, sequenceOf, type ChainProblem, type ChainRecord, type ChainEvent, type ChainEntry, type ChainReport } from "./verify-chain.ts";
export { eventRecordSchema, eventRecordJsonSchema, eventKey, isEventKey, eventSubjectSchema, type EventRecord, type EventKind, type EventFacts, type EventOf } from "./event-record-schema.ts";
export { storedKeyOf } from "./stored-key.ts";
export { checkArtifactName } from "./artifact-name.ts";
export { rollbackTarget, type RollbackQuery } from "./rollback-target.ts";

// Names for the schemas of the server's OpenAPI document (schema.d.ts is generated from openapi.json
// at build time).
import type { components } from './schema';

type S = components['schemas'];
export type Pipeline = S['Pipeline'];
export type PipelineCollection = S['PipelineCollection'];
export type PipelinePost = S['PipelinePost'];
export type PipelinePatch = S['PipelinePatch'];
export type PipelineRestart = S['PipelineRestart'];
export type PipelineGraph = S['PipelineGraph'];
export type PipelineNode = S['PipelineNode'];
export type PipelineEdge = S['PipelineEdge'];
export type QueryValidationResult = S['QueryValidationResult'];
export type QueryDiagnostic = S['QueryDiagnostic'];
export type PreviewPost = S['PreviewPost'];
export type Job = S['Job'];
export type JobCollection = S['JobCollection'];
export type JobTransitionCollection = S['JobTransitionCollection'];
export type Checkpoint = S['Checkpoint'];
export type CheckpointCollection = S['CheckpointCollection'];
export type OperatorCheckpointGroupCollection = S['OperatorCheckpointGroupCollection'];
export type JobLogMessageCollection = S['JobLogMessageCollection'];
export type GlobalUdfCollection = S['GlobalUdfCollection'];
export type UdfValidationResult = S['UdfValidationResult'];
export type OutputData = S['OutputData'];
export type ServerVersion = S['ServerVersion'];
export type NodeCollection = S['NodeCollection'];
export type InstalledBundleCollection = S['InstalledBundleCollection'];
export type BundleUpload = S['BundleUpload'];
export type Connector = S['Connector'];
export type ConnectorCollection = S['ConnectorCollection'];
export type ConnectionProfile = S['ConnectionProfile'];
export type ConnectionProfileCollection = S['ConnectionProfileCollection'];
export type ConnectionProfilePost = S['ConnectionProfilePost'];
export type ConnectionTable = S['ConnectionTable'];
export type ConnectionTableCollection = S['ConnectionTableCollection'];
export type ConnectionTablePost = S['ConnectionTablePost'];
export type StopMode = NonNullable<PipelinePatch['stop']>;

/**
 * Shapes of the PocketBase records the app reads (subset of the collections in
 * docs/architecture.md). Kept local and minimal so pages only depend on the fields they show.
 */
import type { RecordModel } from 'pocketbase';

export interface ExperimentRecord extends RecordModel {
	title: string;
	territory_name: string;
	territory_type: string;
	status: string;
	summary?: string;
}

export interface MembershipRecord extends RecordModel {
	experiment: string;
	user: string;
	role: string;
}

export interface DocumentRecord extends RecordModel {
	experiment: string;
	kind: string;
	title: string;
	archived: boolean;
	schema_version: number;
	updated: string;
}

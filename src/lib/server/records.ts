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
	enjeux?: string[];
	start_date?: string;
	end_date?: string;
	updated?: string;
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
	search_text?: string;
}

export interface InvitationRecord extends RecordModel {
	experiment: string;
	email: string;
	role: string;
	expires: string;
	accepted_at: string;
	accepted_by: string;
	invited_by: string;
}

/** Who owns each Yjs client id of a document, as `GET /documents/<id>/auteurs` answers it. */
export interface DocumentAuthorsList {
	authors: { client: number; user: string; name: string }[];
}

export interface Owners {
	/** Client id → user id. */
	byClient: Map<number, string>;
	/** User id → display name. */
	names: Map<string, string>;
}

export async function fetchOwners(documentId: string, fetcher: typeof fetch): Promise<Owners> {
	const response = await fetcher(`/documents/${encodeURIComponent(documentId)}/auteurs`, {
		headers: { accept: 'application/json' }
	});
	if (!response.ok) throw new Error(`authors: ${response.status}`);
	const body = (await response.json()) as DocumentAuthorsList;
	const byClient = new Map<number, string>();
	const names = new Map<string, string>();
	for (const row of body.authors) {
		byClient.set(row.client, row.user);
		names.set(row.user, row.name);
	}
	return { byClient, names };
}

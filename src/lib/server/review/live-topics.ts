/**
 * Live topics of the review: `review:<documentId>` (the document's readers) and
 * `inbox:<userId>` (that user only).
 */
import { registerTopicKind } from '../live/topics';
import { adminPocketBase } from '../pocketbase';
import { reviewContext } from './context';
import { ReviewError } from './errors';

registerTopicKind('review', async (userId, documentId) => {
	try {
		await reviewContext(await adminPocketBase(), documentId, userId);
		return true;
	} catch (error) {
		if (error instanceof ReviewError) return false;
		throw error;
	}
});

registerTopicKind('inbox', async (userId, id) => userId === id);

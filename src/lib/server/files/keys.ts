/** The file keys that images and attachments of a document state refer to. */
import type { ProseMirrorJSON } from '../../domain/templates/protocol';
import { FILE_NODE, IMAGE_NODE } from '../../editor/media/nodes';

export function fileKeysOf(doc: ProseMirrorJSON): Set<string> {
	const keys = new Set<string>();
	const walk = (node: ProseMirrorJSON) => {
		if (
			(node.type === IMAGE_NODE || node.type === FILE_NODE) &&
			typeof node.attrs?.file === 'string'
		)
			keys.add(node.attrs.file);
		node.content?.forEach(walk);
	};
	walk(doc);
	return keys;
}

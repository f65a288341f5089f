/**
 * ODT export: the DOCX export (one renderer for both word-processor formats) written as ODT by
 * LibreOffice headless, sandboxed like the import's converter (fresh profile, time and
 * address-space limits, no network). Null when LibreOffice is not installed.
 */
import { OfficeError, convertWithOffice } from '../../../../server/import/office';
import { IMPORT_LIMITS } from '../../../../server/import/limits';

export async function docxToOdt(docx: Uint8Array): Promise<Uint8Array | null> {
	try {
		const [odt] = await convertWithOffice([{ name: 'docx', data: docx }], 'odt', {
			timeoutMs: IMPORT_LIMITS.odtTimeoutMs,
			addressSpaceBytes: IMPORT_LIMITS.officeAddressSpaceBytes
		});
		return odt ?? null;
	} catch (error) {
		if (error instanceof OfficeError && error.reason === 'missing') return null;
		throw error;
	}
}

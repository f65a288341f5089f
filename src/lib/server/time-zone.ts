/**
 * The organisation's time zone (`TRAME_TIME_ZONE`, read and checked by server/config.mjs): every
 * time a person reads is written in it, on the server and, through the layout's data, in the
 * browser.
 */
import { serverConfig } from './config';

export function configuredTimeZone(): string {
	return serverConfig().timeZone;
}

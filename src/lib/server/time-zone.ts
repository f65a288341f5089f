/**
 * The organisation's time zone (`TRAME_TIME_ZONE`, an IANA name, default Europe/Paris): every
 * time a person reads is written in it, on the server and, through the layout's data, in the
 * browser. A wrong name stops the server at start-up rather than showing wrong hours.
 */
import { DEFAULT_TIME_ZONE, isTimeZone } from '../i18n/format';

export function configuredTimeZone(env: Record<string, string | undefined> = process.env): string {
	const zone = env.TRAME_TIME_ZONE?.trim() || DEFAULT_TIME_ZONE;
	if (!isTimeZone(zone))
		throw new Error(
			`TRAME_TIME_ZONE « ${zone} » n’est pas un fuseau horaire connu : indiquez un nom IANA, par exemple Europe/Paris.`
		);
	return zone;
}

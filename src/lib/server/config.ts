/**
 * The app's view of the server configuration (server/config.mjs), read once per process: the
 * environment does not change under a running server.
 */
import { readConfig, type TrameConfig } from '../../../server/config.mjs';

let config: TrameConfig | null = null;

export function serverConfig(): TrameConfig {
	return (config ??= readConfig());
}

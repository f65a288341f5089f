/**
 * Re-decides every live connection's access periodically: a member removed from the experiment,
 * a role change or a document archived while someone has it open closes their socket with
 * AccessChanged, and the client reconnects to get its new access (or a refusal).
 */
import type { Authenticator } from '../auth/authenticator';
import type { Logger } from '../log';
import { CollabError, CollabErrorId } from './errors';
import { errorMessage } from './persistence';

export interface MonitoredConnection {
	readonly userId: string;
	readonly documentName: string;
	readonly access: string;
	closeWith(error: CollabError): void;
}

export interface AccessMonitor {
	/** Runs one pass now (tests); resolves when every check is done. */
	checkNow(): Promise<void>;
	stop(): void;
}

export function startAccessMonitor(options: {
	auth: Authenticator;
	connections: () => Iterable<MonitoredConnection>;
	intervalMs: number;
	logger: Logger;
}): AccessMonitor {
	let running: Promise<void> | null = null;

	const pass = async () => {
		// One check per (user, document), shared by that user's tabs.
		const groups = new Map<string, MonitoredConnection[]>();
		for (const connection of options.connections()) {
			const key = `${connection.documentName}\u0000${connection.userId}`;
			const group = groups.get(key);
			if (group) group.push(connection);
			else groups.set(key, [connection]);
		}
		const pairs = [...groups.values()];
		if (pairs.length === 0) return;
		let decisions;
		try {
			// All connections in one call: a few backend requests per pass, not a burst of two
			// per connection that stalls the event loop every interval.
			decisions = await options.auth.recheckMany(
				pairs.map((group) => ({ userId: group[0]!.userId, documentName: group[0]!.documentName }))
			);
		} catch (error) {
			// Backend unavailable: keep the connections rather than churn them.
			options.logger.warn('collab.access_recheck_failed', {
				connections: pairs.length,
				error: errorMessage(error)
			});
			return;
		}
		pairs.forEach((group, i) => {
			const decision = decisions[i]!;
			const access = decision.kind === 'granted' ? decision.access : 'none';
			for (const connection of group) {
				if (access === connection.access) continue;
				options.logger.info('collab.access_changed', {
					document: connection.documentName,
					user: connection.userId,
					from: connection.access,
					to: access
				});
				connection.closeWith(new CollabError(CollabErrorId.AccessChanged));
			}
		});
	};

	const checkNow = () => {
		running ??= pass().finally(() => {
			running = null;
		});
		return running;
	};

	const timer = setInterval(() => void checkNow(), options.intervalMs);
	timer.unref();
	return {
		checkNow,
		stop: () => clearInterval(timer)
	};
}

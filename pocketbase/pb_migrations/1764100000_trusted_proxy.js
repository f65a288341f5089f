/// <reference path="../../.data/pb_data/types.d.ts" />
// Every sign-in reaches PocketBase from the Node server's address, so its per-IP auth rate limit
// would throttle everyone at once when one attacker guesses passwords. The Node server forwards
// the browser's address in X-Forwarded-For (src/lib/server/pocketbase.ts) and PocketBase limits
// per that address. `useLeftmostIP: false` takes the rightmost entry, the one our server appended,
// never a value the client sent. PocketBase must therefore only be reachable through the Node
// server (it listens on 127.0.0.1): a direct client could otherwise choose its own address.

migrate(
	(app) => {
		const settings = app.settings();
		settings.trustedProxy.headers = ['X-Forwarded-For'];
		settings.trustedProxy.useLeftmostIP = false;
		app.save(settings);
	},
	(app) => {
		const settings = app.settings();
		settings.trustedProxy.headers = [];
		settings.trustedProxy.useLeftmostIP = false;
		app.save(settings);
	}
);

/**
 * SUG: suggestion mode vs normal mode (issue 13's budget: keystroke → peer p99 in suggestion mode
 * within 1.2× of normal mode). N people type 5 chars/s each in one document, once as editors typing
 * plain text (S1's load) and once as people who may only comment, every keystroke carrying its
 * author's insertion mark — so the server checks each of their updates (server/collab/
 * suggestion-guard.ts: the touched block read before and after, on a shadow copy). Both runs are on
 * the same Trame server, one after the other in the same bench run, so the machine's other load
 * falls on both alike; the ratio is the figure.
 */
import type * as Y from 'yjs';
import type { TestPocketBase } from '../../tests/support/pocketbase';
import { INSERT_MARK } from '../../src/lib/editor/suggestions/marks';
import { connectLoadClient, type Target } from '../lib/clients';
import { BENCH_PASSWORD, benchUserToken, type Rooms } from '../lib/fixture';
import { addSection, FRAGMENT } from '../lib/tiptap-doc';
import { round } from '../lib/stats';
import { runTyping, type TypingResult, type Typist } from './typing';

export interface Suggester {
	id: string;
	name: string;
	token: string;
}

export interface SuggestTypingResult {
	editors: number;
	normal: TypingResult;
	suggest: TypingResult;
	/** suggest p99 / normal p99 (keystroke → applied on every other client). */
	ratioP99: number | null;
}

/** `count` partners (comment role) of the bench's experiment, signed in. */
export async function makeSuggesters(
	pb: TestPocketBase,
	experimentId: string,
	count: number,
	tag: string
): Promise<Suggester[]> {
	const out: Suggester[] = [];
	for (let i = 0; i < count; i++) {
		const email = `partner${i}.${tag}@bench.test`;
		const name = `Partenaire ${i}`;
		const user = await pb.createUser({ email, password: BENCH_PASSWORD, name });
		await pb.addMember(experimentId, user.id, 'partner');
		out.push({ id: user.id, name, token: await benchUserToken(pb, user.id) });
	}
	return out;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz éèàç';

/** Each suggester types at the end of the i-th paragraph, under their own insertion mark. */
function suggestTypist(suggesters: readonly Suggester[]): Typist {
	const started = Date.now();
	return {
		paragraph(doc: Y.Doc, i: number) {
			const paragraph = doc.getXmlFragment(FRAGMENT).get(2 * i + 1) as Y.XmlElement;
			return paragraph.get(0) as Y.XmlText;
		},
		type(text: Y.XmlText, n: number, i: number) {
			const who = suggesters[i % suggesters.length]!;
			text.insert(text.length, LETTERS[n % LETTERS.length]!, {
				[INSERT_MARK]: { id: `bench${i}`, author: who.id, authorName: who.name, time: started }
			});
		}
	};
}

export async function runSuggestTyping(
	target: Target,
	rooms: Rooms,
	suggesters: readonly Suggester[],
	editors: number,
	seconds: number,
	hopTraceFile?: string
): Promise<SuggestTypingResult> {
	const normal = await runTyping(
		target,
		await rooms.newRoom(),
		editors,
		seconds,
		5,
		true,
		undefined,
		hopTraceFile
	);

	// An editor writes the sections first: people who may only suggest cannot add blocks.
	const room = await rooms.newRoom();
	const setup = connectLoadClient(target, room, 0);
	await setup.synced();
	setup.doc.transact(() => {
		for (let i = 0; i < editors; i++) addSection(setup.doc, `Contribution ${i + 1}`);
	});
	await setup.save?.(20_000);
	setup.destroy();
	const asSuggesters: Target = {
		server: target.server,
		token: (i) => suggesters[i % suggesters.length]!.token
	};
	const suggest = await runTyping(
		asSuggesters,
		room,
		editors,
		seconds,
		5,
		true,
		suggestTypist(suggesters),
		hopTraceFile
	);
	const ratioP99 =
		normal.propagation.p99 > 0 ? round(suggest.propagation.p99 / normal.propagation.p99, 2) : null;
	return { editors, normal, suggest, ratioP99 };
}

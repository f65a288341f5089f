/**
 * The governance service: its read side (round-reads.ts: views, audit, open rounds) and its write
 * side (round-writes.ts: creating rounds, applying commands), over the stored round
 * (round-store.ts). Import from the side you need; this module keeps the older single entry.
 */
export * from './round-store';
export * from './round-reads';
export * from './round-writes';
export { roundTopic } from '../../live/round-events';

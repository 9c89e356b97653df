/**
 * The Electron channels of the event stream, beside the command channels of the table
 * (commands.ts): the preload asks main to start or stop a subscription, and main answers each
 * start with the page's end of a fresh MessagePort that carries the `ViewEvent`s.
 */

/** Sent by the preload (fire and forget) to start, or restart, the event stream. */
export const SUBSCRIBE_CHANNEL = 'events:subscribe';
/** Sent by the preload when its last listener is gone. */
export const UNSUBSCRIBE_CHANNEL = 'events:unsubscribe';
/** Sent by main with each subscription: the page's end of that subscription's MessagePort. */
export const EVENTS_PORT_CHANNEL = 'events:port';

/**
 * The line sequences of the real CLI that the simulator must reproduce, taken from the genuine
 * transcripts (fixtures/claude-transcripts), as `type/subtype` (`delta/<kind>` for deltas).
 */

/** The reference text turn, as in text-turn.stdout.jsonl. */
export const TEXT_TURN_SEQUENCE = [
  'system/init',
  'system/status',
  'stream_event/message_start',
  'stream_event/content_block_start',
  'delta/text_delta',
  'assistant',
  'stream_event/content_block_stop',
  'stream_event/message_delta',
  'stream_event/message_stop',
  'result/success',
];

/** What follows the streamed deltas after an interrupt, as in interrupt-then-next-turn.stdout.jsonl. */
export const INTERRUPT_TAIL = [
  'control_response',
  'assistant',
  'user',
  'stream_event/content_block_stop',
  'stream_event/message_delta',
  'stream_event/message_stop',
  'result/error_during_execution',
];

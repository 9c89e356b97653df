import { describe, expect, it } from 'vitest';
import { resultFromOversize } from './oversize-result';

const huge = 'x'.repeat(10_000);

describe('resultFromOversize', () => {
  it('recovers a 2.1.331-style result whose flags precede its text', () => {
    const line = `{"duration_api_ms":12,"terminal_reason":"completed","is_error":false,"num_turns":1,"subtype":"success","result":"${huge}","type":"result","duration_ms":226}`;
    expect(resultFromOversize(Buffer.from(line.slice(0, 4096)), Buffer.from(line.slice(-4096)))).toMatchObject({
      type: 'result',
      is_error: false,
      terminal_reason: 'completed',
      subtype: 'success',
      num_turns: 1,
      duration_ms: 226,
    });
  });

  it('recovers a 2.1.197-style result that starts with its type', () => {
    const line = `{"type":"result","subtype":"error_during_execution","is_error":true,"result":"${huge}"}`;
    expect(resultFromOversize(Buffer.from(line.slice(0, 4096)), Buffer.from(line.slice(-4096)))).toMatchObject({ is_error: true, subtype: 'error_during_execution' });
  });

  it('leaves any other long line alone', () => {
    const line = `{"type":"assistant","message":{"content":[{"type":"text","text":"${huge}"}]}}`;
    expect(resultFromOversize(Buffer.from(line.slice(0, 4096)), Buffer.from(line.slice(-4096)))).toBeNull();
  });
});

import { Transform, type TransformCallback } from 'node:stream';

export class BodyLengthMismatch extends Error {
  constructor(
    readonly expectedBytes: number,
    readonly receivedBytes: number,
  ) {
    super(`Expected a body of ${expectedBytes} bytes, received ${receivedBytes}`);
    this.name = 'BodyLengthMismatch';
  }
}

/** A pass-through that fails the stream when the body is not exactly `expectedBytes` long. */
export function expectLength(expectedBytes: number): Transform {
  let received = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback) {
      received += chunk.length;
      // Fail as soon as the body is too long rather than storing the excess first.
      done(received > expectedBytes ? new BodyLengthMismatch(expectedBytes, received) : null, chunk);
    },
    flush(done: TransformCallback) {
      done(received === expectedBytes ? null : new BodyLengthMismatch(expectedBytes, received));
    },
  });
}

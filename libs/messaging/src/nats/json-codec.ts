const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** JSON on the wire; `undefined` travels as an empty body, like the in-process bus's JSON copy. */
export const encodeJson = (value: unknown): Uint8Array =>
  value === undefined ? new Uint8Array(0) : encoder.encode(JSON.stringify(value));

export const decodeJson = (data: Uint8Array): unknown =>
  data.length === 0 ? undefined : JSON.parse(decoder.decode(data));

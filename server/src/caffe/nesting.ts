/**
 * How deep messages and lists may nest before the readers stop: no Caffe message nests more than a
 * few levels (caffe.proto), and reading deeper by recursion would exhaust the stack.
 */
export const MAX_NESTING = 200;

/** Thrown by a reader past MAX_NESTING; the top-level field is then dropped and reported. */
export class TooDeep extends Error {}

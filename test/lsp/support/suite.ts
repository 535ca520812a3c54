/**
 * The server a test file talks to: built once before the file's tests (`serverUnderTest`), and every
 * client a test started stopped after them.
 */
import { afterAll, beforeAll } from 'vitest';
import { serverUnderTest, TestClient } from './harness.js';

export type ClientOptions = Parameters<typeof TestClient.start>[1];

/** Registers the file's hooks; the function it returns starts a client of the built server. */
export function serverForSuite(): (options?: ClientOptions) => Promise<TestClient> {
  let serverPath = '';
  const clients: TestClient[] = [];
  beforeAll(async () => {
    serverPath = await serverUnderTest();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.stop()));
  });
  return async (options) => {
    const c = await TestClient.start(serverPath, options);
    clients.push(c);
    return c;
  };
}

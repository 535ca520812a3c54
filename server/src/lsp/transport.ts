/**
 * The server's message streams (stdio, Node IPC, socket or pipe, from the command line as
 * vscode-languageserver reads it), with what vscode-jsonrpc 9's reader leaves out:
 *
 * - LSP 3.17 "Lifecycle Messages": before `initialize`, a request is answered ServerNotInitialized
 *   and a notification dropped (except `exit`); after `shutdown`, a request is answered
 *   InvalidRequest and a notification dropped (except `exit`). `LifecycleReader` filters the
 *   messages before the connection sees them.
 * - Malformed JSON in a well-formed frame: the reader (messageReader.js · onData) only fires an
 *   error and reads on; here the client is answered ParseError (JSON-RPC 2.0 §5.1, `id: null`).
 * - A header block without a numeric Content-Length: the reader fires an error and then reads the
 *   body as the next header block, so the connection wedges for good; here the process says so on
 *   stderr and exits with 1, so the client restarts it (VS Code's client does).
 *
 * And a result already in JSON text (`RawJson`: the worker's inlay hints) is written as it is, not
 * parsed and stringified again.
 */
import { createConnection } from 'node:net';
import {
  ErrorCodes,
  IPCMessageReader,
  IPCMessageWriter,
  Message,
  SocketMessageReader,
  SocketMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type ContentTypeDecoder,
  type ContentTypeEncoder,
  type DataCallback,
  type Disposable,
  type Event,
  type MessageReader,
  type MessageWriter,
  type PartialMessageInfo,
  type ResponseMessage,
} from 'vscode-jsonrpc/node';

/** A frame whose body is not JSON (the reader goes on with the next frame). */
export class MalformedJson extends Error {}

/** vscode-jsonrpc's JSON decoder, with its failure typed. */
const jsonDecoder: ContentTypeDecoder = {
  name: 'application/json',
  decode(buffer: Uint8Array, options: { charset: string }): Promise<Message> {
    try {
      return Promise.resolve(JSON.parse(new TextDecoder(options.charset).decode(buffer)) as Message);
    } catch (e) {
      return Promise.reject(new MalformedJson(e instanceof Error ? e.message : String(e)));
    }
  },
};

/**
 * A request's result given as its JSON text in UTF-8 (made in the analysis worker: its bytes cross
 * the thread, not ~2,000 objects). The stream, socket and pipe writers splice the bytes into the
 * response; a writer that stringifies messages itself (Node IPC's `process.send`, the trace) gets
 * the value from `toJSON`, so every writer sends what the text holds.
 */
export class RawJson {
  constructor(readonly utf8: Uint8Array) {}

  toJSON(): unknown {
    return JSON.parse(Buffer.from(this.utf8.buffer, this.utf8.byteOffset, this.utf8.byteLength).toString('utf8'));
  }
}

const CLOSE_BRACE = Buffer.from('}');

/** vscode-jsonrpc's JSON encoder (`JSON.stringify` of the message), with a `RawJson` result spliced in as it is. */
const jsonEncoder: ContentTypeEncoder = {
  name: 'application/json',
  encode(message: Message, options: { charset: 'ascii' | 'utf-8' }): Promise<Uint8Array> {
    try {
      if (!Message.isResponse(message) || !(message.result instanceof RawJson)) return Promise.resolve(Buffer.from(JSON.stringify(message), options.charset));
      // The key order of the connection's own reply (connection.js · reply): jsonrpc, id, result.
      const head = Buffer.from(`{"jsonrpc":${JSON.stringify(message.jsonrpc)},"id":${JSON.stringify(message.id)},"result":`, options.charset);
      return Promise.resolve(Buffer.concat([head, message.result.utf8, CLOSE_BRACE]));
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  },
};

/** Where the connection is in LSP's lifecycle, as far as the client's messages say. */
type Phase = 'before-initialize' | 'running' | 'shut-down';

/** The messages an LSP server may not act on in its current phase are answered or dropped here. */
export class LifecycleReader implements MessageReader {
  private phase: Phase = 'before-initialize';

  constructor(
    private readonly inner: MessageReader,
    private readonly writer: MessageWriter,
  ) {}

  get shutDown(): boolean {
    return this.phase === 'shut-down';
  }

  get onError(): Event<Error> {
    return this.inner.onError;
  }
  get onClose(): Event<void> {
    return this.inner.onClose;
  }
  get onPartialMessage(): Event<PartialMessageInfo> {
    return this.inner.onPartialMessage;
  }

  listen(callback: DataCallback): Disposable {
    return this.inner.listen((message) => {
      if (this.admit(message)) callback(message);
    });
  }

  dispose(): void {
    this.inner.dispose();
  }

  private admit(message: Message): boolean {
    if (Message.isResponse(message)) return true;
    const method = Message.isRequest(message) || Message.isNotification(message) ? message.method : null;
    if (method === 'exit') return true;
    if (this.phase === 'running') {
      if (method === 'shutdown') this.phase = 'shut-down';
      return true;
    }
    if (this.phase === 'before-initialize' && method === 'initialize') {
      this.phase = 'running';
      return true;
    }
    if (Message.isRequest(message)) {
      const error =
        this.phase === 'before-initialize'
          ? { code: ErrorCodes.ServerNotInitialized, message: `${message.method} before initialize` }
          : { code: ErrorCodes.InvalidRequest, message: `${message.method} after shutdown` };
      const reply: ResponseMessage = { jsonrpc: '2.0', id: message.id, error };
      void this.writer.write(reply).catch(() => undefined);
    }
    return false;
  }
}

function inner(argv: readonly string[]): [MessageReader, MessageWriter] {
  const value = (name: string): string | undefined => {
    const i = argv.findIndex((a) => a === name || a.startsWith(`${name}=`));
    if (i < 0) return undefined;
    return argv[i]!.includes('=') ? argv[i]!.slice(name.length + 1) : argv[i + 1];
  };
  if (argv.includes('--node-ipc')) return [new IPCMessageReader(process), new IPCMessageWriter(process)];
  // What vscode-jsonrpc's createServerSocketTransport and createServerPipeTransport make, with our encoder.
  const port = value('--socket');
  const pipe = value('--pipe');
  if (port !== undefined || pipe !== undefined) {
    const socket = port !== undefined ? createConnection(Number(port), '127.0.0.1') : createConnection(pipe!);
    return [new SocketMessageReader(socket, 'utf-8'), new SocketMessageWriter(socket, { contentTypeEncoder: jsonEncoder })];
  }
  return [new StreamMessageReader(process.stdin, { contentTypeDecoder: jsonDecoder }), new StreamMessageWriter(process.stdout, { contentTypeEncoder: jsonEncoder })];
}

export interface Transport {
  readonly reader: LifecycleReader;
  readonly writer: MessageWriter;
}

/**
 * The streams named on the command line (stdio when none is), with the behaviours above. The
 * process ends when its input does (0 after `shutdown`, else 1), as vscode-languageserver's own
 * stream handling does.
 */
export function serverTransport(argv: readonly string[], log: (message: string) => void): Transport {
  const [input, writer] = inner(argv);
  const reader = new LifecycleReader(input, writer);
  reader.onError((e) => {
    if (e instanceof MalformedJson) {
      const reply: ResponseMessage = { jsonrpc: '2.0', id: null, error: { code: ErrorCodes.ParseError, message: `Parse error: ${e.message}` } };
      void writer.write(reply).catch(() => undefined);
      return;
    }
    if (/Content-Length/.test(e.message)) {
      process.stderr.write(`shapelens-lsp: unreadable message header, exiting: ${e.message}\n`);
      process.exit(1);
    }
    log(`reading messages failed: ${e.stack ?? e.message}`);
  });
  reader.onClose(() => process.exit(reader.shutDown ? 0 : 1));
  return { reader, writer };
}

/**
 * A large text answer produced piece by piece (an export). The REST adapter streams it to the
 * client with backpressure; adapters that need one value (IPC, MCP, CLI) get it collected into
 * `{ filename, contentType, body }`, the operation's output schema.
 */
export class StreamedText {
  constructor(
    readonly filename: string,
    readonly contentType: string,
    /** Called once per delivery; closing the iterator early (client gone) must release what it holds. */
    readonly chunks: () => Iterable<string> | AsyncIterable<string>,
  ) {}

  async collect(): Promise<{ filename: string; contentType: string; body: string }> {
    const parts: string[] = [];
    for await (const chunk of this.chunks()) parts.push(chunk);
    return { filename: this.filename, contentType: this.contentType, body: parts.join('') };
  }
}

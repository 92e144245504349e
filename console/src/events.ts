// The API's event stream (GET /nubis/api/v1/events, Server-Sent Events). The endpoint logs in like
// every other one, with an Authorization header, which EventSource cannot send; so the stream is
// read with fetch() and parsed here. After a drop it reconnects with Last-Event-ID, and the API
// replays what was missed (it keeps its latest 1,000 events).

import { API_BASE, Operation, errorOf } from './api';

export interface NubisEvent {
  /** The SSE id: a sequence number of the API's stream. */
  id: string | null;
  type: string;
  data: EventData;
}

export interface EventData {
  type: string;
  time: string;
  operation?: Operation;
  cluster?: string;
  phase?: string;
  node?: string;
  kind?: string;
  state?: string;
  message?: string;
  done?: number;
  total?: number;
  [key: string]: unknown;
}

export interface RawEvent {
  id: string | null;
  event: string;
  data: string;
}

/** An incremental text/event-stream parser (the WHATWG rules: fields, comments, blank line dispatches). */
export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | null = null;
  /** The id of the last event dispatched with one, kept across events as the spec says. */
  lastId: string | null = null;

  feed(text: string): RawEvent[] {
    this.buffer += text;
    const out: RawEvent[] = [];
    for (;;) {
      const m = /\r\n|\r|\n/.exec(this.buffer);
      if (!m) break;
      // a lone \r at the end may be the first half of \r\n: wait for more
      if (m[0] === '\r' && m.index === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, m.index);
      this.buffer = this.buffer.slice(m.index + m[0].length);
      this.line(line, out);
    }
    return out;
  }

  private line(line: string, out: RawEvent[]): void {
    if (line === '') {
      if (this.id !== null) this.lastId = this.id;
      if (this.data.length > 0) {
        out.push({ id: this.lastId, event: this.event || 'message', data: this.data.join('\n') });
      }
      this.data = [];
      this.event = '';
      this.id = null;
      return;
    }
    if (line.startsWith(':')) return; // comment (keep-alive)
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
  }
}

export type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface EventStreamOptions {
  authorization: () => Promise<string>;
  onEvent: (e: NubisEvent) => void;
  onState: (s: StreamState, detail?: string) => void;
  query?: string;
}

/** Reads the event stream until stopped, reconnecting with Last-Event-ID after each drop. */
export class EventStream {
  private abort = new AbortController();
  private stopped = false;
  private lastId: string | null = null;

  constructor(private readonly options: EventStreamOptions) {
    void this.run();
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
    this.options.onState('closed');
  }

  private async run(): Promise<void> {
    let delay = 1000;
    while (!this.stopped) {
      try {
        await this.connectOnce(() => (delay = 1000));
        if (!this.stopped) this.options.onState('reconnecting', 'the event stream ended');
      } catch (e) {
        if (this.stopped) return;
        this.options.onState('reconnecting', e instanceof Error ? e.message : String(e));
      }
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 30_000);
    }
  }

  private async connectOnce(opened: () => void): Promise<void> {
    const headers: Record<string, string> = {
      Accept: 'text/event-stream',
      Authorization: await this.options.authorization(),
    };
    if (this.lastId !== null) headers['Last-Event-ID'] = this.lastId;
    const response = await fetch(`${API_BASE}/events${this.options.query ?? ''}`, {
      headers,
      credentials: 'omit',
      cache: 'no-store',
      signal: this.abort.signal,
    });
    if (!response.ok || !response.body) throw await errorOf(response);
    opened();
    this.options.onState('open');
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    const parser = new SseParser();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      for (const raw of parser.feed(value)) {
        if (raw.id !== null) this.lastId = raw.id;
        let data: EventData;
        try {
          data = JSON.parse(raw.data) as EventData;
        } catch {
          continue;
        }
        this.options.onEvent({ id: raw.id, type: raw.event, data });
      }
    }
  }
}

// The /perform WebSocket: opens it (with the token as a subprotocol when the page has one), reconnects with
// backoff (0.5 s … 5 s) while the performance runs, and hands each message to the caller.
import type { PerformResponse } from "./gen/expotion/v1/pipeline_pb";
import { parseResponse } from "./protocol";

export interface SocketEvents {
  /** The socket is open: send the config. */
  open(send: (message: Uint8Array) => void): void;
  message(response: PerformResponse): void;
  /** Closed while running: `why` in plain words and the delay before the next attempt (ms). */
  closed(why: string, retryMs: number, reason: string): void;
  connecting(again: boolean): void;
}

export class PerformSocket {
  private ws: WebSocket | undefined;
  private retry = 0;
  private timer: number | undefined;
  private running = false;

  constructor(private readonly events: SocketEvents) {}

  /** Open and true when a message can be sent now. */
  get open(): boolean { return this.ws?.readyState === WebSocket.OPEN; }

  /** Bytes queued in the socket, not yet sent. */
  get buffered(): number { return this.ws?.bufferedAmount ?? 0; }

  start() {
    this.running = true;
    this.connect();
  }

  send(message: Uint8Array): boolean {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    ws.send(message);
    return true;
  }

  /** Ends the stream: `last` (the end message) is sent first when the socket is open. */
  stop(last?: Uint8Array) {
    this.running = false;
    clearTimeout(this.timer);
    const ws = this.ws;
    this.ws = undefined;
    if (ws && ws.readyState === WebSocket.OPEN) {
      if (last) ws.send(last);
      ws.close(1000, "stopped");
    }
  }

  private connect() {
    if (!this.running) return;
    const url = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/perform`;
    // With auth on, open the page as /?token=<token>: the token goes as a WebSocket subprotocol (browsers cannot set
    // headers on a WebSocket), which the gateway checks; without one the socket opens as before.
    const token = new URLSearchParams(location.search).get("token");
    const ws = token ? new WebSocket(url, ["expotion", `expotion.token.${token}`]) : new WebSocket(url);
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    this.events.connecting(this.retry > 0);
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.retry = 0;
      this.events.open((m) => ws.send(m));
    };
    ws.onmessage = (e) => {
      if (this.ws === ws) this.events.message(parseResponse(e.data as ArrayBuffer));
    };
    ws.onclose = (e) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      if (!this.running) return;
      const delay = Math.min(5000, 500 * 2 ** this.retry++);
      const why = e.code === 1006 ? "The connection to the server was lost (or the server is down)."
        : e.code === 1013 ? `A service is unavailable (${e.reason}).`
          : e.code === 1000 ? "The server ended the stream."
            : `The server closed the stream: ${e.reason || e.code}.`;
      this.events.closed(why, delay, e.reason || `code ${e.code}`);
      this.timer = setTimeout(() => this.connect(), delay) as unknown as number;
    };
  }
}

// Ensembles (issue 17): the session the page joins, if any, and the session's members with their motion meters.
// Without a session name the page performs alone, as before. Settings come from the session, role and member
// fields, which `?session=NAME&role=R&member=M` fill in. The gateway's SessionEvents (joined, left, role changes,
// and twice a second the members' meters) keep the members list and the cast; every member hears the one piece.
import { SessionEvent_Kind, type SessionEvent } from "./gen/expotion/v1/pipeline_pb";

export interface EnsembleSettings {
  session: string;
  role: string; // "" = the gateway's default (rhythm for the first member, energy for the rest)
  member: string; // "" = a name the gateway gives
}

export interface SessionFields {
  session: HTMLInputElement;
  role: HTMLSelectElement;
  member: HTMLInputElement;
}

/** Fills the fields from the page's address (`?session=&role=&member=`), for links that join a session. */
export function prefill(fields: SessionFields, search: string) {
  const q = new URLSearchParams(search);
  fields.session.value = q.get("session") ?? fields.session.value;
  fields.role.value = q.get("role") ?? fields.role.value;
  fields.member.value = q.get("member") ?? fields.member.value;
}

/** What to join; undefined when the session field is empty (perform alone). */
export function ensembleSettings(fields: SessionFields): EnsembleSettings | undefined {
  const session = fields.session.value.trim();
  if (!session) return undefined;
  return { session, role: fields.role.value, member: fields.member.value.trim() };
}

export interface MemberView {
  name: string;
  role: string;
  motion: number; // image widths per second, the session's 2 s running mean
}

/** The session as this page knows it: its name, this page's member name, the members, the cast. */
export class SessionView {
  session = "";
  me = "";
  members: MemberView[] = [];
  roles = "";

  constructor(private readonly list: HTMLElement, private readonly cast: HTMLElement) {}

  reset() {
    this.session = this.me = this.roles = "";
    this.members = [];
    this.render();
  }

  /** Takes one event; returns a line for the event log (joins, leaves, role changes), or undefined (meters). */
  update(e: SessionEvent): string | undefined {
    this.session = e.session;
    if (e.kind === SessionEvent_Kind.JOINED && !this.me) this.me = e.member; // the first event a member gets is their own join
    this.members = e.members.map((m) => ({ name: m.name, role: m.role, motion: m.motion }));
    this.roles = e.roles;
    this.render();
    const role = this.members.find((m) => m.name === e.member)?.role ?? "";
    switch (e.kind) {
      case SessionEvent_Kind.JOINED: return `${e.member} joined ${e.session} (${role}): ${e.roles}`;
      case SessionEvent_Kind.LEFT: return `${e.member} left ${e.session}: ${e.roles}`;
      case SessionEvent_Kind.ROLE: return `${e.member} now plays ${role}: ${e.roles}`;
      default: return undefined;
    }
  }

  private render() {
    this.cast.textContent = this.session ? `${this.session}: ${this.roles}` : "";
    this.list.replaceChildren(...this.members.map((m) => {
      const li = document.createElement("li");
      li.dataset.member = m.name;
      const name = document.createElement("span");
      name.className = "member";
      name.textContent = m.name === this.me ? `${m.name} (you)` : m.name;
      const role = document.createElement("span");
      role.className = "role";
      role.textContent = m.role;
      const meter = document.createElement("meter");
      meter.min = 0;
      meter.max = MeterTop;
      meter.value = Math.min(MeterTop, m.motion);
      meter.title = `${m.motion.toFixed(3)} widths/s`;
      li.append(name, role, meter);
      return li;
    }));
  }
}

/** A full meter: vigorous motion of a close upper body (image widths per second). */
const MeterTop = 0.3;

/** An id for an audio chunk's content (FNV-1a over its bytes): members of one session hear the same chunks at their own pts. */
export function chunkId(data: Uint8Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data[i], 0x01000193);
  return h >>> 0;
}

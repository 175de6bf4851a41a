// The page's elements, and the two ways it talks to the performer: the status line and the event log.
import { state } from "./state";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

export const ui = {
  start: $<HTMLButtonElement>("start"),
  record: $<HTMLButtonElement>("record"),
  prompt: $<HTMLInputElement>("prompt"),
  apply: $<HTMLButtonElement>("apply"),
  video: $<HTMLVideoElement>("preview"),
  overlay: $<HTMLCanvasElement>("overlay"),
  status: $<HTMLDivElement>("status"),
  log: $<HTMLOListElement>("events"),
  beat: $<HTMLDivElement>("beat"),
  recording: $<HTMLSpanElement>("recording"),
  session: { session: $<HTMLInputElement>("session"), role: $<HTMLSelectElement>("role"), member: $<HTMLInputElement>("member") },
  members: $<HTMLUListElement>("members"),
  cast: $<HTMLParagraphElement>("cast"),
  fields: {
    tempo: $("tempo"), style: $("style"), chord: $("chord"), energy: $("energy"), latency: $("latency"),
    fps: $("fps"), buffer: $("buffer"), underruns: $("underruns"), face: $("face"),
  },
};

export function say(status: string, message: string) {
  state.status = status;
  state.message = message;
  ui.status.textContent = message;
  ui.status.dataset.status = status;
}

export function note(text: string) {
  state.events.push(text);
  if (state.events.length > 500) state.events.shift();
  const li = document.createElement("li");
  li.textContent = text;
  ui.log.prepend(li);
  while (ui.log.children.length > 40) ui.log.lastElementChild!.remove();
}

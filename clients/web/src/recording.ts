// Record: the music (from the worklet) and, where the browser can, the camera video with it, saved as a download.

export class Recording {
  private recorder: MediaRecorder | undefined;
  private dest: MediaStreamAudioDestinationNode | undefined;

  constructor(private readonly onChange: (recording: boolean) => void, private readonly onSaved: (link: HTMLAnchorElement) => void) {}

  get active() { return this.recorder?.state === "recording"; }

  stop() { if (this.active) this.recorder!.stop(); }

  start(ctx: AudioContext, music: AudioNode, video?: MediaStream) {
    this.dest ??= ctx.createMediaStreamDestination();
    music.connect(this.dest);
    const audio = this.dest.stream.getAudioTracks();
    const types = ["video/webm;codecs=vp8,opus", "video/webm", "audio/webm;codecs=opus", "audio/webm"];
    const type = types.find((t) => MediaRecorder.isTypeSupported(t)) ?? "";
    const media = new MediaStream(type.startsWith("audio") ? audio : [...audio, ...(video?.getVideoTracks() ?? [])]);
    const parts: Blob[] = [];
    const recorder = new MediaRecorder(media, type ? { mimeType: type } : undefined);
    this.recorder = recorder;
    recorder.ondataavailable = (e) => { if (e.data.size) parts.push(e.data); };
    recorder.onstop = () => {
      this.onChange(false);
      const blob = new Blob(parts, { type: recorder.mimeType });
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = `expotion-performance.${blob.type.startsWith("audio") ? "weba" : "webm"}`;
      a.textContent = `Download the recording (${(blob.size / 1024).toFixed(0)} KB)`;
      a.id = "download";
      this.onSaved(a);
      a.click();
    };
    recorder.start(1000);
    this.onChange(true);
  }
}

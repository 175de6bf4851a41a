#!/usr/bin/env python3
"""Expotion client in Python: streams a video's frames through Pipeline.Perform and writes the music.

Built from the same protos as the C# services (stubs: ./generate.sh, Debian's protoc and
grpc_python_plugin; runtime: Debian's python3-grpcio and python3-protobuf).

    python3 clients/python/expotion_client.py --gateway 127.0.0.1:5100 --video in.mp4 --out out.wav

With --session NAME (and optionally --role, --member) it joins an ensemble: several performers, one piece.
The session's events (joined, left, role changes) go to stderr; the summary on stdout then also names the session, the
member, the roles and the members last seen.
"""
import argparse
import json
import os
import subprocess
import sys
import time
import wave

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "gen"))

try:
    import grpc
    from expotion.v1 import common_pb2, pipeline_pb2, pipeline_pb2_grpc, smoothing_pb2, music_pb2, vision_pb2
except ImportError as e:  # pragma: no cover - a setup problem, said plainly
    sys.exit(f"expotion_client: {e}. Run clients/python/generate.sh and install python3-grpcio python3-protobuf.")


def probe(path):
    """Width, height and frame rate of the first video stream (ffprobe)."""
    if not os.path.isfile(path):
        raise SystemExit(f"expotion_client: video file '{path}' does not exist")
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-select_streams", "v:0", "-show_entries",
         "stream=width,height,avg_frame_rate", "-of", "json", path],
        capture_output=True, text=True)
    if out.returncode != 0 or not json.loads(out.stdout or "{}").get("streams"):
        raise SystemExit(f"expotion_client: '{path}' is not a readable video: {out.stderr.strip()[:200]}")
    s = json.loads(out.stdout)["streams"][0]
    num, den = (s.get("avg_frame_rate") or "25/1").split("/")
    fps = float(num) / float(den) if float(den) else 25.0
    return int(s["width"]), int(s["height"]), fps


def frames(path, max_width=320, fps=None):
    """Yields (pts_us, width, height, rgb24 bytes) decoded by ffmpeg at a constant rate."""
    w, h, native_fps = probe(path)
    rate = fps or min(native_fps, 30.0)
    width = min(max_width, w) & ~1
    height = max(2, round(h * width / w / 2) * 2)
    proc = subprocess.Popen(
        ["ffmpeg", "-v", "error", "-nostdin", "-i", path, "-an", "-sn",
         "-vf", f"fps={rate},scale={width}:{height}:flags=area", "-f", "rawvideo", "-pix_fmt", "rgb24", "pipe:1"],
        stdout=subprocess.PIPE)
    size = width * height * 3
    index = 0
    try:
        while True:
            data = proc.stdout.read(size)
            if len(data) < size:
                break
            yield round(index * 1_000_000 / rate), width, height, data
            index += 1
    finally:
        proc.kill()
        proc.wait()


def requests(config, source, sent):
    yield pipeline_pb2.PerformRequest(config=config)
    for pts, width, height, data in source:
        sent[0] += 1
        yield pipeline_pb2.PerformRequest(frame=common_pb2.VideoFrame(
            pts_us=pts, width=width, height=height, format=common_pb2.PIXEL_FORMAT_RGB24, data=data))
    yield pipeline_pb2.PerformRequest(end=common_pb2.End())


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--gateway", default="127.0.0.1:5100", help="host:port of `expotion serve gateway|all`")
    ap.add_argument("--video", required=True)
    ap.add_argument("--prompt", default="upbeat pop with drums and piano")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", default="out.wav")
    ap.add_argument("--sample-rate", type=int, default=32000)
    ap.add_argument("--timeout", type=float, default=300, help="deadline of the whole stream in seconds")
    ap.add_argument("--token", default=os.environ.get("EXPOTION_TOKEN"), help="bearer token (default: $EXPOTION_TOKEN)")
    ap.add_argument("--ca-cert", help="PEM CA to trust: connect with TLS (the gateway listens on https://)")
    ap.add_argument("--client-cert", help="PEM client certificate for mutual TLS (with --client-key)")
    ap.add_argument("--client-key", help="PEM private key of --client-cert")
    ap.add_argument("--session", help="join this ensemble session (several performers steer one piece)")
    ap.add_argument("--role", default="", help="role in the session: rhythm, energy, harmony, melody or all (default: the gateway's)")
    ap.add_argument("--member", default="", help="your name in the session (default: one the gateway gives)")
    args = ap.parse_args(argv)
    if (args.role or args.member) and not args.session:
        ap.error("--role and --member are for an ensemble; give --session NAME too")

    config = pipeline_pb2.PerformConfig(
        vision=vision_pb2.ExtractConfig(),
        smoothing=smoothing_pb2.AlignConfig(mode=smoothing_pb2.SMOOTHING_MODE_CENTRED),
        music=music_pb2.GenerateConfig(prompt=args.prompt, seed=args.seed, sample_rate=args.sample_rate,
                                       channels=2, encoding=common_pb2.AUDIO_ENCODING_PCM_S16LE))
    if args.session:
        config.ensemble.CopyFrom(pipeline_pb2.EnsembleConfig(session=args.session, role=args.role, member=args.member))
    session = {}
    sent = [0]
    beats, tempo, style = 0, None, None
    started = time.monotonic()
    options = [("grpc.max_receive_message_length", 16 << 20), ("grpc.max_send_message_length", 16 << 20)]
    metadata = [("authorization", f"Bearer {args.token}")] if args.token else None
    if args.ca_cert:
        def read(path):
            with open(path, "rb") as f:
                return f.read()
        credentials = grpc.ssl_channel_credentials(
            root_certificates=read(args.ca_cert),
            private_key=read(args.client_key) if args.client_key else None,
            certificate_chain=read(args.client_cert) if args.client_cert else None)
        channel_context = grpc.secure_channel(args.gateway, credentials, options=options)
    else:
        channel_context = grpc.insecure_channel(args.gateway, options=options)
    with channel_context as channel:
        stub = pipeline_pb2_grpc.PipelineStub(channel)
        with wave.open(args.out, "wb") as wav:
            wav.setnchannels(2)
            wav.setsampwidth(2)
            wav.setframerate(args.sample_rate)
            frames_written = 0
            try:
                for response in stub.Perform(requests(config, frames(args.video), sent), timeout=args.timeout, metadata=metadata):
                    kind = response.WhichOneof("kind")
                    if kind == "audio":
                        wav.writeframes(response.audio.data)
                        frames_written += response.audio.frames
                    elif kind == "event":
                        event = response.event.WhichOneof("kind")
                        if event == "beat":
                            beats += 1
                        elif event == "tempo":
                            tempo = response.event.tempo.bpm
                        elif event == "style":
                            style = response.event.style.name
                    elif kind == "session":
                        note = response.session
                        if note.kind == pipeline_pb2.SessionEvent.KIND_JOINED and "member" not in session:
                            session["member"] = note.member  # the first event a member gets is their own join
                        verbs = {pipeline_pb2.SessionEvent.KIND_JOINED: "joined", pipeline_pb2.SessionEvent.KIND_LEFT: "left",
                                 pipeline_pb2.SessionEvent.KIND_ROLE: "role"}
                        if note.kind in verbs:  # who joined, left or changed role, and the cast now
                            print(f"{verbs[note.kind]} {note.session}: {note.member}; {note.roles}", file=sys.stderr)
                        session["roles"] = note.roles
                        session["members"] = [{"name": m.name, "role": m.role} for m in note.members]
            except grpc.RpcError as e:
                print(f"expotion_client: {e.code().name}: {e.details()}", file=sys.stderr)
                return 1
    summary = {"out": args.out, "frames_sent": sent[0], "audio_seconds": frames_written / args.sample_rate,
               "beats": beats, "tempo_bpm": tempo, "style": style, "elapsed_seconds": round(time.monotonic() - started, 2)}
    if args.session:
        summary["session"] = dict(session, name=args.session)
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Oracle: every SCTE-35 payload a live channel (`ottedge channel`) publishes, decoded by
threefive 3.1.5 (PyPI), in each of its forms — HLS `EXT-X-DATERANGE` SCTE35-OUT / SCTE35-IN
(hex), `EXT-X-CUE-OUT-CONT` SCTE35= (base64), DASH `urn:scte:scte35:2014:xml+bin` Binary
(base64) — and checked against the intended command, descriptors and timing, and against each
other (one break: the same bytes in every form; the same duration as PLANNED-DURATION, CUE-OUT
and the MPD Event; the splice PTS at the break's first segment).

The channel runs the real encoder (the 2-rung small ladder) with 0.5 s segments, a break every
2 s lasting 1 s, once with splice_insert and once with time_signal (SCTE 35 §9.7.3 / §9.7.4;
segmentation types 0x34 / 0x35, §10.3.3 table 22). The break's first segment is read too, in
every rendition: its `emsg` (ISO/IEC 23009-1 §5.10.3.3, scheme urn:scte:scte35:2013:bin) holds
the same section, its `tfdt` equals the splice PTS, and its first sample is a sync sample.

Run: tests/.venv/bin/pytest tests/oracles/test_live_scte35.py  (binary: $OTTEDGE_BIN, default
target/debug/ottedge).
"""

import base64
import datetime
import os
import pathlib
import re
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

import pytest
import threefive

ROOT = pathlib.Path(__file__).resolve().parents[2]
BIN = os.environ.get("OTTEDGE_BIN", str(ROOT / "target" / "debug" / "ottedge"))
SEGMENT_S = 0.5
BREAK_S = 1.0
TICKS = 90_000
RENDITIONS = ["360p", "180p"]


def boxes(data, start=0, end=None):
    """(type, payload) of the ISO BMFF boxes in data[start:end] (ISO/IEC 14496-12 §4.2)."""
    end = len(data) if end is None else end
    while start + 8 <= end:
        size = int.from_bytes(data[start:start + 4], "big")
        kind = data[start + 4:start + 8].decode("latin-1")
        header = 8
        if size == 1:
            size = int.from_bytes(data[start + 8:start + 16], "big")
            header = 16
        assert size >= header, f"bad box size at {start}"
        yield kind, data[start + header:start + size]
        start += size


def segment_facts(data):
    """emsg fields, tfdt and the first sample's sync flag of one CMAF media segment."""
    top = list(boxes(data))
    facts = {"types": [k for k, _ in top], "emsg": None}
    for kind, body in top:
        if kind == "emsg":
            assert body[0] == 1, "emsg version 1"
            timescale = int.from_bytes(body[4:8], "big")
            presentation = int.from_bytes(body[8:16], "big")
            duration = int.from_bytes(body[16:20], "big")
            event_id = int.from_bytes(body[20:24], "big")
            rest = body[24:]
            scheme, rest = rest.split(b"\0", 1)
            value, message = rest.split(b"\0", 1)
            facts["emsg"] = dict(timescale=timescale, presentation=presentation, duration=duration,
                                 id=event_id, scheme=scheme.decode(), value=value.decode(), message=message)
        if kind == "moof":
            (traf,) = [b for k, b in boxes(body) if k == "traf"]
            parts = dict(boxes(traf))
            tfdt = parts["tfdt"]
            facts["tfdt"] = int.from_bytes(tfdt[4:12] if tfdt[0] == 1 else tfdt[4:8], "big")
            tfhd, trun = parts["tfhd"], parts["trun"]
            tfhd_flags = int.from_bytes(tfhd[1:4], "big")
            offset = 8 + (8 if tfhd_flags & 0x1 else 0) + (4 if tfhd_flags & 0x2 else 0)
            offset += (4 if tfhd_flags & 0x8 else 0) + (4 if tfhd_flags & 0x10 else 0)
            default_flags = int.from_bytes(tfhd[offset:offset + 4], "big") if tfhd_flags & 0x20 else None
            trun_flags = int.from_bytes(trun[1:4], "big")
            pos = 8 + (4 if trun_flags & 0x1 else 0)
            if trun_flags & 0x4:
                first = int.from_bytes(trun[pos:pos + 4], "big")
            else:
                pos += 4 if trun_flags & 0x4 else 0
                pos += (4 if trun_flags & 0x100 else 0) + (4 if trun_flags & 0x200 else 0)
                first = int.from_bytes(trun[pos:pos + 4], "big") if trun_flags & 0x400 else default_flags
            # sample_is_non_sync_sample (§8.8.3.1) clear and sample_depends_on == 2 (an I picture).
            facts["first_sync"] = first is not None and not first & 0x10000 and (first >> 24) & 0x3 == 2
    return facts


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode()


def get_bytes(url):
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read()


def get_when_published(url, wait_s=10):
    """The channel answers 404 until its first segment is out."""
    end = time.time() + wait_s
    while True:
        try:
            return get(url)
        except urllib.error.HTTPError as e:
            if e.code != 404 or time.time() > end:
                raise
            time.sleep(0.1)


def iso_ms(text):
    return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp() * 1000


@pytest.fixture(scope="module", params=["splice_insert", "time_signal"])
def published(request):
    """Runs a channel ~6 s and collects every playlist and MPD refresh."""
    signal = request.param
    port = free_port()
    with tempfile.TemporaryDirectory() as out:
        proc = subprocess.Popen(
            [BIN, "channel", "--id", "orc", "--synthetic", "--out", out,
             "--ladder", str(ROOT / "testdata" / "encoder" / "ladder-small.json"),
             "--listen", f"127.0.0.1:{port}", "--segment-duration", str(SEGMENT_S),
             "--dvr-window", "10", "--break-every", "2", "--break-duration", str(BREAK_S),
             "--signal", signal],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            assert proc.stdout.readline().startswith("{"), "no start line"
            base = f"http://127.0.0.1:{port}/live/orc"
            playlists, mpds = [get_when_published(f"{base}/180p.m3u8")], []
            end = time.time() + 6
            while time.time() < end:
                playlists.append(get(f"{base}/180p.m3u8"))
                mpds.append(get(f"{base}/manifest.mpd"))
                time.sleep(0.2)
            # Every segment of the run is still inside the 10 s DVR window.
            segments = {}
            for b in hls_payloads(playlists).values():
                for index in b["first_index"]:
                    for rendition in RENDITIONS:
                        segments[(rendition, index)] = get_bytes(f"{base}/{rendition}/seg-{index}.m4s")
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    return signal, playlists, mpds, segments


def hls_payloads(playlists):
    """Per DATERANGE ID: OUT hex, IN hex, CONT base64s, START-DATE, PLANNED-DURATION, and the
    (media sequence, START of the first break segment) seen."""
    breaks = {}
    for text in playlists:
        lines = text.splitlines()
        seq = int(next(l for l in lines if l.startswith("#EXT-X-MEDIA-SEQUENCE:")).split(":")[1])
        index = seq - 1
        current = None  # the break whose SCTE35-OUT DATERANGE came last
        expect_first = None  # a CUE-OUT was seen: the next URI is the break's first segment
        for line in lines:
            if line.startswith("#EXT-X-DATERANGE:"):
                attrs = dict(re.findall(r'([A-Z0-9-]+)=("[^"]*"|[^,]*)', line.split(":", 1)[1]))
                b = breaks.setdefault(attrs["ID"].strip('"'), {"cont": set(), "first_index": set()})
                b.setdefault("start", attrs["START-DATE"].strip('"'))
                assert b["start"] == attrs["START-DATE"].strip('"'), "START-DATE moved"
                if "SCTE35-OUT" in attrs:
                    b.setdefault("out", attrs["SCTE35-OUT"])
                    assert b["out"] == attrs["SCTE35-OUT"], "SCTE35-OUT changed across refreshes"
                    b["planned"] = float(attrs["PLANNED-DURATION"])
                    current = b
                if "SCTE35-IN" in attrs:
                    b.setdefault("in", attrs["SCTE35-IN"])
                    b["duration"] = float(attrs["DURATION"])
            elif line.startswith("#EXT-X-CUE-OUT:"):
                assert current is not None, "CUE-OUT without its DATERANGE"
                current["cue_out"] = float(line.split(":", 1)[1])
                expect_first = current
            elif line.startswith("#EXT-X-CUE-OUT-CONT:"):
                m = re.search(r"SCTE35=([A-Za-z0-9+/=]+)", line)
                assert current is not None, "CUE-OUT-CONT outside a signalled break"
                if m:
                    current["cont"].add(m.group(1))
            elif line and not line.startswith("#"):
                index += 1
                if expect_first is not None:
                    expect_first["first_index"].add(index)
                    expect_first = None
    return breaks


def mpd_events(mpds):
    ns = {"m": "urn:mpeg:dash:schema:mpd:2011", "s": "http://www.scte.org/schemas/35"}
    events = {}
    for text in mpds:
        root = ET.fromstring(text)
        for stream in root.iterfind(".//m:EventStream", ns):
            if stream.get("schemeIdUri") != "urn:scte:scte35:2014:xml+bin":
                continue
            for ev in stream.iterfind("m:Event", ns):
                binary = ev.find("s:Signal/s:Binary", ns).text.strip()
                seen = (int(ev.get("presentationTime")), int(ev.get("duration")), binary)
                events.setdefault(ev.get("id"), seen)
                assert events[ev.get("id")] == seen, "an MPD Event changed across refreshes"
    return events


def decode(data):
    cue = threefive.Cue(data)
    assert cue.decode(), f"threefive could not decode {data}"
    return cue


def test_every_payload_decodes_in_threefive_to_the_intended_break(published):
    signal, playlists, mpds, _ = published
    breaks = hls_payloads(playlists)
    events = mpd_events(mpds)
    complete = [b for b in breaks.values() if "out" in b and "in" in b]
    assert len(complete) >= 2, f"at least two whole breaks seen: {list(breaks)}"
    for b in complete:
        out_bytes = bytes.fromhex(b["out"][2:])
        out = decode(b["out"])
        cmd = out.command
        # Every form carries the same break-start section.
        for cont in b["cont"]:
            assert base64.b64decode(cont) == out_bytes, "CUE-OUT-CONT SCTE35= differs from SCTE35-OUT"
        event_id = None
        if signal == "splice_insert":
            assert cmd.name == "Splice Insert"
            assert cmd.out_of_network_indicator is True
            assert cmd.break_auto_return is True
            assert cmd.break_duration == pytest.approx(BREAK_S, abs=1e-6)
            event_id = cmd.splice_event_id
            cue_in = decode(b["in"]).command
            assert cue_in.name == "Splice Insert" and cue_in.out_of_network_indicator is False
            assert cue_in.splice_event_id == event_id
            in_pts = cue_in.pts_time
        else:
            assert cmd.name == "Time Signal"
            (start,) = out.descriptors
            assert int(start.segmentation_type_id) == 0x34
            assert start.segmentation_duration == pytest.approx(BREAK_S, abs=1e-6)
            event_id = int(start.segmentation_event_id, 16)
            cue_in = decode(b["in"])
            (end,) = cue_in.descriptors
            assert int(end.segmentation_type_id) == 0x35
            assert int(end.segmentation_event_id, 16) == event_id
            in_pts = cue_in.command.pts_time
        # The splice PTS is the break's first segment's media time (index × segment duration).
        (first,) = b["first_index"]
        assert cmd.pts_time == pytest.approx(first * SEGMENT_S, abs=1e-6)
        assert in_pts == pytest.approx(first * SEGMENT_S + BREAK_S, abs=1e-6)
        # HLS durations agree with the section.
        assert b["planned"] == b["cue_out"] == b["duration"] == BREAK_S
        # The MPD's xml+bin Event: same bytes, same time and duration.
        ev = events.get(str(event_id))
        assert ev is not None, f"no MPD Event id {event_id}"
        presentation, duration, binary = ev
        assert base64.b64decode(binary) == out_bytes
        assert presentation == round(first * SEGMENT_S * TICKS)
        assert duration == round(BREAK_S * TICKS)


def test_the_break_starts_on_an_idr_whose_tfdt_is_the_splice_pts(published):
    _, playlists, _, segments = published
    breaks = [b for b in hls_payloads(playlists).values() if b["first_index"] and "out" in b]
    assert len(breaks) >= 2
    for b in breaks:
        out_bytes = bytes.fromhex(b["out"][2:])
        pts = decode(b["out"]).command.pts_time
        (first,) = b["first_index"]
        for rendition in RENDITIONS:
            facts = segment_facts(segments[(rendition, first)])
            assert facts["types"][:3] == ["styp", "emsg", "moof"], facts["types"]
            assert facts["tfdt"] == round(pts * TICKS), f"{rendition} seg-{first}: tfdt vs splice PTS"
            assert facts["first_sync"], f"{rendition} seg-{first} does not start with a sync sample"
            emsg = facts["emsg"]
            assert emsg["scheme"] == "urn:scte:scte35:2013:bin"
            assert (emsg["timescale"], emsg["presentation"]) == (TICKS, facts["tfdt"])
            assert emsg["duration"] == round(BREAK_S * TICKS)
            assert emsg["message"] == out_bytes, "the emsg carries the break-start section"
            assert decode(base64.b64encode(emsg["message"]).decode()).command.pts_time == pts

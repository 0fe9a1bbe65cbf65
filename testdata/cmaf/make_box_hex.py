#!/usr/bin/env python3
"""Writes testdata/cmaf/boxes.txt: hand-specified boxes (layouts typed in from ISO/IEC 14496-12,
23001-7 and 23009-1 with Python's struct, independently of the Rust code), one per line:
`name hex`. Run from the repo root: python3 testdata/cmaf/make_box_hex.py"""
import struct, base64

def box(t, payload, size_mode='normal'):
    if size_mode == 'large':
        return struct.pack('>I4sQ', 1, t, 16 + len(payload)) + payload
    if size_mode == 'zero':
        return struct.pack('>I4s', 0, t) + payload
    return struct.pack('>I4s', 8 + len(payload), t) + payload

def full(v, f):
    return struct.pack('>I', (v << 24) | f)

cue = base64.b64decode('/DAvAAAAAAAA///wBQb+dGKQoAAZAhdDVUVJSAAAjn+fCAgAAAAALKChijUCAKnMZ1g=')
out = {}
out['emsg_v0'] = box(b'emsg', full(0, 0) + b'urn:scte:scte35:2013:bin\0' + b'1\0'
                     + struct.pack('>IIII', 90000, 4500, 0xFFFFFFFF, 7) + cue)
out['emsg_v1'] = box(b'emsg', full(1, 0) + struct.pack('>IQII', 90000, 0x1_0000_0000, 270000, 8)
                     + b'urn:scte:scte35:2013:bin\0' + b'\0' + cue)
widevine = bytes.fromhex('edef8ba979d64acea3c827dcd51d21ed')
out['pssh_v0'] = box(b'pssh', full(0, 0) + widevine + struct.pack('>I', 4) + b'\x08\x01\x12\x00')
kid1 = bytes(range(16)); kid2 = bytes(range(16, 32))
out['pssh_v1'] = box(b'pssh', full(1, 0) + bytes.fromhex('1077efecc0b24d02ace33c1e52e2fb4b')
                     + struct.pack('>I', 2) + kid1 + kid2 + struct.pack('>I', 0))
out['mdat_large'] = box(b'mdat', b'\xde\xad\xbe\xef', 'large')
out['free_size0'] = box(b'free', b'to the end')
out['free_size0'] = struct.pack('>I4s', 0, b'free') + b'to the end'
# trun v1: data_offset, first_sample_flags, duration, size, cts (signed), no per-sample flags.
out['trun_v1'] = box(b'trun', full(1, 0x000001 | 0x000004 | 0x100 | 0x200 | 0x800)
                     + struct.pack('>IiI', 2, 120, 0x02000000)
                     + struct.pack('>IIi', 3000, 500, -3000) + struct.pack('>IIi', 3000, 400, 0))
out['tfhd_all'] = box(b'tfhd', full(0, 0x01 | 0x02 | 0x08 | 0x10 | 0x20 | 0x10000)
                      + struct.pack('>IQIIII', 7, 1 << 33, 1, 1001, 2048, 0x01010000))
out['elst_v1'] = box(b'elst', full(1, 0) + struct.pack('>I', 2)
                     + struct.pack('>Qqhh', 5000, -1, 1, 0) + struct.pack('>Qqhh', 1 << 40, 1001, 1, 0))
out['sidx_v0'] = box(b'sidx', full(0, 0) + struct.pack('>IIIIHH', 1, 90000, 1234, 0, 0, 2)
                     + struct.pack('>III', 5000, 180000, 0x90000000)
                     + struct.pack('>III', 0x80000000 | 300, 90000, 0x20000010))
out['saio_v1'] = box(b'saio', full(1, 1) + b'cenc' + struct.pack('>II', 0, 1) + struct.pack('>Q', 1 << 32))
out['saiz_per_sample'] = box(b'saiz', full(0, 0) + struct.pack('>BI', 0, 3) + bytes([8, 14, 20]))
out['sbgp_v1'] = box(b'sbgp', full(1, 0) + b'seig' + struct.pack('>II', 3, 2) + struct.pack('>II', 10, 1) + struct.pack('>II', 20, 0x10001))
seig_a = bytes([0, 0x19, 1, 0]) + kid1 + bytes([16]) + bytes(range(16))
seig_b = bytes([0, 0, 1, 8]) + kid2
out['sgpd_seig'] = box(b'sgpd', full(1, 0) + b'seig' + struct.pack('>II', 0, 2)
                       + struct.pack('>I', len(seig_a)) + seig_a + struct.pack('>I', len(seig_b)) + seig_b)
out['tenc_v0'] = box(b'tenc', full(0, 0) + bytes([0, 0, 1, 16]) + kid1)
out['stsz_per_sample'] = box(b'stsz', full(0, 0) + struct.pack('>III', 0, 2, 100) + struct.pack('>I', 200))
out['stts'] = box(b'stts', full(0, 0) + struct.pack('>III', 1, 30, 1001))
out['mehd_v1'] = box(b'mehd', full(1, 0) + struct.pack('>Q', 1 << 35))
out['schm_uri'] = box(b'schm', full(0, 1) + b'cbcs' + struct.pack('>I', 0x10000) + b'https://example.invalid/\0')
out['tfdt_v0'] = box(b'tfdt', full(0, 0) + struct.pack('>I', 900000))
with open('testdata/cmaf/boxes.txt', 'w') as f:
    f.write('# name hex -- written for ottedge by testdata/cmaf/make_box_hex.py\n')
    for k, v in out.items():
        f.write(f'{k} {v.hex()}\n')

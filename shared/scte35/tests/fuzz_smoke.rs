//! Deterministic fuzz smoke test: a xorshift PRNG mutates the real cues of
//! testdata/scte35/cues.txt (bit flips, truncation, byte insert/delete, splicing two cues, and
//! CRC repair so mutations reach the body parsers). No input may panic, and every decodable
//! mutant must re-encode byte-exact, decode to the same value, survive JSON, and its XML form
//! must read back to its `xml_view`.

// Helpers outside #[test] fns panic on bad fixtures on purpose: that is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use ottedge_scte35::{SpliceInfoSection, crc32_mpeg2, cue_bytes, parse_cue, xml};

struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

mod common;

fn cues() -> Vec<Vec<u8>> {
    common::cue_lines()
        .iter()
        .map(|l| cue_bytes(l).unwrap())
        .collect()
}

fn mutate(rng: &mut XorShift, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut b = seeds[rng.below(seeds.len())].clone();
    for _ in 0..1 + rng.below(4) {
        match rng.below(6) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            1 => b.truncate(rng.below(b.len() + 1)),
            2 => {
                let i = rng.below(b.len() + 1);
                b.insert(i, rng.next() as u8);
            }
            3 if !b.is_empty() => {
                b.remove(rng.below(b.len()));
            }
            4 => {
                let other = &seeds[rng.below(seeds.len())];
                let cut = rng.below(b.len() + 1);
                let from = rng.below(other.len() + 1);
                b.truncate(cut);
                b.extend_from_slice(&other[from..]);
            }
            _ if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] = rng.next() as u8;
            }
            _ => {}
        }
    }
    // Half the time make section_length and CRC consistent so the body parsers run.
    if rng.below(2) == 0 && b.len() >= 7 {
        let len = (b.len() - 3) as u16;
        if len <= 0xFFF {
            b[1] = (b[1] & 0xF0) | (len >> 8) as u8;
            b[2] = len as u8;
            let n = b.len();
            let crc = crc32_mpeg2(&b[..n - 4]);
            b[n - 4..].copy_from_slice(&crc.to_be_bytes());
        }
    }
    b
}

fn check(data: &[u8], stats: &mut [usize; 3]) {
    let lenient = common::lenient();
    let strict = SpliceInfoSection::decode(data);
    let Ok(section) = SpliceInfoSection::decode_with(data, lenient) else {
        assert!(strict.is_err());
        return;
    };
    stats[0] += 1;
    if strict.is_ok() {
        stats[1] += 1;
    }
    let bytes = section.encode().unwrap();
    assert_eq!(bytes, data, "byte-exact re-encode");
    assert_eq!(
        SpliceInfoSection::decode_with(&bytes, lenient).unwrap(),
        section
    );
    let json = serde_json::to_string(&section).unwrap();
    let from_json: SpliceInfoSection = serde_json::from_str(&json).unwrap();
    assert_eq!(from_json.encode().unwrap(), bytes, "{json}");
    if !section.encrypted_packet() {
        let text = xml::write(&section, "scte35");
        if let Ok(from_xml) = xml::parse(&text) {
            stats[2] += 1;
            assert_eq!(from_xml, xml::xml_view(&section), "{text}");
        }
    }
    // Text front ends must not panic either.
    let _ = parse_cue(&String::from_utf8_lossy(data));
}

#[test]
fn mutated_cues_never_panic_and_round_trip() {
    let seeds = cues();
    let mut rng = XorShift(0x5C7E_35F0_0D15_EA5E);
    let mut stats = [0usize; 3];
    const ITERATIONS: usize = 12_000;
    for _ in 0..ITERATIONS {
        let data = mutate(&mut rng, &seeds);
        check(&data, &mut stats);
    }
    let [decoded, crc_ok, xml_ok] = stats;
    eprintln!(
        "fuzz smoke: {ITERATIONS} inputs, {decoded} decoded (CRC off), {crc_ok} with valid CRC, {xml_ok} XML round trips"
    );
    assert!(
        decoded > ITERATIONS / 20,
        "mutations too destructive: {decoded} decoded"
    );
}

#[test]
fn regression_inputs() {
    // Hand-written edge cases (written for ottedge): empty, header only, section_length past
    // the end, splice_command_length 0xFFF with a private command.
    for hex in [
        "",
        "fc",
        "fc3011",
        "fc300000",
        "fc301100000000000000fffffff0ff0000004f253396",
    ] {
        let bytes = ottedge_scte35::json::from_hex(hex).unwrap();
        assert!(
            SpliceInfoSection::decode_with(&bytes, common::lenient()).is_err(),
            "{hex}"
        );
    }
}

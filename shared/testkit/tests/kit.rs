//! The kit's own tests: determinism for a seed, every mutation kind reachable and doing what it
//! says, bounds respected, no panic on empty inputs or donors.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test code: a panic is a test failure"
)]

use ottedge_testkit::{
    Bytes, INTERESTING_U32, Mutation, Mutator, XorShift, parse_seed, read_fixtures, testdata,
};

const INPUT: &[u8] = b"line one\nline two\nline three\n";
const DONOR: &[u8] = b"DONOR-A\nDONOR-B\nDONOR-C\nDONOR-D\nDONOR-E\n";

#[test]
fn xorshift64_matches_the_reference_sequence() {
    // xorshift64 (13, 7, 17) from seed 1, computed by hand from Marsaglia (2003).
    let mut rng = XorShift::new(1);
    assert_eq!(rng.next_u64(), 0x0000_0000_4082_2041);
    assert_eq!(rng.next_u64(), 0x1000_4106_0c01_1441);
    // Seed 0 would stick at 0: it is replaced.
    let mut zero = XorShift::new(0);
    assert_ne!(zero.next_u64(), 0);
}

#[test]
fn same_seed_same_mutants_other_seed_other_mutants() {
    let mutator = Mutator::new(Mutation::ALL).tokens(&[b"TOKEN"]);
    let run = |seed| {
        let mut rng = XorShift::new(seed);
        (0..200)
            .map(|_| mutator.mutate(&mut rng, INPUT, &[DONOR]))
            .collect::<Vec<_>>()
    };
    assert_eq!(run(42), run(42));
    assert_ne!(run(42), run(43));
}

#[test]
fn below_and_pick_stay_in_bounds() {
    let mut rng = XorShift::new(9);
    assert_eq!(rng.below(0), 0);
    assert_eq!(rng.pick::<u8>(&[]), None);
    let mut seen = [false; 7];
    for _ in 0..1000 {
        let n = rng.below(7);
        seen[n] = true;
        assert!(rng.one_in(1));
        assert!(rng.pick(&[1, 2, 3]).is_some_and(|v| (1..=3).contains(v)));
    }
    assert!(seen.iter().all(|&s| s), "{seen:?}");
}

/// Applies `kind` alone many times and returns the mutants.
fn mutants(kind: Mutation, mutator: &Mutator<'_>, input: &[u8]) -> Vec<Vec<u8>> {
    let mut rng = XorShift::new(0x5EED);
    (0..500)
        .map(|_| {
            let mut data = input.to_vec();
            mutator.apply(kind, &mut rng, &mut data, &[DONOR]);
            data
        })
        .collect()
}

#[test]
fn every_kind_is_reachable_and_changes_the_input() {
    let mutator = Mutator::new(Mutation::ALL).tokens(&[b"TOKEN"]);
    let mut rng = XorShift::new(3);
    let mut seen = Vec::new();
    for _ in 0..2000 {
        let mut data = INPUT.to_vec();
        for kind in mutator.mutate_in_place(&mut rng, &mut data, &[DONOR]) {
            if !seen.contains(&kind) {
                seen.push(kind);
            }
        }
    }
    for kind in Mutation::ALL {
        assert!(seen.contains(kind), "{kind:?} never chosen");
        assert!(
            mutants(*kind, &mutator, INPUT).iter().any(|m| m != INPUT),
            "{kind:?} never changed the input"
        );
    }
}

#[test]
fn each_kind_respects_its_bounds() {
    let mutator = Mutator::new(Mutation::ALL)
        .tokens(&[b"TOKEN"])
        .bytes(Bytes::From(b"#"));
    let n = INPUT.len();
    for m in mutants(Mutation::FlipBit, &mutator, INPUT) {
        let diff: u32 = m.iter().zip(INPUT).map(|(a, b)| (a ^ b).count_ones()).sum();
        assert_eq!((m.len(), diff), (n, 1));
    }
    for m in mutants(Mutation::Truncate, &mutator, INPUT) {
        assert!(INPUT.starts_with(&m));
    }
    for m in mutants(Mutation::InsertByte, &mutator, INPUT) {
        assert_eq!(m.len(), n + 1);
        assert_eq!(m.iter().filter(|&&b| b == b'#').count(), 1);
    }
    for m in mutants(Mutation::OverwriteByte, &mutator, INPUT) {
        assert_eq!(m.len(), n);
        assert!(
            m.iter()
                .zip(INPUT)
                .filter(|(a, b)| a != b)
                .all(|(a, _)| *a == b'#')
        );
    }
    for m in mutants(Mutation::DeleteByte, &mutator, INPUT) {
        assert_eq!(m.len(), n - 1);
    }
    for m in mutants(Mutation::DeleteRun { max: 5 }, &mutator, INPUT) {
        assert!(m.len() + 4 >= n && m.len() <= n, "{}", m.len());
    }
    for m in mutants(Mutation::InsertToken, &mutator, INPUT) {
        assert_eq!(m.len(), n + 5);
        assert!(m.windows(5).any(|w| w == b"TOKEN"));
    }
    for m in mutants(Mutation::OverwriteToken, &mutator, INPUT) {
        assert!(m.len() >= n && m.len() <= n + 5);
        assert!(m.windows(5).any(|w| w == b"TOKEN"));
    }
    let mut interesting = 0;
    for m in mutants(Mutation::OverwriteU32, &mutator, INPUT) {
        assert_eq!(m.len(), n);
        let at = m.iter().zip(INPUT).position(|(a, b)| a != b);
        if let Some(at) = at.filter(|&at| at + 4 <= n) {
            let v = u32::from_be_bytes(m[at..at + 4].try_into().unwrap());
            interesting += usize::from(INTERESTING_U32.contains(&v));
        }
    }
    assert!(interesting > 100, "{interesting}");
    for m in mutants(Mutation::SpliceTail, &mutator, INPUT) {
        // Some head of the input followed by some tail of the donor.
        assert!(
            (0..=m.len().min(n)).any(|cut| INPUT[..cut] == m[..cut] && DONOR.ends_with(&m[cut..])),
            "{m:?}"
        );
    }
    for m in mutants(Mutation::InsertDonorRun { max: 4 }, &mutator, INPUT) {
        assert!(m.len() >= n && m.len() <= n + 3, "{}", m.len());
    }
    for m in mutants(Mutation::SpliceLines { max_lines: 2 }, &mutator, INPUT) {
        let text = String::from_utf8(m).unwrap();
        let donor_lines = text.lines().filter(|l| l.starts_with("DONOR")).count();
        assert!((1..=2).contains(&donor_lines), "{text}");
        // Inserted at a line start: every line is whole.
        assert!(
            text.lines()
                .all(|l| l.starts_with("line") || l.starts_with("DONOR")),
            "{text}"
        );
    }
    for m in mutants(Mutation::DuplicateRegion { max: 3 }, &mutator, INPUT) {
        assert!(m.len() > n && m.len() <= n + 3, "{}", m.len());
    }
}

#[test]
fn rounds_are_bounded() {
    let mutator = Mutator::new(&[Mutation::InsertByte]).rounds(3);
    let mut rng = XorShift::new(11);
    let mut counts = [0usize; 4];
    for _ in 0..1000 {
        let m = mutator.mutate(&mut rng, INPUT, &[DONOR]);
        let added = m.len() - INPUT.len();
        assert!((1..=3).contains(&added), "{added}");
        counts[added] += 1;
    }
    assert!(counts[1..].iter().all(|&c| c > 0), "{counts:?}");
}

#[test]
fn empty_inputs_donors_and_menus_never_panic() {
    let no_donors: &[&[u8]] = &[];
    let empty_donor: &[&[u8]] = &[b""];
    let mutator = Mutator::new(Mutation::ALL)
        .tokens(&[b"T"])
        .bytes(Bytes::Mixed(b"ab"));
    let mut rng = XorShift::new(5);
    for _ in 0..2000 {
        let _ = mutator.mutate(&mut rng, b"", no_donors);
        let _ = mutator.mutate(&mut rng, b"", empty_donor);
        let _ = mutator.mutate(&mut rng, b"x", empty_donor);
    }
    // No tokens, no donors: token and splice kinds leave the input alone.
    let bare = Mutator::new(Mutation::ALL);
    for kind in [
        Mutation::InsertToken,
        Mutation::OverwriteToken,
        Mutation::SpliceTail,
        Mutation::InsertDonorRun { max: 8 },
        Mutation::SpliceLines { max_lines: 3 },
    ] {
        let mut data = INPUT.to_vec();
        bare.apply(kind, &mut rng, &mut data, no_donors);
        assert_eq!(data, INPUT, "{kind:?}");
    }
    let none = Mutator::new(&[]);
    assert_eq!(none.mutate(&mut rng, INPUT, no_donors), INPUT);
}

#[test]
fn seeds_parse_in_decimal_and_hex() {
    assert_eq!(parse_seed("42"), Some(42));
    assert_eq!(parse_seed(" 0x9E37_79B9 "), Some(0x9E37_79B9));
    assert_eq!(parse_seed("0Xff"), Some(255));
    assert_eq!(parse_seed("nope"), None);
}

#[test]
fn fixtures_are_read_sorted_and_filtered() {
    let dir = testdata("steering");
    let all = read_fixtures(&dir, Some("json")).unwrap();
    assert!(all.len() >= 7, "{}", all.len());
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    names.sort();
    assert_eq!(all[0], std::fs::read(&names[0]).unwrap());
    assert!(read_fixtures(&testdata("no-such-dir"), None).is_err());
}

#[test]
fn presets_and_and_build_the_same_menu_as_new() {
    let built = Mutator::byte_edits().and(Mutation::SpliceTail);
    let listed = Mutator::new(&[
        Mutation::FlipBit,
        Mutation::Truncate,
        Mutation::InsertByte,
        Mutation::DeleteByte,
        Mutation::SpliceTail,
    ]);
    let (mut a, mut b) = (XorShift::new(21), XorShift::new(21));
    for _ in 0..300 {
        assert_eq!(
            built.mutate(&mut a, INPUT, &[DONOR]),
            listed.mutate(&mut b, INPUT, &[DONOR])
        );
    }
}
